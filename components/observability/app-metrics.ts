/**
 * Metric names the app services are expected to expose on their metrics port (the seeds' Prometheus client defaults).
 * Alerts and dashboards are written against these; a service exposing other names gets no false alarms, only silence,
 * which MetricsServiceDown and the dashboards make visible.
 */
export const APP_METRICS = {
    /** Counter of HTTP requests with a `status` label (HTTP status code) and `endpoint`/`method` labels. */
    requests: "http_requests_total",
    statusLabel: "status",
    endpointLabel: "endpoint",
    /** Histogram of request durations in seconds. */
    durationBucket: "http_request_duration_seconds_bucket",
    /** Gauge: 1 while the LLM provider answers, 0 when it does not (Third Eye guide). */
    llmHealth: "llm_health",
    /** Histogram of LLM call durations in seconds. */
    llmDurationBucket: "llm_request_duration_seconds_bucket",
    /** Gauge of active user sessions. */
    activeSessions: "active_sessions",
} as const;

/** kube-state-metrics label names of the Kubernetes labels the stack allowlists (see kube-prometheus-values.ts). */
export const KSM_LABELS = {
    name: "label_app_kubernetes_io_name",
    component: "label_app_kubernetes_io_component",
    backupOf: "label_prod_stack_io_backup_of",
} as const;
