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
        // The config Job enables the stack's audit device (listing and enabling audit devices need sudo).
        `path "sys/audit" {\n  capabilities = ["read", "sudo"]\n}\n`,
        `path "sys/audit/${auditDevicePath(config)}" {\n  capabilities = ["create", "update", "sudo"]\n}\n`,
    ].join("\n");
}

/** Mount path of the stack's audit device. */
export function auditDevicePath(config: Pick<StackConfig, "appName" | "environment">): string {
    return `${vaultScope(config)}-audit`;
}

/** Where the file audit device writes: the chart's audit volume (server.auditStorage, mounted at /vault/audit). */
export const VAULT_AUDIT_FILE = "/vault/audit/vault-audit.log";

/** Enables the stack's audit device once (idempotent: an enabled device is left alone). */
export function auditScript(bootstrap: string, config: Pick<StackConfig, "appName" | "environment">, kind: "file" | "stdout"): string {
    const device = auditDevicePath(config);
    const filePath = kind === "file" ? VAULT_AUDIT_FILE : "stdout";
    return [
        ...loginScript(bootstrap),
        `if vault audit list -format=json 2>/dev/null | grep -q '"${device}/"'; then echo "audit device ${device} already enabled"; exit 0; fi`,
        `vault audit enable -path=${shellQuote(device)} file file_path=${shellQuote(filePath)}`,
        `echo "audit device ${device} writes to ${filePath}"`,
    ].join("\n");
}

/** Policy of the snapshot CronJob: take Raft snapshots, nothing else. */
export const SNAPSHOT_POLICY = `path "sys/storage/raft/snapshot" {\n  capabilities = ["read"]\n}\n`;

/** Where the snapshot pod's containers share the snapshot file. */
export const SNAPSHOT_DIR = "/snapshot";

/** Saves a Raft snapshot into SNAPSHOT_DIR (init container of the snapshot CronJob, vault image). */
export function snapshotSaveScript(role: string): string {
    return [...loginScript(role), `vault operator raft snapshot save ${SNAPSHOT_DIR}/vault.snap`, `echo "saved raft snapshot"`].join("\n");
}

/**
 * Uploads the snapshot with SSE-KMS (the bucket's key on AWS; the store's KMS on S3-compatible ones) under
 * `vault-snapshots/<scope>/<UTC timestamp>.snap`, where the backup lifecycle rules keep it.
 */
export function snapshotUploadScript(bucket: string, scope: string, endpoint?: string): string {
    const endpointFlag = endpoint ? ` --endpoint-url ${shellQuote(endpoint)}` : "";
    return [
        "set -eu",
        `key="vault-snapshots/${scope}/$(date -u +%Y%m%dT%H%M%SZ).snap"`,
        `test -s ${SNAPSHOT_DIR}/vault.snap`,
        `aws s3 cp ${SNAPSHOT_DIR}/vault.snap "s3://${bucket}/$key" --sse aws:kms --only-show-errors${endpointFlag}`,
        `echo "uploaded s3://${bucket}/$key"`,
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
    opts: { prePopulateOnly: boolean; caSecret?: string } = { prePopulateOnly: false },
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
        // A TLS listener: the injector mounts the CA Secret at /vault/tls and the agent verifies Vault against it.
        ...(opts.caSecret ? { "vault.hashicorp.com/tls-secret": opts.caSecret, "vault.hashicorp.com/ca-cert": VAULT_CA_FILE } : {}),
    };
}

/** Secret the chart mounts into the Vault servers (tls.crt, tls.key, ca.crt), issued by cert-manager. */
export const VAULT_SERVER_TLS_SECRET = "vault-server-tls";
const SERVER_TLS_DIR = `/vault/userconfig/${VAULT_SERVER_TLS_SECRET}`;
/** Secret in the app namespace whose ca.crt clients (agents, Jobs) verify Vault with. */
export const VAULT_CA_SECRET = "vault-ca";
/** Where clients mount VAULT_CA_SECRET (the injector's fixed mount for vault.hashicorp.com/tls-secret). */
export const VAULT_CA_DIR = "/vault/tls";
export const VAULT_CA_FILE = `${VAULT_CA_DIR}/ca.crt`;

