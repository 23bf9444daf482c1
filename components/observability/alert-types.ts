/** Prometheus rule shapes as the PrometheusRule CRD (and promtool) take them. */
export type Severity = "critical" | "warning";

export interface AlertRule {
    alert: string;
    expr: string;
    /** Pending duration before the alert fires (Prometheus duration). */
    for: string;
    labels: { severity: Severity } & Record<string, string>;
    annotations: { summary: string; description: string; runbook_url: string };
}

export interface RuleGroup {
    name: string;
    /** Evaluation interval. Default 30s (the seeds' `interval: 30s`). */
    interval?: string;
    rules: AlertRule[];
}

/** Evaluation interval of every generated group (Third Eye and SEI guides). */
export const RULE_EVALUATION_INTERVAL = "30s";

/** Writes a number for PromQL without float noise (0.1 * 3 -> 0.3, not 0.30000000000000004). */
export function promNumber(value: number): string {
    return String(Number(value.toPrecision(12)));
}
