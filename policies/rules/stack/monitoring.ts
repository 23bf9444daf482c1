import { labelsOf } from "../../lib/kubernetes/objects";
import { K } from "../../lib/kubernetes/types";
import { known, UNKNOWN } from "../../lib/preview";
import { withFix } from "../../lib/message";
import { stackRule } from "../../lib/rule";

const NAME = "app.kubernetes.io/name";
const COMPONENT = "app.kubernetes.io/component";

export const appMonitoring = stackRule(
    {
        name: "app-service-monitoring",
        description: `Every app service (Deployment/StatefulSet labelled ${COMPONENT}: app) must have a ServiceMonitor and a PrometheusRule labelled ${NAME}: <service>.`,
        remediationSteps: `Create a monitoring.coreos.com/v1 ServiceMonitor and PrometheusRule for the service, both labelled ${NAME}: <service>.`,
        severity: "medium",
        tags: ["stack", "observability"],
    },
    (ctx) => {
        const namesOf = (type: string) => ctx.resources.filter((r) => r.type === type).map((r) => known(() => labelsOf(r.props)[NAME]));
        const monitors = namesOf(K.ServiceMonitor);
        const alerts = namesOf(K.PrometheusRule);
        for (const r of ctx.resources.filter((x) => x.type === K.Deployment || x.type === K.StatefulSet)) {
            const labels = known(() => ({ ...labelsOf(r.props) }));
            if (labels === UNKNOWN || labels[COMPONENT] !== "app" || !labels[NAME]) continue;
            const svc = labels[NAME];
            if (!monitors.includes(UNKNOWN) && !monitors.includes(svc))
                ctx.report(r, `app service ${svc} has no ServiceMonitor labelled ${NAME}: ${svc}.`);
            if (!alerts.includes(UNKNOWN) && !alerts.includes(svc))
                ctx.report(r, `app service ${svc} has no PrometheusRule labelled ${NAME}: ${svc}.`);
        }
    },
);

/** Receiver fields of an AlertmanagerConfig that actually deliver a notification somewhere. */
const DELIVERING = [
    "pagerdutyConfigs",
    "slackConfigs",
    "opsgenieConfigs",
    "emailConfigs",
    "webhookConfigs",
    "msteamsConfigs",
    "victoropsConfigs",
];

interface ReceiverConfig {
    required: boolean;
}

export const alertReceiver = stackRule<ReceiverConfig>(
    {
        name: "monitoring-alert-receiver",
        description: "Where `required` (prod), a stack that defines alert rules must route them to a receiver that notifies someone.",
        remediationSteps:
            "Name the backend secret of a Slack webhook (monitoring.alerting.slackSecret) or a PagerDuty routing key (monitoring.alerting.pagerdutySecret).",
        severity: "high",
        tags: ["stack", "observability"],
        configSchema: { properties: { required: { type: "boolean", default: false } } },
    },
    (ctx) => {
        if (!ctx.config.required) return;
        const rules = ctx.resources.filter((r) => r.type === K.PrometheusRule);
        if (rules.length === 0) return;
        const routing = ctx.resources.filter((r) => r.type === K.AlertmanagerConfig);
        const delivers = routing.map((r) =>
            known(() =>
                ((r.props.spec?.receivers ?? []) as Record<string, unknown>[]).some((rcv) =>
                    DELIVERING.some((k) => ((rcv[k] as unknown[]) ?? []).length > 0),
                ),
            ),
        );
        if (delivers.includes(UNKNOWN) || delivers.includes(true)) return;
        const target = routing[0] ?? rules[0];
        ctx.report(
            target,
            withFix(
                `${rules.length} alert rule group(s) but no Alertmanager receiver that notifies anyone: alerts fire and reach nobody.`,
                "name a Slack webhook or PagerDuty routing key secret under monitoring.alerting.",
            ),
        );
    },
);
