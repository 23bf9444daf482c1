/**
 * Everything the Vault backend renders as text: ACL policies, the bootstrap Job scripts, agent-injector annotations,
 * Helm values. Pure functions, unit-tested; no secret value ever appears in them (values are read from mounted files).
 */
import type * as k8s from "@pulumi/kubernetes";
import { StackConfig } from "../config";
import { LABELS } from "../peers";

/** Where the service account token of a pod is mounted. */
const SA_TOKEN = "/var/run/secrets/kubernetes.io/serviceaccount/token";
/** Where the injector renders the env file of a workload. */
export const VAULT_ENV_FILE = "/vault/secrets/env";

/** `<appName>-<environment>`: prefix of every Vault policy and Kubernetes-auth role of the stack. */
export function vaultScope(config: Pick<StackConfig, "appName" | "environment">): string {
    return `${config.appName}-${config.environment}`;
}

/** Role (and policy) the bootstrap Jobs log in with; created once per stack by the init script. */
export function bootstrapRole(config: Pick<StackConfig, "appName" | "environment">): string {
    return `${vaultScope(config)}-bootstrap`;
}

export function workloadRole(config: Pick<StackConfig, "appName" | "environment">, workload: string): string {
    return `${vaultScope(config)}-${workload}`;
}

/** Path of a secret inside the KV v2 mount: `<appName>/<environment>/<name>`. */
export function kvPath(config: Pick<StackConfig, "appName" | "environment">, name: string): string {
    return `${config.appName}/${config.environment}/${name}`;
}

/** Read-only ACL policy on exactly the given KV v2 paths. */
export function readPolicy(kvMount: string, paths: string[]): string {
    if (paths.length === 0) throw new Error("a Vault read policy needs at least one path");
    return [...new Set(paths)]
        .sort()
        .map((p) => `path "${kvMount}/data/${p}" {\n  capabilities = ["read"]\n}\n`)
        .join("\n");
}

/** Policy of the bootstrap role: write the stack's KV paths, manage the stack's own policies and roles, nothing else. */
export function bootstrapPolicy(config: Pick<StackConfig, "appName" | "environment">, kvMount: string): string {
    const scope = vaultScope(config);
    return [
        `path "${kvMount}/data/${config.appName}/${config.environment}/*" {\n  capabilities = ["create", "update", "read"]\n}\n`,
        `path "${kvMount}/metadata/${config.appName}/${config.environment}/*" {\n  capabilities = ["read", "list"]\n}\n`,
        `path "sys/policies/acl/${scope}-*" {\n  capabilities = ["create", "update", "read"]\n}\n`,
        `path "auth/kubernetes/role/${scope}-*" {\n  capabilities = ["create", "update", "read"]\n}\n`,
    ].join("\n");
}

function shellQuote(value: string): string {
    return `'${value.replace(/'/g, `'"'"'`)}'`;
}

/** Logs the Job into Vault with its own service account token (Kubernetes auth). */
export function loginScript(role: string): string[] {
    return [
        "set -eu",
        `VAULT_TOKEN="$(vault write -field=token auth/kubernetes/login role=${shellQuote(role)} jwt=@${SA_TOKEN})"`,
        "export VAULT_TOKEN",
    ];
}

/** Writes the mounted files `<dir>/<key>` into the KV path (values never on the command line or in the script). */
export function writeSecretScript(role: string, kvMount: string, path: string, keys: string[], dir: string): string {
    if (keys.length === 0) throw new Error(`nothing to write to ${path}`);
    const pairs = [...keys]
        .sort()
        .map((k) => `${shellQuote(k)}=@${dir}/${k}`)
        .join(" ");
    return [
        ...loginScript(role),
        `vault kv put -mount=${shellQuote(kvMount)} ${shellQuote(path)} ${pairs} >/dev/null`,
        `echo "wrote ${kvMount}/${path}"`,
    ].join("\n");
}

/** Fails (and so fails `pulumi up`) when an externally managed secret is missing from Vault. */
export function checkExternalScript(role: string, kvMount: string, path: string): string {
    return [
        ...loginScript(role),
        `if ! vault kv get -mount=${shellQuote(kvMount)} ${shellQuote(path)} >/dev/null; then`,
        `  echo "external secret ${kvMount}/${path} is missing: create it first with: vault kv put -mount=${kvMount} ${path} value=..." >&2`,
        "  exit 1",
        "fi",
        `echo "found ${kvMount}/${path}"`,
    ].join("\n");
}

/** Writes a workload's read policy and its Kubernetes-auth role bound to the workload's service account. */
export function roleScript(bootstrap: string, role: string, policy: string, serviceAccount: string, namespace: string, ttl = "1h"): string {
    return [
        ...loginScript(bootstrap),
        `vault policy write ${shellQuote(role)} - <<'POLICY'`,
        policy.trimEnd(),
        "POLICY",
        `vault write auth/kubernetes/role/${shellQuote(role)} bound_service_account_names=${shellQuote(serviceAccount)} ` +
            `bound_service_account_namespaces=${shellQuote(namespace)} token_policies=${shellQuote(role)} token_ttl=${ttl} token_max_ttl=24h`,
        `echo "role ${role} bound to ${namespace}/${serviceAccount}"`,
    ].join("\n");
}

