/** Cross-field checks of autoscaling: the metrics an HPA reads must be served in the stack. */
import { ConfigIssue } from "./issues";
import { ParsedStackConfig } from "./schema/stack";
import { ServiceConfig } from "./schema/service";

interface AutoscalingCheckInput {
    services: { index: number; svc: ServiceConfig }[];
    addons?: ParsedStackConfig["addons"];
    monitoring?: ParsedStackConfig["monitoring"];
}

/**
 * A Pods metric exists only where prometheus-adapter serves it: an HPA asking for http_requests_per_second without the
 * adapter (or without the stack's Prometheus it reads) never scales on it, and reports the metric missing. The adapter
 * serves one series per metric name, so the services that scale on requests count them with one counter.
 */
export function requestsMetricServed({ services, addons, monitoring }: AutoscalingCheckInput): ConfigIssue[] {
    const scaled = services.filter(({ svc }) => svc.autoscaling?.requestsPerSecond !== undefined);
    if (scaled.length === 0) return [];
    const issues: ConfigIssue[] = [];
    const prometheus = (monitoring?.enabled ?? true) && (addons?.kubePrometheusStack ?? true);
    for (const { index } of scaled) {
        if (addons && !addons.prometheusAdapter) {
            issues.push({
                path: `services[${index}].autoscaling.requestsPerSecond`,
                expected: "addons.prometheusAdapter: true (it serves the http_requests_per_second Pods metric this HPA reads)",
                found: "addons.prometheusAdapter: false",
                fix: "set addons.prometheusAdapter: true, or remove requestsPerSecond to scale on CPU and memory only",
            });
        } else if (!prometheus) {
            issues.push({
                path: `services[${index}].autoscaling.requestsPerSecond`,
                expected: "the stack's Prometheus (monitoring.enabled and addons.kubePrometheusStack), which prometheus-adapter queries",
                found: monitoring?.enabled === false ? "monitoring.enabled: false" : "addons.kubePrometheusStack: false",
                fix: "turn monitoring and addons.kubePrometheusStack on, or remove requestsPerSecond",
            });
        }
    }
    const first = scaled[0];
    for (const { index, svc } of scaled.slice(1)) {
        if (svc.metrics.requests !== first.svc.metrics.requests) {
            issues.push({
                path: `services[${index}].metrics.requests`,
                expected: `${first.svc.metrics.requests}, the counter of ${first.svc.name} (every service scaling on requestsPerSecond shares one counter: the adapter serves one http_requests_per_second)`,
                found: svc.metrics.requests,
                fix: `expose ${first.svc.metrics.requests} from ${svc.name}, or scale it on CPU and memory only`,
            });
        }
    }
    return issues;
}
