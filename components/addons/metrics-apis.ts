/**
 * The metrics APIs the HPAs read: metrics-server (metrics.k8s.io, CPU and memory) and prometheus-adapter
 * (custom.metrics.k8s.io, the requests-per-second Pods metric), from their upstream charts at the pins in versions.ts.
 * Each is installed only where an HPA needs it and its switch (addons.metricsServer, addons.prometheusAdapter) is on.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ServiceConfig, StackConfig } from "../config";
import { REQUESTS_PER_SECOND_METRIC } from "../peers";
import { AddonChart } from "./chart";
import { ADDON_VERSIONS } from "./versions";

/** Window of the rate behind http_requests_per_second: four scrapes at 15 s, short enough for the HPA to react. */
export const REQUESTS_RATE_WINDOW = "1m";

/** One discovery rule of prometheus-adapter, in the chart's `rules.custom[]` shape (the adapter's config format). */
export interface AdapterRule {
    seriesQuery: string;
    resources: { overrides: Record<string, { resource: string }> };
    name: { matches: string; as: string };
    metricsQuery: string;
}

/** Services whose HPA reads the requests-per-second Pods metric. */
export function requestScaledServices(config: Pick<StackConfig, "services">): ServiceConfig[] {
    return config.services.filter((s) => s.autoscaling?.requestsPerSecond !== undefined);
}

/** metrics-server is needed when any service has an HPA (every HPA has CPU and memory targets). */
export function needsMetricsServer(config: Pick<StackConfig, "services">): boolean {
    return config.services.some((s) => s.autoscaling !== undefined);
}

/**
 * One rule per request counter: http_requests_per_second per pod is the rate of the counter summed over the pod's
 * series, restricted to the stack's namespace and the services that scale on it (their ServiceMonitors pin `job` to
 * the service name; the operator adds `namespace` and `pod`). Config validation makes the services that scale on
 * requests share one counter, since the adapter serves one series per metric name and resource.
 */
export function adapterRules(config: Pick<StackConfig, "services" | "namespace">): AdapterRule[] {
    const byCounter = new Map<string, string[]>();
    for (const svc of requestScaledServices(config)) {
        byCounter.set(svc.metrics.requests, [...(byCounter.get(svc.metrics.requests) ?? []), svc.name]);
    }
    return [...byCounter.entries()].map(([counter, services]) => ({
        seriesQuery: `${counter}{namespace="${config.namespace}",job=~"${services.join("|")}",pod!=""}`,
        resources: { overrides: { namespace: { resource: "namespace" }, pod: { resource: "pod" } } },
        name: { matches: `^${counter}$`, as: REQUESTS_PER_SECOND_METRIC },
        metricsQuery: `sum(rate(<<.Series>>{<<.LabelMatchers>>}[${REQUESTS_RATE_WINDOW}])) by (<<.GroupBy>>)`,
    }));
}

function availability(config: StackConfig): Record<string, unknown> {
    const ha = config.preset.requireHighAvailability;
    return {
        replicas: ha ? 2 : 1,
        podDisruptionBudget: ha ? { enabled: true, maxUnavailable: 1 } : { enabled: false },
    };
}

export function metricsServerValues(config: StackConfig): Record<string, unknown> {
    return {
        ...availability(config),
        resources: { requests: { cpu: "100m", memory: "200Mi" }, limits: { cpu: "1", memory: "400Mi" } },
    };
}

/**
 * prometheus-adapter values: the stack's Prometheus, the generated rules only (the chart's default rules would list
 * every container_* series as a custom metric), no resource-metrics rules (metrics-server serves metrics.k8s.io).
 */
export function prometheusAdapterValues(config: StackConfig, prometheus: { url: string; port: number }): Record<string, unknown> {
    return {
        ...availability(config),
        prometheus: { url: prometheus.url, port: prometheus.port },
        rules: { default: false, custom: adapterRules(config), external: [] },
        resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "512Mi" } },
    };
}

export interface MetricsApisArgs {
    config: StackConfig;
    commonLabels: Record<string, string>;
    provider: k8s.Provider;
    /** Prometheus the adapter queries (the kube-prometheus-stack service), when the stack runs one. */
    prometheus?: { url: string; port: number };
    /** Resources the adapter waits for (the Prometheus chart). Default none. */
    dependsOn?: pulumi.Resource[];
}

/** metrics-server and prometheus-adapter, each in its own namespace under restricted Pod Security. */
export class MetricsApis extends pulumi.ComponentResource {
    public readonly resources: pulumi.Resource[] = [];

    constructor(name: string, args: MetricsApisArgs, opts?: pulumi.ComponentResourceOptions) {
        super("stack:addons:MetricsApis", name, {}, opts);
        const { config, provider } = args;
        if (config.addons.metricsServer && needsMetricsServer(config)) {
            this.resources.push(
                new AddonChart(
                    `${name}-metrics-server`,
                    { pin: ADDON_VERSIONS.metricsServer, values: metricsServerValues(config), commonLabels: args.commonLabels, provider },
                    { parent: this },
                ),
            );
        }
        if (config.addons.prometheusAdapter && args.prometheus && requestScaledServices(config).length > 0) {
            this.resources.push(
                new AddonChart(
                    `${name}-prometheus-adapter`,
                    {
                        pin: ADDON_VERSIONS.prometheusAdapter,
                        values: prometheusAdapterValues(config, args.prometheus),
                        commonLabels: args.commonLabels,
                        provider,
                    },
                    { parent: this, dependsOn: args.dependsOn },
                ),
            );
        }
        this.registerOutputs({});
    }
}
