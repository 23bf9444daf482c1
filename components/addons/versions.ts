/**
 * Upstream Helm charts of the cluster add-ons, pinned. One entry per add-on; bump here and nowhere else.
 * `repo` is a classic Helm repository; charts published as OCI artifacts carry the full `oci://` reference in `chart`.
 */
import { ADDON_NAMESPACES } from "../peers";

export interface ChartPin {
    chart: string;
    version: string;
    /** Helm repository URL (absent for OCI charts). */
    repo?: string;
    /** Namespace the release goes to. */
    namespace: string;
    /** Version of the software the chart ships, where it is not the chart's own (its CRDs come from that release). */
    appVersion?: string;
}

export const ADDON_VERSIONS = {
    /** cert-manager: ACME certificates for the Gateway listeners (Gateway API support enabled via config.enableGatewayAPI). */
    certManager: { chart: "cert-manager", version: "v1.19.4", repo: "https://charts.jetstack.io", namespace: ADDON_NAMESPACES.certManager },
    /** Envoy Gateway: Gateway API implementation; the chart ships the Gateway API CRDs. */
    envoyGateway: { chart: "oci://docker.io/envoyproxy/gateway-helm", version: "v1.9.0", namespace: ADDON_NAMESPACES.envoyGateway },
    /** External Secrets Operator: syncs AWS Secrets Manager entries into Kubernetes Secrets (API external-secrets.io/v1). */
    externalSecrets: {
        chart: "external-secrets",
        version: "1.3.2",
        repo: "https://charts.external-secrets.io",
        namespace: ADDON_NAMESPACES.externalSecrets,
    },
    /** HashiCorp Vault: HA server with integrated Raft storage + agent injector. Chart 0.32.0 ships Vault 1.21.2. */
    vault: { chart: "vault", version: "0.32.0", repo: "https://helm.releases.hashicorp.com", namespace: ADDON_NAMESPACES.vault },
    /** Zalando postgres-operator: Patroni/Spilo clusters using the Kubernetes API as Patroni's DCS. */
    postgresOperator: {
        chart: "postgres-operator",
        version: "1.14.0",
        repo: "https://opensource.zalando.com/postgres-operator/charts/postgres-operator",
        namespace: ADDON_NAMESPACES.postgresOperator,
    },
    /** kube-prometheus-stack: Prometheus Operator, Prometheus, Alertmanager, Grafana, kube-state-metrics, node-exporter. */
    kubePrometheusStack: {
        chart: "kube-prometheus-stack",
        version: "75.15.0",
        repo: "https://prometheus-community.github.io/helm-charts",
        namespace: ADDON_NAMESPACES.monitoring,
        appVersion: "v0.83.0",
    },
    /** Blackbox exporter: probes the public health endpoints (Probe CRs point at it). */
    blackboxExporter: {
        chart: "prometheus-blackbox-exporter",
        version: "9.0.1",
        repo: "https://prometheus-community.github.io/helm-charts",
        namespace: ADDON_NAMESPACES.monitoring,
    },
    /** Grafana Loki, single-binary mode with filesystem storage and compactor-driven retention. */
    loki: { chart: "loki", version: "6.29.0", repo: "https://grafana.github.io/helm-charts", namespace: ADDON_NAMESPACES.logging },
    /** Grafana Alloy: ships pod logs to Loki (Promtail is deprecated in its favour). */
    alloy: { chart: "alloy", version: "0.12.5", repo: "https://grafana.github.io/helm-charts", namespace: ADDON_NAMESPACES.logging },
    /** Fluent Bit: ships pod logs to CloudWatch Logs (aws target, logging.backend cloudwatch). */
    fluentBit: {
        chart: "fluent-bit",
        version: "0.47.0",
        repo: "https://fluent.github.io/helm-charts",
        namespace: ADDON_NAMESPACES.logging,
    },
    /** metrics-server (kubernetes-sigs): the metrics.k8s.io API the HPAs' CPU and memory targets read. Ships v0.8.1. */
    metricsServer: {
        chart: "metrics-server",
        version: "3.13.1",
        repo: "https://kubernetes-sigs.github.io/metrics-server/",
        namespace: ADDON_NAMESPACES.metricsServer,
        appVersion: "v0.8.1",
    },
    /** prometheus-adapter: the custom.metrics.k8s.io API serving Pods metrics (requests per second) from Prometheus. */
    prometheusAdapter: {
        chart: "prometheus-adapter",
        version: "5.3.0",
        repo: "https://prometheus-community.github.io/helm-charts",
        namespace: ADDON_NAMESPACES.prometheusAdapter,
        appVersion: "v0.12.0",
    },
    /**
     * external-dns: DNS records for the routed hosts from the stack's HTTPRoutes (gateway-httproute source, no CRD).
     * Per stack, in its own namespace (externalDnsNamespace); `namespace` here is only the fallback.
     */
    externalDns: {
        chart: "external-dns",
        version: "1.21.1",
        repo: "https://kubernetes-sigs.github.io/external-dns/",
        namespace: ADDON_NAMESPACES.externalDns,
        appVersion: "v0.21.0",
    },
    /** AWS Load Balancer Controller: provisions the NLB for the Envoy proxy Service (aws target). */
    awsLoadBalancerController: {
        chart: "aws-load-balancer-controller",
        version: "3.5.0",
        repo: "https://aws.github.io/eks-charts",
        namespace: ADDON_NAMESPACES.awsLoadBalancerController,
        appVersion: "v3.5.0",
    },
    /**
     * Velero: cluster-state backups into the backup bucket. Chart 11.4.0 (tag velero-11.4.0 of vmware-tanzu/helm-charts,
     * Chart.yaml appVersion 1.17.1, image velero/velero:v1.17.1). Chart 12.x ships Velero 1.18, which needs plugin v1.14
     * (only a release candidate in the sources checked): bump the chart and VELERO_AWS_PLUGIN_IMAGE together.
     */
    velero: {
        chart: "velero",
        version: "11.4.0",
        repo: "https://vmware-tanzu.github.io/helm-charts",
        namespace: ADDON_NAMESPACES.velero,
        appVersion: "v1.17.1",
    },
} as const satisfies Record<string, ChartPin>;

/**
 * Velero's object-store plugin for S3 and S3-compatible stores, copied into the server pod by an initContainer. The
 * plugin README's compatibility table pairs v1.13.x with Velero v1.17.x.
 */
export const VELERO_AWS_PLUGIN_IMAGE = "velero/velero-plugin-for-aws:v1.13.2";
