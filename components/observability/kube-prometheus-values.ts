/**
 * Values for the kube-prometheus-stack chart. Pure, so tests read the values the chart gets.
 *
 * - Prometheus selects every ServiceMonitor, PodMonitor, Probe and PrometheusRule in the cluster (not only those with
 *   the chart's `release` label), so the stack's CRs in the app namespace are picked up.
 * - Alertmanager takes its routing from AlertmanagerConfig CRs labelled for this app, with no namespace matcher added
 *   (cert-manager and kube-state-metrics alerts carry other namespaces).
 * - kube-state-metrics exports the labels the alerts join on (service name, component, backup-of).
 * - Grafana's admin credentials come from an existing Secret; its dashboard sidecar loads ConfigMaps labelled
 *   grafana_dashboard=1 from every namespace.
 */
import { ADDON_NAMESPACES, LABELS } from "../peers";
import { toMebibytes } from "../shared/quantities";

export interface KubePrometheusValuesInput {
    appName: string;
    /** Prometheus retention (config monitoring.retention). */
    retention: string;
    /** Prometheus volume size (config monitoring.storageSize). */
    storageSize: string;
    /** Secret in the monitoring namespace with keys `admin-user` and `admin-password`. */
    grafanaAdminSecret: string;
    /** Loki URL added as a Grafana datasource, when logs go to Loki. */
    lokiUrl?: string;
    /** Alertmanager replicas. Default 1; 3 where HA is required. */
    alertmanagerReplicas: number;
    /** Prometheus replicas. Default 1; 2 where HA is required. */
    prometheusReplicas: number;
}

/** The chart's fullnameOverride: the prefix of every object it names. */
export const KPS_FULLNAME = "kps";

/** The Prometheus Service the chart creates (`<fullname>-prometheus`), for in-cluster clients (prometheus-adapter). */
export const PROMETHEUS_SERVICE = { url: `http://${KPS_FULLNAME}-prometheus.${ADDON_NAMESPACES.monitoring}.svc`, port: 9090 } as const;

/** Label and value Grafana's dashboard sidecar watches for. */
export const DASHBOARD_LABEL = { key: "grafana_dashboard", value: "1" } as const;

/** Label selecting this app's AlertmanagerConfig CRs. */
export function alertmanagerConfigLabels(appName: string): Record<string, string> {
    return { [LABELS.partOf]: appName, "prod-stack.io/alertmanager-config": "true" };
}

/** Kubernetes labels kube-state-metrics turns into `label_*` metric labels. */
export const KSM_LABEL_ALLOWLIST = [
    `pods=[${LABELS.name},${LABELS.component}]`,
    `jobs=[${LABELS.backupOf},${LABELS.component}]`,
    `cronjobs=[${LABELS.backupOf},${LABELS.component}]`,
];

const SELECT_ALL = {
    ruleSelectorNilUsesHelmValues: false,
    serviceMonitorSelectorNilUsesHelmValues: false,
    podMonitorSelectorNilUsesHelmValues: false,
    probeSelectorNilUsesHelmValues: false,
};

export function kubePrometheusValues(input: KubePrometheusValuesInput): Record<string, unknown> {
    const persistence = (size: string) => ({
        volumeClaimTemplate: { spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: size } } } },
    });
    return {
        fullnameOverride: KPS_FULLNAME,
        prometheus: {
            prometheusSpec: {
                ...SELECT_ALL,
                retention: input.retention,
                // Keep a margin under the volume so Prometheus deletes old blocks before the disk fills.
                retentionSize: retentionSizeFor(input.storageSize),
                replicas: input.prometheusReplicas,
                storageSpec: persistence(input.storageSize),
                resources: { requests: { cpu: "500m", memory: "2Gi" }, limits: { cpu: "2", memory: "4Gi" } },
            },
        },
        alertmanager: {
            alertmanagerSpec: {
                replicas: input.alertmanagerReplicas,
                alertmanagerConfigSelector: { matchLabels: alertmanagerConfigLabels(input.appName) },
                alertmanagerConfigNamespaceSelector: {},
                alertmanagerConfigMatcherStrategy: { type: "None" },
                storage: persistence("10Gi"),
                resources: { requests: { cpu: "50m", memory: "128Mi" }, limits: { cpu: "200m", memory: "256Mi" } },
            },
        },
        "kube-state-metrics": { metricLabelsAllowlist: KSM_LABEL_ALLOWLIST },
        grafana: {
            admin: { existingSecret: input.grafanaAdminSecret, userKey: "admin-user", passwordKey: "admin-password" },
            sidecar: {
                dashboards: { enabled: true, label: DASHBOARD_LABEL.key, labelValue: DASHBOARD_LABEL.value, searchNamespace: "ALL" },
                datasources: { enabled: true },
            },
            ...(input.lokiUrl ? { additionalDataSources: [{ name: "Loki", type: "loki", access: "proxy", url: input.lokiUrl }] } : {}),
            resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "500m", memory: "512Mi" } },
        },
    };
}

/** 85% of a byte quantity ("50Gi" -> "43520MB"), in the units Prometheus' retentionSize takes (MB = 2^20 bytes). */
export function retentionSizeFor(storageSize: string): string {
    const mib = toMebibytes(storageSize);
    return `${Math.max(1, Math.floor(mib * 0.85))}MB`;
}