/**
 * One-time setup a Vault administrator runs after `vault operator init` (docs/data.md): enables KV v2 and the Kubernetes
 * auth method and creates the bootstrap role the Jobs log in with. Needs a privileged token, so it is not a Job.
 */
export function initScript(
    config: Pick<StackConfig, "appName" | "environment" | "namespace">,
    kvMount: string,
    bootstrapServiceAccount: string,
): string {
    const role = bootstrapRole(config);
    return [
        "set -eu",
        `vault secrets list -format=json | grep -q '"${kvMount}/"' || vault secrets enable -path=${kvMount} kv-v2`,
        "vault auth list -format=json | grep -q '\"kubernetes/\"' || vault auth enable kubernetes",
        'vault write auth/kubernetes/config kubernetes_host="https://kubernetes.default.svc"',
        `vault policy write ${role} - <<'POLICY'`,
        bootstrapPolicy(config, kvMount).trimEnd(),
        "POLICY",
        `vault write auth/kubernetes/role/${role} bound_service_account_names=${bootstrapServiceAccount} bound_service_account_namespaces=${config.namespace} token_policies=${role} token_ttl=15m`,
    ].join("\n");
}

export interface InjectedVar {
    env: string;
    path: string;
    key: string;
}

/** The projected volume Vault's agent logs in with (vault.hashicorp.com/agent-service-account-token-volume-name). */
export const VAULT_TOKEN_VOLUME = "vault-token";

/**
 * A short-lived token of the pod's service account for the Kubernetes auth login, mounted by the injector into the
 * agent containers only (the API server's default audience, which Vault's TokenReview accepts).
 */
export function vaultTokenVolume(): k8s.types.input.core.v1.Volume {
    return { name: VAULT_TOKEN_VOLUME, projected: { sources: [{ serviceAccountToken: { path: "token", expirationSeconds: 3600 } }] } };
}

/**
 * Agent-injector annotations: the agent sidecar logs in with the workload's role and renders every variable into
 * VAULT_ENV_FILE as `export NAME='value'` (the entrypoint sources it). Values stay in Vault and in memory (the
 * injector's volume is a tmpfs); the agent keeps running and re-renders on rotation.
 */
export function agentAnnotations(
    role: string,
    kvMount: string,
    vars: InjectedVar[],
    opts: { prePopulateOnly: boolean } = { prePopulateOnly: false },
): Record<string, string> {
    if (vars.length === 0) return {};
    const sorted = [...vars].sort((a, b) => a.env.localeCompare(b.env));
    const template = sorted
        .map((v) => `{{- with secret "${kvMount}/data/${v.path}" }}\nexport ${v.env}='{{ index .Data.data "${v.key}" }}'\n{{- end }}`)
        .join("\n");
    return {
        "vault.hashicorp.com/agent-inject": "true",
        "vault.hashicorp.com/role": role,
        "vault.hashicorp.com/agent-inject-secret-env": `${kvMount}/data/${sorted[0].path}`,
        "vault.hashicorp.com/agent-inject-template-env": `${template}\n`,
        "vault.hashicorp.com/agent-requests-cpu": "25m",
        "vault.hashicorp.com/agent-limits-cpu": "250m",
        "vault.hashicorp.com/agent-requests-mem": "64Mi",
        "vault.hashicorp.com/agent-limits-mem": "128Mi",
        // A Job's pod must finish: an agent sidecar would run forever and the Job never complete.
        ...(opts.prePopulateOnly ? { "vault.hashicorp.com/agent-pre-populate-only": "true" } : {}),
        // The agent logs in with the projected token of vaultTokenVolume(); the app containers mount no token.
        "vault.hashicorp.com/agent-service-account-token-volume-name": VAULT_TOKEN_VOLUME,
        // The agent authenticates with the pod's service account token.
        [LABELS.needsApiToken]: "true",
    };
}

/** Helm values of the Vault chart: HA with integrated Raft storage, injector on, volumes kept when pods go. */
export function vaultHelmValues(release: string, replicas: number, highAvailability: boolean): Record<string, unknown> {
    const retryJoin = Array.from(
        { length: replicas },
        (_, i) => `  retry_join {\n    leader_api_addr = "http://${release}-${i}.${release}-internal:8200"\n  }`,
    ).join("\n");
    const config = [
        "ui = false",
        'listener "tcp" {\n  tls_disable = 1\n  address = "[::]:8200"\n  cluster_address = "[::]:8201"\n}',
        `storage "raft" {\n  path = "/vault/data"\n${retryJoin}\n}`,
        'service_registration "kubernetes" {}',
    ].join("\n");
    return {
        global: { enabled: true, tlsDisable: true },
        injector: {
            enabled: true,
            replicas: highAvailability ? 2 : 1,
            resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "250m", memory: "128Mi" } },
        },
        server: {
            resources: { requests: { cpu: "250m", memory: "256Mi" }, limits: { cpu: "1", memory: "512Mi" } },
            dataStorage: { enabled: true, size: "10Gi" },
            auditStorage: { enabled: true, size: "10Gi" },
            persistentVolumeClaimRetentionPolicy: { whenDeleted: "Retain", whenScaled: "Retain" },
            standalone: { enabled: false },
            ha: { enabled: true, replicas, raft: { enabled: true, setNodeId: true, config } },
        },
        ui: { enabled: false },
    };
}
