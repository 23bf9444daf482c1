/**
 * Metric names the alerts and dashboards read. The request counter, its status label and the latency histogram with
 * its unit are per service (config `services[].metrics`); the rest are the seeds' Prometheus client defaults. A service
 * exposing other names gets no false alarms, only silence, which MetricsServiceDown and the dashboards make visible.
 */
import { AppMetricsConfig, DEFAULT_APP_METRICS } from "../config";
import { promNumber } from "./alert-types";

export const APP_METRICS = {
    /** Gauge: 1 while the LLM provider answers, 0 when it does not (Third Eye guide). */
    llmHealth: "llm_health",
    /** Histogram of LLM call durations in seconds. */
    llmDurationBucket: "llm_request_duration_seconds_bucket",
    /** Gauge of active user sessions. */
    activeSessions: "active_sessions",
} as const;

/** Histogram buckets per second, by unit: a threshold in seconds times this is the threshold in the bucket unit. */
export const UNITS_PER_SECOND: Record<AppMetricsConfig["latencyUnit"], number> = { seconds: 1, milliseconds: 1000 };

/** The request metrics of one service as PromQL reads them. */
export interface RequestMetrics {
    /** Counter of requests. */
    requests: string;
    /** Label of `requests` with the HTTP status code. */
    statusLabel: string;
    /** `_bucket` series of the latency histogram. */
    durationBucket: string;
    latencyUnit: AppMetricsConfig["latencyUnit"];
}

export function requestMetrics(config: AppMetricsConfig = DEFAULT_APP_METRICS): RequestMetrics {
    return {
        requests: config.requests,
        statusLabel: config.statusLabel,
        durationBucket: `${config.latencyHistogram}_bucket`,
        latencyUnit: config.latencyUnit,
    };
}

/** A latency threshold given in seconds, written in the histogram's unit (10 s is 10000 for a milliseconds histogram). */
export function latencyThreshold(seconds: number, unit: AppMetricsConfig["latencyUnit"]): string {
    return promNumber(seconds * UNITS_PER_SECOND[unit]);
}

/** kube-state-metrics label names of the Kubernetes labels the stack allowlists (see kube-prometheus-values.ts). */
export const KSM_LABELS = {
    name: "label_app_kubernetes_io_name",
    component: "label_app_kubernetes_io_component",
    backupOf: "label_prod_stack_io_backup_of",
} as const;
