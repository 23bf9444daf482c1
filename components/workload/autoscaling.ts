import * as k8s from "@pulumi/kubernetes";
import { ServiceConfig, StackConfig } from "../config";
import { CLUSTER_METRICS_API_ANNOTATION, REQUESTS_PER_SECOND_METRIC } from "../peers";

type Autoscaling = NonNullable<ServiceConfig["autoscaling"]>;

/** Pods metric served by prometheus-adapter when `requestsPerSecond` is set. */
export const REQUESTS_METRIC = REQUESTS_PER_SECOND_METRIC;

/** HPA v2 spec: CPU and memory utilisation, optional requests-per-second pods metric, scale-up/-down behaviour (SEI guide). */
export function hpaSpec(
    a: Autoscaling,
    target: { kind: "Deployment" | "StatefulSet"; name: string },
): k8s.types.input.autoscaling.v2.HorizontalPodAutoscalerSpec {
    const metrics: k8s.types.input.autoscaling.v2.MetricSpec[] = [
        { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: a.cpuPercent } } },
        { type: "Resource", resource: { name: "memory", target: { type: "Utilization", averageUtilization: a.memoryPercent } } },
    ];
    if (a.requestsPerSecond !== undefined) {
        metrics.push({
            type: "Pods",
            pods: { metric: { name: REQUESTS_METRIC }, target: { type: "AverageValue", averageValue: String(a.requestsPerSecond) } },
        });
    }
    const b = a.behavior;
    return {
        scaleTargetRef: { apiVersion: "apps/v1", kind: target.kind, name: target.name },
        minReplicas: a.min,
        maxReplicas: a.max,
        metrics,
        behavior: {
            scaleUp: {
                stabilizationWindowSeconds: b.scaleUpStabilizationSeconds,
                selectPolicy: "Max",
                policies: [
                    { type: "Percent", value: b.scaleUpPercent, periodSeconds: 15 },
                    { type: "Pods", value: b.scaleUpPods, periodSeconds: 15 },
                ],
            },
            scaleDown: {
                stabilizationWindowSeconds: b.scaleDownStabilizationSeconds,
                selectPolicy: "Min",
                policies: [{ type: "Percent", value: b.scaleDownPercent, periodSeconds: 60 }],
            },
        },
    };
}

/**
 * Annotations of an HPA: without the stack's metrics-server (addons.metricsServer off) the cluster must serve
 * metrics.k8s.io itself, and the HPA says it relies on that.
 */
export function hpaAnnotations(addons: Pick<StackConfig["addons"], "metricsServer">): Record<string, string> {
    return addons.metricsServer ? {} : { [CLUSTER_METRICS_API_ANNOTATION.key]: CLUSTER_METRICS_API_ANNOTATION.value };
}

/** PodDisruptionBudget spec from config (minAvailable or maxUnavailable). */
export function pdbSpec(svc: ServiceConfig, selector: Record<string, string>): k8s.types.input.policy.v1.PodDisruptionBudgetSpec {
    return { selector: { matchLabels: selector }, ...svc.disruptionBudget, unhealthyPodEvictionPolicy: "AlwaysAllow" };
}
