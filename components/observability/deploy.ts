import * as pulumi from "@pulumi/pulumi";
import { overdueAfterSeconds } from "../shared/cron";
import { CacheLayer, DatabaseLayer, SecretsLayer, StackContext, WorkloadInfo } from "../contracts";
import { AlertRouting } from "./alert-routing";
import { AppMonitoring } from "./app-monitoring";
import { requestMetrics } from "./app-metrics";
import { DashboardConfigMaps } from "./dashboard-configmaps";
import { Logging } from "./logging";
import { MetricsApis, needsMetricsServer, requestScaledServices } from "../addons/metrics-apis";
import { PROMETHEUS_SERVICE } from "./kube-prometheus-values";
import { dataServiceScrapes } from "./managed-exporters";
import { MonitoringStack } from "./monitoring-stack";
import { BackupAlertInput } from "./stack-alerts";
import { StackMonitoring } from "./stack-monitoring";
import { probeJobName, UptimeProbes } from "./uptime-probes";
import { uptimeTargets } from "./uptime-targets";

export interface ObservabilityDeps {
    secrets: SecretsLayer;
    workloads: WorkloadInfo[];
    database?: DatabaseLayer;
    cache?: CacheLayer;
}

/**
 * The observability layer: logs (Loki + Alloy, or CloudWatch + Fluent Bit), the metrics APIs the HPAs read
 * (metrics-server, prometheus-adapter: addons.metricsServer / addons.prometheusAdapter), and when config.monitoring.enabled the
 * kube-prometheus-stack and blackbox charts (addons.kubePrometheusStack), a ServiceMonitor and PrometheusRule per app
 * service, exporter PodMonitors and stack alerts, Alertmanager routing, Grafana dashboards and uptime probes.
 * Returns the top-level components (for dependsOn).
 */
export function deployObservability(ctx: StackContext, deps: ObservabilityDeps): pulumi.Resource[] {
    const config = ctx.config;
    const opts = {};
    const name = config.appName;
    const out: pulumi.Resource[] = [];

    const logsWanted = config.logging.backend === "cloudwatch" || config.addons.loki;
    const logging = logsWanted ? new Logging(`${name}-logging`, { ctx }, opts) : undefined;
    if (logging) out.push(logging);

    const targets = config.monitoring.enabled && config.monitoring.uptimeProbes ? uptimeTargets(config) : [];
    const stack =
        config.monitoring.enabled && config.addons.kubePrometheusStack
            ? new MonitoringStack(
                  `${name}-monitoring`,
                  { ctx, secrets: deps.secrets, blackbox: targets.length > 0, lokiUrl: logging?.lokiUrl },
                  opts,
              )
            : undefined;
    if (stack) out.push(stack);
    // The HPAs' metrics APIs: metrics-server whatever the monitoring, the adapter on the stack's Prometheus.
    if (needsMetricsServer(config) || requestScaledServices(config).length > 0) {
        out.push(
            new MetricsApis(
                `${name}-metrics-apis`,
                {
                    config,
                    commonLabels: ctx.commonLabels,
                    provider: ctx.k8sProvider,
                    prometheus: stack ? PROMETHEUS_SERVICE : undefined,
                    dependsOn: stack ? [stack] : [],
                },
                opts,
            ),
        );
    }
    if (!config.monitoring.enabled) return out;
    // Custom resources wait for the operator's CRDs when the chart is ours.
    const crOpts = { ...opts, dependsOn: stack ? [stack] : [] };

    const llmServices = new Set(config.services.filter((s) => s.uses.externalHttps).map((s) => s.name));
    const metricsOf = (service: string) => requestMetrics(config.services.find((s) => s.name === service)?.metrics);
    for (const workload of deps.workloads) {
        out.push(
            new AppMonitoring(
                `${name}-${workload.name}-monitoring`,
                { ctx, workload, llm: llmServices.has(workload.name), metrics: metricsOf(workload.name) },
                crOpts,
            ),
        );
    }
    const probes = stack && targets.length > 0;
    out.push(
        new StackMonitoring(
            `${name}-stack-monitoring`,
            {
                ctx,
                scrapes: dataServiceScrapes(config, deps.database, deps.cache),
                alerts: {
                    backups: backupAlerts(ctx, deps.database),
                    certManager: config.addons.certManager && config.edge.tls.enabled && config.services.some((s) => s.route),
                    probeJob: probes ? probeJobName(name) : undefined,
                },
            },
            crOpts,
        ),
    );
    out.push(new AlertRouting(`${name}-alert-routing`, { ctx, secrets: deps.secrets }, crOpts));
    out.push(
        new DashboardConfigMaps(
            `${name}-dashboards`,
            { ctx, services: deps.workloads.map((w) => ({ name: w.name, metrics: metricsOf(w.name) })) },
            opts,
        ),
    );
    if (probes) out.push(new UptimeProbes(`${name}-uptime`, { ctx, targets }, crOpts));
    return out;
}

/** Backup alert inputs when the backup layer will run CronJobs for this database. */
export function backupAlerts(ctx: StackContext, database?: DatabaseLayer): BackupAlertInput | undefined {
    const backup = ctx.config.backup;
    if (!backup.enabled || !database) return undefined;
    return {
        databaseId: database.databaseId,
        backupMaxAgeSeconds: overdueAfterSeconds(backup.schedule, backup.activeDeadlineSeconds),
        verifyMaxAgeSeconds: overdueAfterSeconds(backup.verifySchedule, backup.activeDeadlineSeconds),
    };
}
