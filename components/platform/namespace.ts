import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { StackConfig } from "../config";
import { podSecurityLabels } from "../kubernetes";
import { defaultDenySpec } from "./default-deny";
import { containerLimitRange, quotaHard } from "./quota";

export interface AppNamespaceArgs {
    config: StackConfig;
    /** Labels on every object (the stack's common labels). */
    commonLabels: Record<string, string>;
    provider: k8s.Provider;
}

/**
 * The app namespace: Pod Security Standards enforced at the preset's level, a ResourceQuota and LimitRange sized from
 * the services, and a default-deny NetworkPolicy (ingress and egress; DNS to kube-dns allowed). Protected against
 * deletion where the preset protects stateful resources (deleting a namespace deletes its volumes).
 */
export class AppNamespace extends pulumi.ComponentResource {
    public readonly name: pulumi.Output<string>;
    public readonly namespace: k8s.core.v1.Namespace;

    constructor(name: string, args: AppNamespaceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("stack:platform:AppNamespace", name, {}, opts);
        const { config, commonLabels, provider } = args;
        const base = { parent: this, provider };

        this.namespace = new k8s.core.v1.Namespace(
            `${name}-namespace`,
            {
                metadata: { name: config.namespace, labels: { ...commonLabels, ...podSecurityLabels(config.preset.podSecurityEnforce) } },
            },
            { ...base, protect: config.preset.protectStatefulResources },
        );
        this.name = this.namespace.metadata.name;
        const meta = (suffix: string) => ({ name: `${config.namespace}-${suffix}`, namespace: this.name, labels: commonLabels });

        new k8s.core.v1.ResourceQuota(`${name}-quota`, { metadata: meta("quota"), spec: { hard: quotaHard(config) } }, base);
        const limits = containerLimitRange(config);
        new k8s.core.v1.LimitRange(
            `${name}-limits`,
            {
                metadata: meta("limits"),
                spec: { limits: [{ type: "Container", default: limits.default, defaultRequest: limits.defaultRequest, max: limits.max }] },
            },
            base,
        );
        new k8s.networking.v1.NetworkPolicy(`${name}-default-deny`, { metadata: meta("default-deny"), spec: defaultDenySpec() }, base);

        this.registerOutputs({ name: this.name });
    }
}
