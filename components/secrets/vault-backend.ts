/**
 * Vault backend. Generated values reach Vault through a seed Kubernetes Secret that a bootstrap Job writes into KV v2
 * (Pulumi has no Vault provider in this project and cannot reach an in-cluster Vault at preview time). Platform
 * components (PgBouncer, Redis, backups) read the seed Secret; app pods get every variable from the Vault agent
 * injector (rendered into VAULT_ENV_FILE), and generated ones also as secretKeyRef env vars.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { AddonChart } from "../addons/chart";
import { ADDON_VERSIONS } from "../addons/versions";
import { ProvidedSecret, SecretRef, SecretsBackend, StackContext, WorkloadPod, WorkloadSecrets } from "../contracts";
import { namespacedMeta, networkPolicyPeers } from "../kubernetes";
import { assertSecretName, secretLabel, slug } from "./names";
import { BOOTSTRAP_SERVICE_ACCOUNT, VAULT_JOB_LABELS, vaultJob } from "./vault-job";
import { dataNetworkPolicy } from "../kubernetes/data-network-policy";
import { VAULT_PEER } from "../peers";
import { vaultSeal } from "./vault-seal";
import { vaultTls } from "./vault-tls";
import { SNAPSHOT_SERVICE_ACCOUNT, SnapshotTarget, vaultSnapshots } from "./vault-snapshots";
import {
    SNAPSHOT_POLICY,
    VAULT_CA_SECRET,
    VAULT_ENV_FILE,
    agentAnnotations,
    auditScript,
    bootstrapRole,
    checkExternalScript,
    kvPath,
    readPolicy,
    roleScript,
    vaultHelmValues,
    vaultScope,
    vaultTokenVolume,
    workloadRole,
    writeSecretScript,
} from "./vault-scripts";
import { envFromRefs } from "./workload-env";
import { VaultSecretSync } from "./vault-secret-sync";

export interface VaultBackendArgs {
    ctx: StackContext;
}

/** Helm release of the Vault chart (AddonChart "vault" -> release "vault-chart"): names the Service and the pods. */
export const VAULT_RELEASE = "vault-chart";
/** In-cluster address of the Vault the chart installs. */
/** Vault API port (the chart's default listener). */
export const VAULT_PORT = 8200;
export const IN_CLUSTER_VAULT_ADDR = `http://${VAULT_RELEASE}.${ADDON_VERSIONS.vault.namespace}.svc:${VAULT_PORT}`;
/** The same address when the listener terminates TLS (secrets.tls). */
export const IN_CLUSTER_VAULT_TLS_ADDR = IN_CLUSTER_VAULT_ADDR.replace(/^http:/, "https:");

type VaultConfig = Extract<StackContext["config"]["secrets"], { backend: "vault" }>;

export class VaultBackend extends pulumi.ComponentResource implements SecretsBackend {
    readonly backend = "vault" as const;
    readonly address: string;
    private readonly ctx: StackContext;
    private readonly name: string;
    private readonly vault: VaultConfig;
    private readonly ready: pulumi.Resource[];
    /** Secret with the CA the clients verify a TLS listener with (undefined: plain HTTP or an external Vault). */
    private readonly caSecret?: string;
    /** Job that wrote (stored) or checked (external) each secret. */
    private readonly jobs = new Map<string, { job: k8s.batch.v1.Job; external: boolean }>();
    private readonly workloads = new Set<string>();
    /** Created on the first external secret a controller reads as a Kubernetes Secret. */
    private sync?: VaultSecretSync;

