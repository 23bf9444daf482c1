import { annotationsOf, namespaceOf } from "../../kubernetes/objects";
import { K } from "../../kubernetes/types";
import { withFix } from "../../message";
import { UNKNOWN } from "../../preview";
import { Contract, Finding, plain } from "./finding";
import { metricsApis } from "./metrics-apis";

/**
 * A cluster prerequisite the stack cannot show: annotate the HPA `prod-stack.io/metrics-api: cluster` where the
 * cluster itself serves the resource metrics API (e.g. EKS with the metrics-server add-on installed outside the stack).
 * It covers cpu and memory metrics only: custom and external metric names must be served by an adapter in the stack.
 */
export const METRICS_API_ANNOTATION = "prod-stack.io/metrics-api";
export const CLUSTER_METRICS_API = "cluster";

interface HpaMetric {
    type: string;
    resource?: { name: string };
    containerResource?: { name: string };
    pods?: { metric: { name: string } };
    object?: { metric: { name: string } };
    external?: { metric: { name: string } };
}

/**
 * The HPA controller's contract: each metric an HPA scales on is served. cpu/memory need metrics.k8s.io (metrics-server,
 * prometheus-adapter resource rules, or the declared cluster prerequisite); Pods/Object metrics need an adapter rule
 * yielding that name on custom.metrics.k8s.io; External metrics one on external.metrics.k8s.io. Otherwise the HPA
 * reports FailedGetResourceMetric and never scales.
 */
export const hpaMetricsContract: Contract = (resources) => {
    const findings: Finding[] = [];
    const apis = metricsApis(resources);
    const providers = apis.providers.length > 0 ? apis.providers.join(", ") : "none in the stack";
    for (const r of resources.filter((x) => x.type === K.HorizontalPodAutoscaler)) {
        const metrics = plain(() => (r.props.spec?.metrics ?? []) as HpaMetric[]);
        const annotations = plain(() => ({ ...annotationsOf(r.props) }));
        if (metrics === UNKNOWN || annotations === UNKNOWN || namespaceOf(r.props) === UNKNOWN) continue;
        const cluster = annotations[METRICS_API_ANNOTATION] === CLUSTER_METRICS_API;
        const report = (finding: string, fix: string) => findings.push({ resource: r, message: withFix(finding, fix) });
        for (const m of metrics) {
            const resource = m.resource?.name ?? m.containerResource?.name;
            if ((m.type === "Resource" || m.type === "ContainerResource") && resource) {
                const served = cluster || apis.resource === "all" || apis.resource.has(resource);
                if (!served)
                    report(
                        `scales on ${resource} but nothing serves the resource metrics API (metrics.k8s.io; providers: ${providers}): the HPA never scales.`,
                        `install metrics-server (or prometheus-adapter with rules.resource.${resource}) in the stack, or annotate the HPA ${METRICS_API_ANNOTATION}: ${CLUSTER_METRICS_API} where the cluster provides it.`,
                    );
                continue;
            }
            const custom = m.type === "Pods" ? m.pods : m.type === "Object" ? m.object : undefined;
            if (custom?.metric?.name && !apis.custom.has(custom.metric.name))
                report(
                    `scales on ${m.type} metric ${custom.metric.name}, which no adapter serves on custom.metrics.k8s.io (providers: ${providers}).`,
                    `add a prometheus-adapter rules.custom entry whose seriesQuery/name.as yields ${custom.metric.name}, or scale on a metric that exists.`,
                );
            const external = m.type === "External" ? m.external : undefined;
            if (external?.metric?.name && apis.external !== "all" && !apis.external.has(external.metric.name))
                report(
                    `scales on external metric ${external.metric.name}, which nothing serves on external.metrics.k8s.io (providers: ${providers}).`,
                    `add a prometheus-adapter rules.external entry yielding ${external.metric.name}, or install KEDA and scale through a ScaledObject.`,
                );
        }
    }
    return findings;
};
