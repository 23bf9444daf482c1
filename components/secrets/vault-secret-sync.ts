/**
 * External secrets of the Vault backend as Kubernetes Secrets, for controllers that read Secrets themselves and cannot
 * take the agent's env file (Alertmanager's receivers): External Secrets Operator with a Vault SecretStore per secret
 * (Kubernetes auth, a role that reads exactly that KV path, bound to a service account of its own) and an
 * ExternalSecret writing the Secret the reader names. The operator chart is the secrets backend's add-on.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { AddonChart } from "../addons/chart";
import { ADDON_VERSIONS } from "../addons/versions";
import { ProvidedSecret, StackContext } from "../contracts";
import { namespacedMeta } from "../kubernetes";
import { ESO_API_VERSION, esoChartValues, externalSecretSpec, vaultSecretStoreSpec } from "./external-secret";
import { secretLabel, slug } from "./names";
import { vaultJob } from "./vault-job";
import { bootstrapRole, kvPath, readPolicy, roleScript, workloadRole } from "./vault-scripts";

/** Service account ESO logs into Vault as (a token is requested per login; nothing is mounted). */
export const VAULT_SYNC_SERVICE_ACCOUNT = "vault-secret-sync";

export interface VaultSecretSyncArgs {
    ctx: StackContext;
    vaultAddress: string;
    kvMount: string;
    /** Secret whose `ca.crt` verifies Vault's TLS listener. Default: none (plain HTTP, or a publicly trusted address). */
    caSecret?: string;
    /** What the role Jobs wait for (the Vault chart, the bootstrap account and policy). */
    vaultReady: pulumi.Resource[];
}

/** Role of the sync of one secret: reads that secret's KV path only. */
export function syncRole(config: StackContext["config"], name: string): string {
    return workloadRole(config, `sync-${name}`);
}

export class VaultSecretSync extends pulumi.ComponentResource {
    private readonly args: VaultSecretSyncArgs;
    private readonly name: string;
    private readonly ready: pulumi.Resource[];
    private readonly provided = new Map<string, ProvidedSecret>();

    constructor(name: string, args: VaultSecretSyncArgs, opts?: pulumi.ComponentResourceOptions) {
        super("stack:secrets:VaultSecretSync", name, {}, opts);
        this.args = args;
        this.name = name;
        const { ctx } = args;
        const operator = ctx.config.addons.secretsBackend
            ? new AddonChart(
                  "external-secrets",
                  {
                      pin: ADDON_VERSIONS.externalSecrets,
                      commonLabels: ctx.commonLabels,
                      provider: ctx.k8sProvider,
                      values: esoChartValues(ctx.config),
                  },
                  { parent: this },
              )
            : undefined;
        const serviceAccount = new k8s.core.v1.ServiceAccount(
            `${name}-sa`,
            { metadata: namespacedMeta(ctx, VAULT_SYNC_SERVICE_ACCOUNT), automountServiceAccountToken: false },
            { parent: this, provider: ctx.k8sProvider },
        );
        this.ready = [serviceAccount, ...(operator ? [operator.chart] : [])];
        this.registerOutputs({});
    }

    /** The Secret `name` (key `value`) synced from Vault; `exists` is what proves the KV entry is there. */
    provide(name: string, exists: pulumi.Resource[]): ProvidedSecret {
        const known = this.provided.get(name);
        if (known) return known;
        const { ctx, vaultAddress, kvMount } = this.args;
        const config = ctx.config;
        const base = `${this.name}-${slug(name)}`;
        const role = syncRole(config, name);
        const path = kvPath(config, name);
        const roleJob = vaultJob(
            `${base}-role`,
            ctx,
            {
                vaultAddress,
                script: roleScript(bootstrapRole(config), role, readPolicy(kvMount, [path]), VAULT_SYNC_SERVICE_ACCOUNT, config.namespace),
            },
            { parent: this, dependsOn: this.args.vaultReady },
        );
        const storeName = `vault-${name}`;
        const store = new k8s.apiextensions.CustomResource(
            `${base}-store`,
            {
                apiVersion: ESO_API_VERSION,
                kind: "SecretStore",
                metadata: namespacedMeta(ctx, storeName),
                spec: vaultSecretStoreSpec(vaultAddress, kvMount, role, VAULT_SYNC_SERVICE_ACCOUNT, this.args.caSecret),
            },
            { parent: this, provider: ctx.k8sProvider, dependsOn: [...this.ready, roleJob] },
        );
        const labels = secretLabel(name);
        const sync = new k8s.apiextensions.CustomResource(
            `${base}-sync`,
            {
                apiVersion: ESO_API_VERSION,
                kind: "ExternalSecret",
                metadata: namespacedMeta(ctx, name, labels),
                spec: externalSecretSpec(storeName, path, name, { ...ctx.commonLabels, ...labels }),
            },
            { parent: this, provider: ctx.k8sProvider, dependsOn: [store, ...exists] },
        );
        const provided = { ref: { secretName: name, key: "value" }, dependsOn: [sync], annotations: {} };
        this.provided.set(name, provided);
        return provided;
    }
}
