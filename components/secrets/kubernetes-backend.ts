/**
 * Kubernetes-native backend (`secrets.backend: kubernetes`, dev only): generated values are Kubernetes Secrets the stack
 * writes (their data a secret output end to end, never a file or a ConfigMap); external values (API keys, alert
 * webhooks) are Secrets the operator creates out of band with kubectl (docs/runbooks/secret-rotation.md), declared on
 * every object that reads them with the EXTERNAL_REFS_ANNOTATION (components/peers.ts), so the stack's contracts can
 * tell "provided out of band" from "missing". Pods read every value through secretKeyRef env. Nothing to install: a
 * bare cluster runs it.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ProvidedSecret, SecretRef, SecretsBackend, StackContext, WorkloadPod, WorkloadSecrets } from "../contracts";
import { namespacedMeta } from "../kubernetes";
import { externalSecretsAnnotation } from "../peers";
import { assertSecretName, secretLabel, slug } from "./names";
import { envFromRefs } from "./workload-env";

/** The key an external Secret holds its value under (`kubectl create secret generic <name> --from-literal=value=...`). */
export const EXTERNAL_KEY = "value";

export interface KubernetesSecretsArgs {
    ctx: StackContext;
}

export class KubernetesSecretsBackend extends pulumi.ComponentResource implements SecretsBackend {
    readonly backend = "kubernetes" as const;
    /** The Secret the stack wrote for each stored name. */
    readonly secrets = new Map<string, k8s.core.v1.Secret>();
    /** Names the operator must create (external()). */
    readonly externals = new Set<string>();
    private readonly ctx: StackContext;
    private readonly name: string;

    constructor(name: string, args: KubernetesSecretsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("stack:secrets:KubernetesSecrets", name, {}, opts);
        this.ctx = args.ctx;
        this.name = name;
        this.registerOutputs({});
    }

    store(name: string, values: Record<string, pulumi.Input<string>>, opts?: { parent?: pulumi.Resource }): SecretRef[] {
        assertSecretName(name);
        if (this.secrets.has(name) || this.externals.has(name)) throw new Error(`secret "${name}" is stored twice`);
        const secret = new k8s.core.v1.Secret(
            `${this.name}-${slug(name)}`,
            {
                metadata: namespacedMeta(this.ctx, name, secretLabel(name)),
                type: "Opaque",
                stringData: pulumi.secret(pulumi.output(values)) as pulumi.Output<Record<string, string>>,
            },
            { parent: opts?.parent ?? this, provider: this.ctx.k8sProvider },
        );
        this.secrets.set(name, secret);
        return Object.keys(values).map((key) => ({ secretName: name, key }));
    }

    external(name: string): SecretRef {
        assertSecretName(name);
        if (this.secrets.has(name)) throw new Error(`secret "${name}" is stored by the stack and cannot also be external`);
        this.externals.add(name);
        return { secretName: name, key: EXTERNAL_KEY };
    }

    forWorkload(_workload: string, env: Record<string, SecretRef>, _pod?: WorkloadPod): WorkloadSecrets {
        const names = new Set(Object.values(env).map((r) => r.secretName));
        return {
            env: envFromRefs(env),
            podAnnotations: externalSecretsAnnotation([...names].filter((n) => this.externals.has(n))),
            dependsOn: [...names].flatMap((n) => (this.secrets.has(n) ? [this.secrets.get(n)!] : [])),
        };
    }

    kubernetesSecret(name: string): ProvidedSecret {
        return { ref: this.external(name), dependsOn: [], annotations: externalSecretsAnnotation([name]) };
    }
}
