/**
 * Alertmanager routing as an AlertmanagerConfig (monitoring.coreos.com/v1alpha1) spec: critical alerts page through
 * PagerDuty and also post to Slack, warnings post to Slack. Receiver credentials are Secret key references (the
 * PagerDuty routing key and the Slack webhook URL live in the secrets backend), never literal values.
 */
import { SecretRef } from "../contracts";

export interface RoutingInput {
    /** PagerDuty Events API v2 routing key. Absent: critical alerts go to Slack only. */
    pagerduty?: SecretRef;
    /** Slack incoming-webhook URL. Absent: warnings are dropped (logged at deploy time). */
    slack?: SecretRef;
    /** Slack channel. Default "#alerts" (config monitoring.alerting.slackChannel). */
    slackChannel: string;
}

export const RECEIVERS = { pagerduty: "pagerduty", slack: "slack", none: "null" } as const;

/** Labels alerts are grouped by: one notification per alert, namespace and service. */
export const GROUP_BY = ["alertname", "namespace", "service"];

export interface RoutingSpec {
    route: Record<string, unknown>;
    receivers: Record<string, unknown>[];
}

export function alertmanagerRouting(input: RoutingInput): RoutingSpec {
    const receivers: Record<string, unknown>[] = [{ name: RECEIVERS.none }];
    const routes: Record<string, unknown>[] = [];
    if (input.pagerduty) {
        receivers.push({
            name: RECEIVERS.pagerduty,
            pagerdutyConfigs: [
                {
                    routingKey: { name: input.pagerduty.secretName, key: input.pagerduty.key },
                    sendResolved: true,
                    severity: "critical",
                    description: '{{ template "pagerduty.default.description" . }}',
                },
            ],
        });
        // continue: critical alerts reach Slack as well, so the channel has the whole picture.
        routes.push({ receiver: RECEIVERS.pagerduty, matchers: [severityIs("critical")], continue: input.slack !== undefined });
    }
    if (input.slack) {
        receivers.push({
            name: RECEIVERS.slack,
            slackConfigs: [
                {
                    apiURL: { name: input.slack.secretName, key: input.slack.key },
                    channel: input.slackChannel,
                    sendResolved: true,
                    title: "[{{ .Status | toUpper }}] {{ .CommonLabels.alertname }} ({{ .CommonLabels.severity }})",
                    text: "{{ range .Alerts }}{{ .Annotations.summary }}\n{{ .Annotations.description }}\nRunbook: {{ .Annotations.runbook_url }}\n{{ end }}",
                },
            ],
        });
        routes.push({ receiver: RECEIVERS.slack, matchers: [{ name: "severity", value: "critical|warning", matchType: "=~" }] });
    }
    return {
        route: {
            receiver: RECEIVERS.none,
            groupBy: GROUP_BY,
            groupWait: "30s",
            groupInterval: "5m",
            repeatInterval: "4h",
            routes,
        },
        receivers,
    };
}

function severityIs(value: string) {
    return { name: "severity", value, matchType: "=" };
}