    constructor(name: string, args: VaultBackendArgs, opts?: pulumi.ComponentResourceOptions) {
        super("stack:secrets:Vault", name, {}, opts);
        const { ctx } = args;
        const config = ctx.config;
        if (config.secrets.backend !== "vault") throw new Error("VaultBackend needs secrets.backend: vault");
        this.ctx = ctx;
        this.name = name;
        this.vault = config.secrets;
        const install = !this.vault.address && config.addons.secretsBackend;
        const tls = install && this.vault.tls;
        this.caSecret = tls ? VAULT_CA_SECRET : undefined;
        this.address = this.vault.address ?? (tls ? IN_CLUSTER_VAULT_TLS_ADDR : IN_CLUSTER_VAULT_ADDR);

        // The chart's server service account is named after the release.
        const seal = install ? vaultSeal(`${name}-seal`, ctx, this.vault.seal, VAULT_RELEASE, this) : undefined;
        const server = seal
            ? new AddonChart(
                  "vault",
                  {
                      pin: ADDON_VERSIONS.vault,
                      commonLabels: ctx.commonLabels,
                      provider: ctx.k8sProvider,
                      podSecurity: "baseline",
                      values: pulumi.all([seal.seal, seal.irsaRoleArn]).apply(([resolved, irsaRoleArn]) =>
                          vaultHelmValues({
                              release: VAULT_RELEASE,
                              replicas: this.vault.replicas,
                              highAvailability: config.preset.requireHighAvailability,
                              tls,
                              seal: resolved,
                              irsaRoleArn,
                          }),
                      ),
                  },
                  { parent: this },
              )
            : undefined;
        const certificates =
            server && tls ? vaultTls(`${name}-tls`, ctx, VAULT_RELEASE, server.namespace.metadata.name, this, [server.namespace]) : [];
        const serviceAccount = new k8s.core.v1.ServiceAccount(
            `${name}-bootstrap`,
            {
                metadata: namespacedMeta(ctx, BOOTSTRAP_SERVICE_ACCOUNT),
                automountServiceAccountToken: false,
            },
            { parent: this, provider: ctx.k8sProvider },
        );
        // The bootstrap Jobs talk to Vault only: to its pods in-cluster, or to the given address (port unknown to the
        // cluster network, so the usual Vault and HTTPS ports to any destination).
        const jobPolicy = dataNetworkPolicy(
            `${name}-bootstrap-netpol`,
            ctx,
            VAULT_JOB_LABELS,
            {
                ingress: [],
                egress: this.vault.address
                    ? [{ peers: [{ ipBlock: { cidr: "0.0.0.0/0" } }], ports: [443, VAULT_PORT] }]
                    : [{ peers: networkPolicyPeers(VAULT_PEER), ports: [VAULT_PORT] }],
            },
            this,
        );
        this.ready = [serviceAccount, jobPolicy, ...certificates, ...(server ? [server.chart] : [])];
        if (server) {
            vaultJob(
                `${name}-audit`,
                ctx,
                {
                    vaultAddress: this.address,
                    caSecret: this.caSecret,
                    script: auditScript(bootstrapRole(config), config, this.vault.audit),
                },
                { parent: this, dependsOn: this.ready },
            );
            const target = snapshotTarget(config);
            if (this.vault.snapshots.enabled && target) {
                const role = `${vaultScope(config)}-snapshot`;
                const roleJob = vaultJob(
                    `${name}-role-snapshot`,
                    ctx,
                    {
                        vaultAddress: this.address,
                        caSecret: this.caSecret,
                        script: roleScript(bootstrapRole(config), role, SNAPSHOT_POLICY, SNAPSHOT_SERVICE_ACCOUNT, config.namespace),
                    },
                    { parent: this, dependsOn: this.ready },
                );
                vaultSnapshots(
                    `${name}-snapshot`,
                    ctx,
                    {
                        schedule: this.vault.snapshots.schedule,
                        role,
                        vaultAddress: this.address,
                        vaultPort: VAULT_PORT,
                        caSecret: this.caSecret,
                        target,
                    },
                    this,
                    [roleJob],
                );
            }
        }
        this.registerOutputs({ address: this.address });
    }

    store(name: string, values: Record<string, pulumi.Input<string>>, opts?: { parent?: pulumi.Resource }): SecretRef[] {
        assertSecretName(name);
        if (this.jobs.has(name)) throw new Error(`secret "${name}" is stored twice`);
        const parent = opts?.parent ?? this;
        const ctx = this.ctx;
        const base = `${this.name}-${slug(name)}`;
        const keys = Object.keys(values);
        const seed = new k8s.core.v1.Secret(
            `${base}-seed`,
            {
                metadata: namespacedMeta(ctx, name, secretLabel(name), {
                    "prod-stack.io/vault-path": `${this.vault.kvMount}/${kvPath(ctx.config, name)}`,
                }),
                type: "Opaque",
                stringData: pulumi.secret(pulumi.output(values)) as pulumi.Output<Record<string, string>>,
            },
            { parent, provider: ctx.k8sProvider },
        );
        const job = vaultJob(
            `${base}-to-vault`,
            ctx,
            {
                vaultAddress: this.address,
                caSecret: this.caSecret,
                seedSecret: name,
                script: writeSecretScript(bootstrapRole(ctx.config), this.vault.kvMount, kvPath(ctx.config, name), keys, "/seed"),
            },
            { parent, dependsOn: [seed, ...this.ready] },
        );
        this.jobs.set(name, { job, external: false });
        return keys.map((key) => ({ secretName: name, key }));
    }

