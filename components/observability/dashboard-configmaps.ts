import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { StackContext } from "../contracts";
import { childOpts, namespacedMeta } from "../kubernetes";
import { LABELS } from "../peers";
import { Dashboard, loadDashboards } from "./dashboards";
import { DASHBOARD_LABEL } from "./kube-prometheus-values";

export interface DashboardConfigMapsArgs {
    ctx: StackContext;
    /** Dashboards to provision. Default: every file in components/observability/dashboards. */
    dashboards?: Dashboard[];
}

/** One ConfigMap per Grafana dashboard in the app namespace, labelled for Grafana's sidecar (it searches all namespaces). */
export class DashboardConfigMaps extends pulumi.ComponentResource {
    constructor(name: string, args: DashboardConfigMapsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("stack:observability:DashboardConfigMaps", name, {}, opts);
        const { ctx } = args;
        for (const dashboard of args.dashboards ?? loadDashboards()) {
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
