import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { StackContext } from "../contracts";
import { childOpts, namespacedMeta } from "../kubernetes";
import { LABELS } from "../peers";
import { RequestMetrics } from "./app-metrics";
import { Dashboard, loadDashboards, renderServiceDashboard, serviceDashboardConstants } from "./dashboards";
import { DASHBOARD_LABEL } from "./kube-prometheus-values";

export interface DashboardConfigMapsArgs {
    ctx: StackContext;
    /** Dashboards to provision. Default: every file in components/observability/dashboards. */
    dashboards?: Dashboard[];
    /** App services and their request metrics: each per-service dashboard is rendered once for each. */
    services: { name: string; metrics: RequestMetrics }[];
}

/** The dashboards as provisioned: stack-wide ones as they are, per-service ones once per service. */
export function stackDashboards(dashboards: Dashboard[], scope: string, services: DashboardConfigMapsArgs["services"]): Dashboard[] {
    return dashboards.flatMap((d) =>
        d.perService ? services.map((s) => renderServiceDashboard(d, scope, serviceDashboardConstants(s.name, s.metrics))) : [d],
    );
}

/**
 * One ConfigMap per Grafana dashboard (per service for the per-service ones) in the app namespace, labelled for
 * Grafana's sidecar (it searches all namespaces).
 */
export class DashboardConfigMaps extends pulumi.ComponentResource {
    constructor(name: string, args: DashboardConfigMapsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("stack:observability:DashboardConfigMaps", name, {}, opts);
        const { ctx } = args;
        const scope = `${ctx.config.appName}/${ctx.config.environment}`;
        for (const dashboard of stackDashboards(args.dashboards ?? loadDashboards(), scope, args.services)) {
            new k8s.core.v1.ConfigMap(
                `${name}-${dashboard.name}`,
                {
                    metadata: namespacedMeta(ctx, `${ctx.config.appName}-dashboard-${dashboard.name}`, {
                        [DASHBOARD_LABEL.key]: DASHBOARD_LABEL.value,
                        [LABELS.component]: "monitoring",
                    }),
                    data: { [`${dashboard.name}.json`]: dashboard.json },
                },
                childOpts(this, ctx),
            );
        }
        this.registerOutputs({});
    }
}
