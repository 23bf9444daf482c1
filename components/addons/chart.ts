import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { podSecurityLabels } from "../kubernetes";
import { ChartPin } from "./versions";

export interface AddonChartArgs {
    pin: ChartPin;
    values: Record<string, unknown>;
    commonLabels: Record<string, string>;
    provider: k8s.Provider;
    /** Pod Security Standard enforced on the add-on's namespace. Default "restricted". */
    podSecurity?: "baseline" | "restricted";
}

/** An upstream chart at its pinned version, in its own namespace (created here, with Pod Security labels). */
export class AddonChart extends pulumi.ComponentResource {
    public readonly chart: k8s.helm.v4.Chart;
    public readonly namespace: k8s.core.v1.Namespace;

    constructor(name: string, args: AddonChartArgs, opts?: pulumi.ComponentResourceOptions) {
        super("stack:addons:AddonChart", name, {}, opts);
        const { pin, provider } = args;
        this.namespace = new k8s.core.v1.Namespace(`${name}-namespace`, {
            metadata: { name: pin.namespace, labels: { ...args.commonLabels, ...podSecurityLabels(args.podSecurity ?? "restricted") } },
        }, { parent: this, provider });
        this.chart = new k8s.helm.v4.Chart(`${name}-chart`, {
            chart: pin.chart,
            version: pin.version,
            namespace: this.namespace.metadata.name,
            ...(pin.repo ? { repositoryOpts: { repo: pin.repo } } : {}),
            values: args.values,
        }, { parent: this, provider });
        this.registerOutputs({ namespace: this.namespace.metadata.name });
    }
}
