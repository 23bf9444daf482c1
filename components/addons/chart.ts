import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { podSecurityLabels } from "../kubernetes";
import { ChartPin } from "./versions";

/** An upstream chart at its pinned version, installed into `namespace`. */
export function pinnedChart(
    name: string,
    pin: ChartPin,
    values: pulumi.Input<Record<string, unknown>>,
    opts: pulumi.ComponentResourceOptions & { provider: k8s.Provider },
    namespace: pulumi.Input<string> = pin.namespace,
): k8s.helm.v4.Chart {
    return new k8s.helm.v4.Chart(
        name,
        {
            chart: pin.chart,
            version: pin.version,
            namespace,
            ...(pin.repo ? { repositoryOpts: { repo: pin.repo } } : {}),
            values,
        },
        opts,
    );
}

/**
 * Namespace of an add-on with its Pod Security labels. `privileged` where a chart runs node agents with host access
 * (node-exporter: hostNetwork/hostPID; Fluent Bit: hostPath /var/log); audit and warn stay at restricted.
 */
export function addonNamespace(
    name: string,
    namespace: string,
    level: "privileged" | "baseline" | "restricted",
    commonLabels: Record<string, string>,
    opts: pulumi.CustomResourceOptions,
): k8s.core.v1.Namespace {
    const pss =
        level === "privileged"
            ? { ...podSecurityLabels("baseline"), "pod-security.kubernetes.io/enforce": "privileged" }
            : podSecurityLabels(level);
    return new k8s.core.v1.Namespace(name, { metadata: { name: namespace, labels: { ...commonLabels, ...pss } } }, opts);
}

export interface AddonChartArgs {
    pin: ChartPin;
    /** Chart values (an output where they carry a resource's attribute, e.g. the Vault unseal key). */
    values: pulumi.Input<Record<string, unknown>>;
    commonLabels: Record<string, string>;
    provider: k8s.Provider;
    /** Pod Security Standard enforced on the add-on's namespace. Default "restricted". */
    podSecurity?: "baseline" | "restricted";
    /** Namespace of the release, for add-ons installed once per stack. Default: the pin's namespace. */
    namespace?: string;
}

/** An upstream chart at its pinned version, in its own namespace (created here, with Pod Security labels). */
export class AddonChart extends pulumi.ComponentResource {
    public readonly chart: k8s.helm.v4.Chart;
    public readonly namespace: k8s.core.v1.Namespace;

    constructor(name: string, args: AddonChartArgs, opts?: pulumi.ComponentResourceOptions) {
        super("stack:addons:AddonChart", name, {}, opts);
        const { pin, provider } = args;
        this.namespace = addonNamespace(
            `${name}-namespace`,
            args.namespace ?? pin.namespace,
            args.podSecurity ?? "restricted",
            args.commonLabels,
            {
                parent: this,
                provider,
            },
        );
        this.chart = pinnedChart(`${name}-chart`, pin, args.values, { parent: this, provider }, this.namespace.metadata.name);
        this.registerOutputs({ namespace: this.namespace.metadata.name });
    }
}