/** How the servers unseal, resolved (config secrets.seal, with the KMS key the stack created where none is given). */
export type VaultSeal =
    | { kind: "awskms"; region: string; kmsKeyId: string }
    | { kind: "transit"; address: string; keyName: string; mountPath: string; tokenSecret: string }
    | { kind: "shamir" };

/** The seal stanza of the server config; none for Shamir (manual unseal, keys held offline: docs/runbooks/disaster-recovery.md). */
export function sealStanza(seal: VaultSeal): string | undefined {
    if (seal.kind === "awskms") return `seal "awskms" {\n  region = "${seal.region}"\n  kms_key_id = "${seal.kmsKeyId}"\n}`;
    if (seal.kind === "transit") {
        // The token comes from VAULT_TOKEN (server.extraSecretEnvironmentVars), never from the config file.
        return `seal "transit" {\n  address = "${seal.address}"\n  key_name = "${seal.keyName}"\n  mount_path = "${seal.mountPath}"\n}`;
    }
    return undefined;
}

export interface VaultServerOptions {
    release: string;
    replicas: number;
    highAvailability: boolean;
    /** TLS listener with the VAULT_SERVER_TLS_SECRET certificate. */
    tls: boolean;
    seal: VaultSeal;
    /** IAM role the server service account assumes (IRSA), for the awskms seal. */
    irsaRoleArn?: string;
}

/**
 * Helm values of the Vault chart: HA with integrated Raft storage, injector on, volumes kept when pods go; a TLS listener,
 * the seal and the audit volume from config.
 */
export function vaultHelmValues(opts: VaultServerOptions): Record<string, unknown> {
    const { release, replicas, tls, seal } = opts;
    const scheme = tls ? "https" : "http";
    const joinTls = tls ? `\n    leader_ca_cert_file = "${SERVER_TLS_DIR}/ca.crt"` : "";
    const retryJoin = Array.from(
        { length: replicas },
        (_, i) => `  retry_join {\n    leader_api_addr = "${scheme}://${release}-${i}.${release}-internal:8200"${joinTls}\n  }`,
    ).join("\n");
    const listener = tls
        ? `listener "tcp" {\n  address = "[::]:8200"\n  cluster_address = "[::]:8201"\n  tls_cert_file = "${SERVER_TLS_DIR}/tls.crt"\n  tls_key_file = "${SERVER_TLS_DIR}/tls.key"\n  tls_min_version = "tls12"\n}`
        : 'listener "tcp" {\n  tls_disable = 1\n  address = "[::]:8200"\n  cluster_address = "[::]:8201"\n}';
    const stanza = sealStanza(seal);
    const config = [
        "ui = false",
        listener,
        `storage "raft" {\n  path = "/vault/data"\n${retryJoin}\n}`,
        ...(stanza ? [stanza] : []),
        'service_registration "kubernetes" {}',
    ].join("\n");
    return {
        global: { enabled: true, tlsDisable: !tls },
        injector: {
            enabled: true,
            replicas: opts.highAvailability ? 2 : 1,
            resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "250m", memory: "128Mi" } },
        },
        server: {
            resources: { requests: { cpu: "250m", memory: "256Mi" }, limits: { cpu: "1", memory: "512Mi" } },
            dataStorage: { enabled: true, size: "10Gi" },
            auditStorage: { enabled: true, size: "10Gi" },
            persistentVolumeClaimRetentionPolicy: { whenDeleted: "Retain", whenScaled: "Retain" },
            ...(tls
                ? {
                      extraEnvironmentVars: { VAULT_CACERT: `${SERVER_TLS_DIR}/ca.crt` },
                      extraVolumes: [{ type: "secret", name: VAULT_SERVER_TLS_SECRET }],
                  }
                : {}),
            ...(seal.kind === "transit"
                ? { extraSecretEnvironmentVars: [{ envName: "VAULT_TOKEN", secretName: seal.tokenSecret, secretKey: "token" }] }
                : {}),
            ...(opts.irsaRoleArn ? { serviceAccount: { annotations: { "eks.amazonaws.com/role-arn": opts.irsaRoleArn } } } : {}),
            standalone: { enabled: false },
            ha: { enabled: true, replicas, raft: { enabled: true, setNodeId: true, config } },
        },
        ui: { enabled: false },
    };
}
