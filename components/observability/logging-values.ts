/**
 * Values of the logging charts and the CloudWatch retention rounding. Pure.
 * Loki runs as a single binary with filesystem storage; retention is enforced by its compactor (config
 * logging.retentionDays). Alloy tails pod logs through the Kubernetes API (no hostPath) and pushes them to Loki.
 */
import { ADDON_NAMESPACES } from "../peers";

/** In-cluster URL of Loki (the single-binary Service of the loki chart with fullnameOverride "loki"). */
export const LOKI_URL = `http://loki.${ADDON_NAMESPACES.logging}.svc.cluster.local:3100`;

export function lokiValues(input: { retentionDays: number; storageSize: string }): Record<string, unknown> {
    return {
        fullnameOverride: "loki",
        deploymentMode: "SingleBinary",
        loki: {
            auth_enabled: false,
            commonConfig: { replication_factor: 1 },
            storage: { type: "filesystem" },
            schemaConfig: {
                configs: [
                    {
                        from: "2024-04-01",
                        store: "tsdb",
                        object_store: "filesystem",
                        schema: "v13",
                        index: { prefix: "loki_index_", period: "24h" },
                    },
                ],
            },
            limits_config: { retention_period: `${input.retentionDays * 24}h` },
            compactor: { retention_enabled: true, delete_request_store: "filesystem", working_directory: "/var/loki/compactor" },
        },
        singleBinary: {
            replicas: 1,
            persistence: { enabled: true, size: input.storageSize },
            resources: { requests: { cpu: "200m", memory: "512Mi" }, limits: { cpu: "1", memory: "1Gi" } },
        },
        read: { replicas: 0 },
        write: { replicas: 0 },
        backend: { replicas: 0 },
        gateway: { enabled: false },
        chunksCache: { enabled: false },
        resultsCache: { enabled: false },
        lokiCanary: { enabled: false },
        test: { enabled: false },
    };
}

/** Alloy pipeline: discover pods, tail their logs through the API server, label with namespace/pod/container/app. */
export function alloyConfig(lokiUrl: string = LOKI_URL): string {
    return `discovery.kubernetes "pods" {
  role = "pod"
}

discovery.relabel "pods" {
  targets = discovery.kubernetes.pods.targets
  rule {
    source_labels = ["__meta_kubernetes_namespace"]
    target_label  = "namespace"
  }
  rule {
    source_labels = ["__meta_kubernetes_pod_name"]
    target_label  = "pod"
  }
  rule {
    source_labels = ["__meta_kubernetes_pod_container_name"]
    target_label  = "container"
  }
  rule {
    source_labels = ["__meta_kubernetes_pod_label_app_kubernetes_io_name"]
    target_label  = "app"
  }
}

loki.source.kubernetes "pods" {
  targets    = discovery.relabel.pods.output
  forward_to = [loki.write.default.receiver]
  clustering {
    enabled = true
  }
}

loki.write "default" {
  endpoint {
    url = "${lokiUrl}/loki/api/v1/push"
  }
}
`;
}

export function alloyValues(replicas: number): Record<string, unknown> {
    return {
        fullnameOverride: "alloy",
        controller: { type: "deployment", replicas },
        alloy: {
            configMap: { create: true, content: alloyConfig() },
            clustering: { enabled: true },
            securityContext: {
                runAsNonRoot: true,
                runAsUser: 473,
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ["ALL"] },
                seccompProfile: { type: "RuntimeDefault" },
            },
            resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "500m", memory: "512Mi" } },
            mounts: { varlog: false, dockercontainers: false },
        },
    };
}

/** Retention values CloudWatch Logs accepts, in days. */
export const CLOUDWATCH_RETENTION_DAYS = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** The smallest accepted CloudWatch retention keeping logs at least `days` (never shorter than asked). */
export function cloudwatchRetentionDays(days: number): number {
    const found = CLOUDWATCH_RETENTION_DAYS.find((d) => d >= days);
    if (found === undefined) throw new Error(`log retention ${days} days exceeds CloudWatch's maximum of 3653`);
    return found;
}

export function fluentBitValues(input: { region: string; logGroupName: string; roleArn: string }): Record<string, unknown> {
    return {
        fullnameOverride: "fluent-bit",
        serviceAccount: { create: true, name: "fluent-bit", annotations: { "eks.amazonaws.com/role-arn": input.roleArn } },
        securityContext: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
        resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "300m", memory: "256Mi" } },
        config: {
            outputs: [
                "[OUTPUT]",
                "    Name cloudwatch_logs",
                "    Match kube.*",
                `    region ${input.region}`,
                `    log_group_name ${input.logGroupName}`,
                "    log_stream_prefix pod-",
                "    auto_create_group false",
                "",
            ].join("\n"),
        },
    };
}
