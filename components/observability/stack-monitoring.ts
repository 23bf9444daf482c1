import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { StackContext } from "../contracts";
import { childOpts, namespacedMeta } from "../kubernetes";
import { LABELS } from "../peers";
import { EXPORTERS } from "./exporters";
import { ManagedExporter } from "./managed-exporter";
import { DataServiceScrapes } from "./managed-exporters";
import { exporterPodMonitorSpec } from "./scrape-specs";
import { StackAlertInput, stackRuleGroup } from "./stack-alerts";

export interface StackMonitoringArgs {
    ctx: StackContext;
    /**
     * How the data services are scraped (managed-exporters.ts dataServiceScrapes): PodMonitors of in-cluster sidecars,
     * standalone exporters of managed services. Default: none (no data-service alerts).
     */
    scrapes?: DataServiceScrapes;
    /** Alert inputs other than appName, namespace and thresholds (backups, certificates, probes). */
    alerts: Omit<StackAlertInput, "appName" | "namespace" | "thresholds" | "database" | "cache">;
}

/**
 * Stack-level monitoring: PodMonitors of the in-cluster data-service exporters, exporters of the managed ones, and the
 * stack's PrometheusRule. The connection and cache alerts exist exactly where their metrics are scraped.
 */
export class StackMonitoring extends pulumi.ComponentResource {
    constructor(name: string, args: StackMonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
        super("stack:observability:StackMonitoring", name, {}, opts);
        const { ctx } = args;
        const config = ctx.config;
        const scrapes = args.scrapes ?? { podMonitors: [], managed: [] };
        for (const spec of scrapes.managed) new ManagedExporter(`${name}-${spec.role}`, { ctx, spec }, { parent: this });
        const scraped = (sidecars: DataServiceScrapes["podMonitors"], managed: string) =>
            sidecars.some((s) => scrapes.podMonitors.includes(s)) || scrapes.managed.some((m) => m.role === managed);
        for (const role of scrapes.podMonitors) {
            const exporter = EXPORTERS[role];
            new k8s.apiextensions.CustomResource(
                `${name}-${role}-podmonitor`,
                {
                    apiVersion: "monitoring.coreos.com/v1",
                    kind: "PodMonitor",
                    metadata: namespacedMeta(ctx, `${config.appName}-${role}`, { [LABELS.component]: "monitoring" }),
                    spec: ctx.namespace.apply((ns) => exporterPodMonitorSpec(exporter, ns)),
                },
                childOpts(this, ctx),
            );
        }
        new k8s.apiextensions.CustomResource(
            `${name}-rules`,
            {
                apiVersion: "monitoring.coreos.com/v1",
                kind: "PrometheusRule",
                metadata: namespacedMeta(ctx, `${config.appName}-stack-alerts`, {
                    [LABELS.name]: config.appName,
                    [LABELS.component]: "monitoring",
                }),
                spec: ctx.namespace.apply((ns) => ({
                    groups: [
                        stackRuleGroup({
                            ...args.alerts,
                            appName: config.appName,
                            namespace: ns,
                            thresholds: config.monitoring.alerts,
                            database:
                                scraped(["postgres", "postgresStatefulSet"], "postgres-exporter") &&
                                scrapes.podMonitors.includes("pgbouncer"),
                            cache: scraped(["redis"], "redis-exporter"),
                        }),
                    ],
                })),
            },
            childOpts(this, ctx),
        );
        this.registerOutputs({});
    }
}
