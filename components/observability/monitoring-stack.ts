import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { strongPassword } from "../shared/passwords";
import { ADDON_VERSIONS } from "../addons/versions";
import { SecretsLayer, StackContext } from "../contracts";
import { childOpts } from "../kubernetes";
import { addonNamespace, pinnedChart } from "../addons/chart";
import { kubePrometheusValues } from "./kube-prometheus-values";
import { blackboxValues } from "./uptime-targets";

export interface MonitoringStackArgs {
    ctx: StackContext;
    secrets: SecretsLayer;
    /** Install the blackbox exporter (config monitoring.uptimeProbes). */
    blackbox: boolean;
    /** Loki datasource for Grafana, when logs go to Loki. */
    lokiUrl?: string;
}

/** Name of the Secret (monitoring namespace) Grafana reads its admin credentials from. */
export const GRAFANA_ADMIN_SECRET = "grafana-admin";

/**
 * kube-prometheus-stack (Prometheus, Alertmanager, Grafana, kube-state-metrics, node-exporter) and the blackbox
 * exporter, from their upstream charts at the versions pinned in components/addons/versions.ts.
 *
 * Grafana's admin password is generated (32 characters), stored in the secrets backend under "grafana-admin" (where
 * operators read it) and mirrored as a Kubernetes Secret in the monitoring namespace for the chart's existingSecret: a
 * Secret cannot be read across namespaces and SecretsLayer.store() only writes the app namespace.
 */
export class MonitoringStack extends pulumi.ComponentResource {
    public readonly namespace: string;

    constructor(name: string, args: MonitoringStackArgs, opts?: pulumi.ComponentResourceOptions) {
        super("stack:observability:MonitoringStack", name, {}, opts);
        const { ctx } = args;
        const config = ctx.config;
        this.namespace = ADDON_VERSIONS.kubePrometheusStack.namespace;
        const ns = addonNamespace(`${name}-namespace`, this.namespace, "privileged", ctx.commonLabels, childOpts(this, ctx));

        const password = strongPassword(`${name}-grafana-admin`, this);
        args.secrets.store(GRAFANA_ADMIN_SECRET, { "admin-user": "admin", "admin-password": password }, { parent: this });
        const adminSecret = new k8s.core.v1.Secret(
            `${name}-grafana-admin-secret`,
            {
                metadata: { name: GRAFANA_ADMIN_SECRET, namespace: this.namespace, labels: ctx.commonLabels },
                type: "Opaque",
                stringData: { "admin-user": "admin", "admin-password": password },
            },
            childOpts(this, ctx, { dependsOn: [ns] }),
        );

        const ha = config.preset.requireHighAvailability;
        const values = kubePrometheusValues({
            appName: config.appName,
            retention: config.monitoring.retention,
            storageSize: config.monitoring.storageSize,
            grafanaAdminSecret: GRAFANA_ADMIN_SECRET,
            lokiUrl: args.lokiUrl,
            alertmanagerReplicas: ha ? 3 : 1,
            prometheusReplicas: ha ? 2 : 1,
        });
        const kps = pinnedChart(`${name}-kube-prometheus-stack`, ADDON_VERSIONS.kubePrometheusStack, values, {
            parent: this,
            provider: ctx.k8sProvider,
            dependsOn: [ns, adminSecret],
        });
        if (args.blackbox)
            pinnedChart(`${name}-blackbox-exporter`, ADDON_VERSIONS.blackboxExporter, blackboxValues(), {
                parent: this,
                provider: ctx.k8sProvider,
                dependsOn: [ns, kps],
            });
        this.registerOutputs({ namespace: this.namespace });
    }
}
