import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { StackContext, WorkloadInfo } from "../contracts";
import { childOpts, namespacedMeta } from "../kubernetes";
import { LABELS } from "../peers";
import { appRuleGroup } from "./app-alerts";
import { RequestMetrics } from "./app-metrics";
import { appServiceMonitorSpec } from "./scrape-specs";

export interface AppMonitoringArgs {
    ctx: StackContext;
    workload: WorkloadInfo;
    /** Add LLMDown (the service calls external LLM providers). Default false. */
    llm?: boolean;
    /** Base URL of docs for runbook links. Default: runbooks.ts DEFAULT_DOCS_BASE_URL. */
    docsBase?: string;
    /** The service's request metrics (config `services[].metrics`). Default: the schema defaults (http_requests_total, seconds). */
    metrics?: RequestMetrics;
}

/**
 * Monitoring of one app service: a ServiceMonitor scraping its metrics port and a PrometheusRule with its alerts, both
 * labelled `app.kubernetes.io/name: <service>` (the policy pack joins workloads to them on that label).
 */
export class AppMonitoring extends pulumi.ComponentResource {
    constructor(name: string, args: AppMonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
        super("stack:observability:AppMonitoring", name, {}, opts);
        const { ctx, workload } = args;
        const labels = { [LABELS.name]: workload.name, [LABELS.component]: "monitoring" };
        new k8s.apiextensions.CustomResource(
            `${name}-servicemonitor`,
            {
                apiVersion: "monitoring.coreos.com/v1",
                kind: "ServiceMonitor",
                metadata: namespacedMeta(ctx, workload.name, labels),
                spec: ctx.namespace.apply((ns) => appServiceMonitorSpec(workload, ns)),
            },
            childOpts(this, ctx),
        );
        new k8s.apiextensions.CustomResource(
            `${name}-rules`,
            {
                apiVersion: "monitoring.coreos.com/v1",
                kind: "PrometheusRule",
                metadata: namespacedMeta(ctx, `${workload.name}-alerts`, labels),
                spec: ctx.namespace.apply((ns) => ({
                    groups: [
                        appRuleGroup({
                            service: workload.name,
                            namespace: ns,
                            thresholds: ctx.config.monitoring.alerts,
                            llm: args.llm ?? false,
                            docsBase: args.docsBase,
                            metrics: args.metrics,
                        }),
                    ],
                })),
            },
            childOpts(this, ctx),
        );
        this.registerOutputs({});
    }
}
