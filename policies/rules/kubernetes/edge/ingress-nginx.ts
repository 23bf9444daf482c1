import { annotationsOf } from "../../../lib/kubernetes/objects";
import { podTemplateOf, containersOf } from "../../../lib/kubernetes/pod-spec";
import { parseImage } from "../../../lib/kubernetes/image";
import { K, ofType, POD_BEARING } from "../../../lib/kubernetes/types";
import { resourceRule } from "../../../lib/rule";

const tags = ["kubernetes", "edge"];

/** Snippet annotations inject raw nginx config (CVE-2021-25742, CVE-2025-1974 "IngressNightmare"). */
const SNIPPETS = /^nginx\.ingress\.kubernetes\.io\/[a-z-]*snippet$/;

export const noNginxSnippets = resourceRule(
    {
        name: "edge-no-nginx-snippets",
        description: "Ingresses must not carry nginx snippet annotations (configuration-snippet, server-snippet, ...).",
        remediationSteps: "Remove the snippet annotation; express the behaviour with Gateway API filters or Envoy Gateway policies.",
        severity: "critical",
        tags,
    },
    ofType(K.Ingress),
    (ctx) => {
        for (const key of Object.keys(annotationsOf(ctx.props))) {
            if (SNIPPETS.test(key)) ctx.report(`annotation ${key} injects raw nginx configuration.`);
        }
    },
);

const RETIRED_IMAGE = "registry.k8s.io/ingress-nginx/controller";
const RETIRED_CONTROLLER = "k8s.io/ingress-nginx";
const RETIRED_CHART = "ingress-nginx";

/** Last path segment of a chart reference (`ingress-nginx`, `repo/ingress-nginx`, `oci://…/ingress-nginx`). */
function chartName(chart: unknown): string | undefined {
    return typeof chart === "string" ? chart.split("/").pop() : undefined;
}

export const noRetiredIngressNginx = resourceRule(
    {
        name: "edge-no-retired-ingress-nginx",
        description:
            "The community ingress-nginx controller (retired March 2026) must not be deployed: no controller image, Helm chart or IngressClass for it.",
        remediationSteps: "Serve traffic through the Gateway API (Envoy Gateway); delete the ingress-nginx release and its IngressClass.",
        severity: "high",
        tags,
    },
    ofType(...POD_BEARING, K.HelmRelease, K.HelmChartV3, K.HelmChartV4, K.IngressClass),
    (ctx) => {
        if (ctx.type === K.IngressClass) {
            if (ctx.props.spec?.controller === RETIRED_CONTROLLER) ctx.report(`IngressClass uses controller ${RETIRED_CONTROLLER}.`);
            return;
        }
        if ([K.HelmRelease, K.HelmChartV3, K.HelmChartV4].includes(ctx.type as never)) {
            if (chartName(ctx.props.chart) === RETIRED_CHART)
                ctx.report(`Helm chart ${ctx.props.chart} deploys the retired ingress-nginx controller.`);
            return;
        }
        const pod = podTemplateOf(ctx.type, ctx.props);
        for (const ref of pod ? containersOf(pod.spec) : []) {
            if (typeof ref.container.image === "string" && parseImage(ref.container.image).repository === RETIRED_IMAGE) {
                ctx.report(`image ${ref.container.image} is the retired ingress-nginx controller.`);
            }
        }
    },
);

export const ingressNginxRules = [noNginxSnippets, noRetiredIngressNginx];
