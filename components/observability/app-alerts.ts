/**
 * Alert rules for one app service: the seeds' per-service alerts with their expressions corrected and their thresholds
 * from config.monitoring.alerts. Pure: the PrometheusRule component and the promtool test both call it.
 *
 * Where the guides' expressions are wrong, the rule here says how:
 * - HighErrorRate: the guides compare `rate(5xx)` (errors per second) with 0.05; a ratio of 5xx to all requests is
 *   what "error rate 5%" means, and it does not fire on a busy healthy service nor miss a quiet broken one.
 * - HighResponseTime / APILatencyHigh: `histogram_quantile` needs `sum by (le) (rate(..._bucket[5m]))`; over raw
 *   cumulative buckets (Third Eye guide) it measures the process lifetime, and without `by (le)` (SEI guide) every
 *   label combination gets its own quantile.
 * - HighMemoryUsage: `container_memory_usage_bytes` counts reclaimable page cache; the OOM killer acts on the working
 *   set. Containers without a limit are excluded instead of dividing by zero.
 * - HighCPU: `health_agent_cpu_percent` exists in one app only; cAdvisor usage over the pod's CPU limit works for all.
 * - MetricsServiceDown: `up == 0` misses a service whose pods are all gone (no target, no series); `absent(up == 1)`
 *   fires when no replica is scraped successfully.
 * - RateLimitExhaustion: `rate_limit_available_tokens` is one app's internals; the share of requests answered 429 is
 *   what users feel, for every service.
 *
 * The request counter, status label and latency histogram are the service's own (config `services[].metrics`), and the
 * latency thresholds, given in seconds, are written in the histogram's unit: the health agent's
 * `health_agent_request_duration_ms` buckets are milliseconds, so p95 > 3 s reads `> 3000` there.
 */
import { StackConfig } from "../config";
import { AlertRule, promNumber, RULE_EVALUATION_INTERVAL, RuleGroup } from "./alert-types";
import { APP_METRICS, KSM_LABELS, latencyThreshold, RequestMetrics, requestMetrics } from "./app-metrics";
import { runbookUrl } from "./runbooks";

export type AlertThresholds = StackConfig["monitoring"]["alerts"];

export interface AppAlertInput {
    /** App service name: the `job` label its ServiceMonitor sets and the `service` label of every alert. */
    service: string;
    /** Namespace of the app (every selector is scoped to it, so stacks sharing a Prometheus do not mix). */
    namespace: string;
    thresholds: AlertThresholds;
    /** Add LLMDown: the service calls external LLM providers (config `uses.externalHttps`). */
    llm: boolean;
    /** Base URL of the docs for runbook links. Default: runbooks.ts DEFAULT_DOCS_BASE_URL. */
    docsBase?: string;
    /** The service's request metrics (config `services[].metrics`). Default: requestMetrics() of the schema defaults. */
    metrics?: RequestMetrics;
}

/** Names of the per-service alerts, in the order they are generated. */
export const APP_ALERT_NAMES = [
    "HighErrorRate",
    "LLMDown",
    "HighResponseTime",
    "APILatencyHigh",
    "HighCPU",
    "HighMemoryUsage",
    "MetricsServiceDown",
    "RateLimitExhaustion",
] as const;

export function appRuleGroup(input: AppAlertInput): RuleGroup {
    return { name: `${input.service}.rules`, interval: RULE_EVALUATION_INTERVAL, rules: appAlertRules(input) };
}

