import { labelsOf } from "../../lib/kubernetes/objects";
import { K } from "../../lib/kubernetes/types";
import { known, UNKNOWN } from "../../lib/preview";
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