    external(name: string): SecretRef {
        assertSecretName(name);
        if (!this.jobs.has(name)) {
            const job = vaultJob(
                `${this.name}-${slug(name)}-check`,
                this.ctx,
                {
                    vaultAddress: this.address,
                    caSecret: this.caSecret,
                    script: checkExternalScript(bootstrapRole(this.ctx.config), this.vault.kvMount, kvPath(this.ctx.config, name)),
                },
                { parent: this, dependsOn: this.ready },
            );
            this.jobs.set(name, { job, external: true });
        }
        return { secretName: name, key: "value" };
    }

    /** The agent cannot serve a controller (Alertmanager): External Secrets copies the KV entry into a Secret. */
    kubernetesSecret(name: string): ProvidedSecret {
        this.external(name);
        this.sync ??= new VaultSecretSync(
            `${this.name}-sync`,
            { ctx: this.ctx, vaultAddress: this.address, kvMount: this.vault.kvMount, vaultReady: this.ready },
            { parent: this },
        );
        return this.sync.provide(name, [this.jobs.get(name)!.job]);
    }

    forWorkload(workload: string, env: Record<string, SecretRef>, pod: WorkloadPod = {}): WorkloadSecrets {
        if (Object.keys(env).length === 0) return { env: [], podAnnotations: {}, dependsOn: [] };
        if (this.workloads.has(workload)) throw new Error(`forWorkload("${workload}") called twice`);
        this.workloads.add(workload);
        const config = this.ctx.config;
        const role = workloadRole(config, workload);
        const vars = Object.entries(env).map(([envName, ref]) => ({ env: envName, path: kvPath(config, ref.secretName), key: ref.key }));
        const roleJob = vaultJob(
            `${this.name}-role-${workload}`,
            this.ctx,
            {
                vaultAddress: this.address,
                caSecret: this.caSecret,
                script: roleScript(
                    bootstrapRole(config),
                    role,
                    readPolicy(
                        this.vault.kvMount,
                        vars.map((v) => v.path),
                    ),
                    pod.serviceAccount ?? workload,
                    config.namespace,
                ),
            },
            { parent: this, dependsOn: this.ready },
        );
        const stored = Object.fromEntries(Object.entries(env).filter(([, ref]) => this.jobs.get(ref.secretName)?.external === false));
        const jobs = [...new Set(Object.values(env).map((r) => r.secretName))].flatMap((n) =>
            this.jobs.has(n) ? [this.jobs.get(n)!.job] : [],
        );
        return {
            env: envFromRefs(stored),
            podAnnotations: agentAnnotations(role, this.vault.kvMount, vars, {
                prePopulateOnly: pod.runsToCompletion ?? false,
                caSecret: this.caSecret,
            }),
            envFile: VAULT_ENV_FILE,
            podVolumes: [vaultTokenVolume()],
            // The agent reaches Vault where the bootstrap Jobs do: its pods in-cluster, or the configured address.
            egress: [this.vault.address ? { ipBlocks: ["0.0.0.0/0"], ports: [443, VAULT_PORT] } : { ...VAULT_PEER, ports: [VAULT_PORT] }],
            dependsOn: [roleJob, ...jobs],
        };
    }
}

/** Where the Raft snapshots go: the configured backup bucket (undefined when the backups have no named S3 bucket). */
export function snapshotTarget(config: StackContext["config"]): SnapshotTarget | undefined {
    const dest = config.backup.destination;
    if (dest.kind !== "s3" || !dest.bucket) return undefined;
    return { bucket: dest.bucket, region: dest.region, endpoint: dest.endpoint, credentialsSecret: dest.credentialsSecret };
}
