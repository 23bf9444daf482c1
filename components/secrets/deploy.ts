import * as pulumi from "@pulumi/pulumi";
import { SecretRef, SecretsBackend, SecretsLayer, StackContext, StoredValues } from "../contracts";
import { AwsSecretsManagerBackend } from "./aws-backend";
import { KubernetesSecretsBackend } from "./kubernetes-backend";
import { VaultBackend } from "./vault-backend";

const BACKENDS: Record<StackContext["config"]["secrets"]["backend"], (name: string, ctx: StackContext) => SecretsBackend> = {
    "aws-secrets-manager": (name, ctx) => new AwsSecretsManagerBackend(name, { ctx }),
    vault: (name, ctx) => new VaultBackend(name, { ctx }),
    kubernetes: (name, ctx) => new KubernetesSecretsBackend(name, { ctx }),
};

/**
 * The secrets layer: AWS Secrets Manager + External Secrets (aws target), Vault (cluster target), or plain Kubernetes
 * Secrets (dev, any target).
 */
export function deploySecrets(ctx: StackContext): SecretsLayer {
    const name = `${ctx.config.appName}-secrets`;
    const backend: SecretsBackend = BACKENDS[ctx.config.secrets.backend](name, ctx);
    return keyedByName(backend);
}

/** The layer the other layers see: the backend, with each store() answered as a record keyed by secret key. */
export function keyedByName(backend: SecretsBackend): SecretsLayer {
    return {
        backend: backend.backend,
        store: <V extends StoredValues>(name: string, values: V, opts?: { parent?: pulumi.Resource }) => {
            const defined = Object.fromEntries(
                Object.entries(values).filter((e): e is [string, pulumi.Input<string>] => e[1] !== undefined),
            );
            const byKey = new Map(backend.store(name, defined, opts).map((r): [string, SecretRef] => [r.key, r]));
            const missing = Object.keys(defined).filter((k) => !byKey.has(k));
            if (missing.length > 0) throw new Error(`secrets backend ${backend.backend} did not store ${missing.join(", ")} of ${name}`);
            return Object.fromEntries(byKey) as { [P in keyof V]: SecretRef };
        },
        external: (name) => backend.external(name),
        forWorkload: (workload, env, pod) => backend.forWorkload(workload, env, pod),
        kubernetesSecret: (name) => backend.kubernetesSecret(name),
    };
}