export function appAlertRules(input: AppAlertInput): AlertRule[] {
    const { service, namespace: ns, thresholds: t } = input;
    const m = input.metrics ?? requestMetrics();
    const job = `job="${service}",namespace="${ns}"`;
    const requests = (extra = "") => `sum(rate(${m.requests}{${job}${extra}}[5m]))`;
    const p95 = `histogram_quantile(0.95, sum by (le) (rate(${m.durationBucket}{${job}}[5m])))`;
    const latency = (seconds: number) => latencyThreshold(seconds, m.latencyUnit);
    // humanizeDuration reads seconds; a milliseconds quantile is shown with its unit instead.
    const shownLatency = m.latencyUnit === "seconds" ? "{{ $value | humanizeDuration }}" : '{{ $value | printf "%.0f" }}ms';
    const podsOfService = `max by (namespace, pod) (kube_pod_labels{namespace="${ns}",${KSM_LABELS.name}="${service}"})`;
    const rule = (
        alert: string,
        severity: AlertRule["labels"]["severity"],
        forDuration: string,
        expr: string,
        summary: string,
        description: string,
    ): AlertRule => ({
        alert,
        expr,
        for: forDuration,
        labels: { severity, service, namespace: ns },
        annotations: { summary, description, runbook_url: runbookUrl(alert, input.docsBase) },
    });

    const rules: AlertRule[] = [
        rule(
            "HighErrorRate",
            "critical",
            "5m",
            `100 * ${requests(`,${m.statusLabel}=~"5.."`)} / ${requests()} > ${promNumber(t.errorRatePercent)}`,
            `${service}: more than ${promNumber(t.errorRatePercent)}% of requests fail with 5xx`,
            `{{ $value | printf "%.1f" }}% of ${service} requests answered 5xx over the last 5 minutes.`,
        ),
    ];
    if (input.llm) {
        rules.push(
            rule(
                "LLMDown",
                "critical",
                "5m",
                `max(${APP_METRICS.llmHealth}{${job}}) == 0`,
                `${service}: LLM provider unavailable`,
                `No ${service} replica reports a healthy LLM provider (${APP_METRICS.llmHealth} == 0) for 5 minutes.`,
            ),
        );
    }
    rules.push(
        rule(
            "HighResponseTime",
            "warning",
            "5m",
            `${p95} > ${latency(t.responseTimeP95Seconds)}`,
            `${service}: p95 latency above ${promNumber(t.responseTimeP95Seconds)}s`,
            `p95 request latency of ${service} is ${shownLatency}.`,
        ),
        rule(
            "APILatencyHigh",
            "warning",
            "10m",
            `${p95} > ${latency(t.apiLatencyP95Seconds)}`,
            `${service}: API p95 latency above ${promNumber(t.apiLatencyP95Seconds)}s`,
            `p95 request latency of ${service} has been ${shownLatency} for 10 minutes.`,
        ),
        rule(
            "HighCPU",
            "warning",
            "10m",
            `100 * sum by (namespace, pod) (rate(container_cpu_usage_seconds_total{namespace="${ns}",container!="",container!="POD"}[5m]))` +
                ` / sum by (namespace, pod) (kube_pod_container_resource_limits{namespace="${ns}",resource="cpu"})` +
                ` * on (namespace, pod) group_left () ${podsOfService} > ${promNumber(t.cpuPercent)}`,
            `${service}: pod CPU above ${promNumber(t.cpuPercent)}% of its limit`,
            `Pod {{ $labels.pod }} of ${service} uses {{ $value | printf "%.0f" }}% of its CPU limit (throttling ahead).`,
        ),
        rule(
            "HighMemoryUsage",
            "warning",
            "5m",
            `100 * sum by (namespace, pod) (container_memory_working_set_bytes{namespace="${ns}",container!="",container!="POD"})` +
                ` / sum by (namespace, pod) (kube_pod_container_resource_limits{namespace="${ns}",resource="memory"} > 0)` +
                ` * on (namespace, pod) group_left () ${podsOfService} > ${promNumber(t.memoryPercent)}`,
            `${service}: pod memory above ${promNumber(t.memoryPercent)}% of its limit`,
            `Pod {{ $labels.pod }} of ${service} uses {{ $value | printf "%.0f" }}% of its memory limit (OOM kill ahead).`,
        ),
        rule(
            "MetricsServiceDown",
            "critical",
            "1m",
            `absent(up{${job}} == 1)`,
            `${service}: no replica is up`,
            `Prometheus has scraped no healthy ${service} target for 1 minute: every replica is down, unready or gone.`,
        ),
        rule(
            "RateLimitExhaustion",
            "warning",
            "5m",
            `100 * ${requests(`,${m.statusLabel}="429"`)} / ${requests()} > ${promNumber(t.rateLimitedPercent)}`,
            `${service}: more than ${promNumber(t.rateLimitedPercent)}% of requests are rate limited`,
            `{{ $value | printf "%.1f" }}% of ${service} requests were answered 429 over the last 5 minutes.`,
        ),
    );
    return rules;
}
