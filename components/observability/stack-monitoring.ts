import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { StackContext } from "../contracts";
import { childOpts, namespacedMeta } from "../kubernetes";
import { LABELS } from "../peers";
import { EXPORTERS, ExporterScrape } from "./exporters";
import { exporterPodMonitorSpec } from "./scrape-specs";
import { StackAlertInput, stackRuleGroup } from "./stack-alerts";

export interface StackMonitoringArgs {
    ctx: StackContext;
    /** Scrape the Postgres and PgBouncer exporters and alert on connections. Default false. */
    database?: boolean;
    /** Scrape the Redis exporter and alert on the hit rate. Default false. */
    cache?: boolean;
    /** Alert inputs other than appName, namespace and thresholds (backups, certificates, probes). */
    alerts: Omit<StackAlertInput, "appName" | "namespace" | "thresholds" | "database" | "cache">;
}

/** Stack-level monitoring: PodMonitors of the data-service exporters and the stack's PrometheusRule. */
export class StackMonitoring extends pulumi.ComponentResource {
    constructor(name: string, args: StackMonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
        super("stack:observability:StackMonitoring", name, {}, opts);
        const { ctx } = args;
        const config = ctx.config;
        const exporters: [string, ExporterScrape][] = [
            ...(args.database
                ? ([
                      ["postgres", EXPORTERS.postgres],
                      ["pgbouncer", EXPORTERS.pgbouncer],
                  ] as [string, ExporterScrape][])
                : []),
            ...(args.cache ? ([["redis", EXPORTERS.redis]] as [string, ExporterScrape][]) : []),
        ];
        for (const [role, exporter] of exporters) {
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
                            database: args.database ?? false,
                            cache: args.cache ?? false,
                        }),
                    ],
                })),
            },
            childOpts(this, ctx),
        );
        this.registerOutputs({});
    }
}
