import { gatewaysOf, isRedirectToHttps, referencesMiddleware, routesOf, attachedListeners } from "../../../lib/kubernetes/gateway";
import { annotationsOf } from "../../../lib/kubernetes/objects";
import { K, ofType } from "../../../lib/kubernetes/types";
import { resourceRule, stackRule } from "../../../lib/rule";

const tags = ["kubernetes", "edge"];

export const httpRedirectOnly = stackRule(
    {
        name: "edge-http-redirect-only",
        description:
            "Routes attached to a plain-HTTP Gateway listener may only redirect to https (RequestRedirect filter, scheme https, on every rule).",
        remediationSteps:
            "Attach a dedicated HTTPRoute to the http listener (parentRefs[].sectionName) whose rules only carry a RequestRedirect filter with scheme: https; attach application routes to the https listener by sectionName.",
        severity: "high",
        tags,
    },
    (ctx) => {
        const { gateways, anyUnknown } = gatewaysOf(ctx.resources);
        if (anyUnknown) return;
        for (const route of routesOf(ctx.resources).routes) {
            const onHttp = gateways.some((g) => attachedListeners(route, g).some((l) => l.protocol === "HTTP"));
            if (onHttp && !route.rules.every(isRedirectToHttps)) {
                ctx.report(
                    route.resource,
                    `HTTPRoute ${route.namespace}/${route.name} is attached to an HTTP listener but serves traffic instead of redirecting to https.`,
                );
            }
        }
    },
);

export const REQUIRED_HEADERS = [
    "Strict-Transport-Security",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Content-Security-Policy",
];

interface HeadersConfig {
    ingressMiddleware: string;
}

function headersSet(rule: Record<string, any>): Set<string> {
    const names = new Set<string>();
    for (const f of rule.filters ?? []) {
        if (f.type !== "ResponseHeaderModifier") continue;
        for (const h of [...(f.responseHeaderModifier?.set ?? []), ...(f.responseHeaderModifier?.add ?? [])])
            names.add(String(h.name).toLowerCase());
    }
    return names;
}

export const securityHeaders = resourceRule<HeadersConfig>(
    {
        name: "edge-security-headers",
        description: `Every serving HTTPRoute rule must set ${REQUIRED_HEADERS.join(", ")} with a ResponseHeaderModifier filter. Ingresses (Traefik) must reference the security-headers Middleware in ${"traefik.ingress.kubernetes.io/router.middlewares"}.`,
        remediationSteps:
            "Add a ResponseHeaderModifier filter with `set` entries for each header to every rule (redirect-only rules are exempt); for Traefik Ingress reference the headers Middleware named in this rule's ingressMiddleware config.",
        severity: "medium",
        tags,
        configSchema: { properties: { ingressMiddleware: { type: "string", default: "security-headers" } } },
    },
    ofType(K.HTTPRoute, K.Ingress),
    (ctx) => {
        if (ctx.type === K.Ingress) {
            if (!referencesMiddleware(annotationsOf(ctx.props), ctx.config.ingressMiddleware)) {
                ctx.report(`Ingress does not reference the ${ctx.config.ingressMiddleware} Middleware.`);
            }
            return;
        }
        (ctx.props.spec?.rules ?? []).forEach((rule: Record<string, any>, i: number) => {
            if (isRedirectToHttps(rule)) return;
            const set = headersSet(rule);
            const missing = REQUIRED_HEADERS.filter((h) => !set.has(h.toLowerCase()));
            if (missing.length > 0) ctx.report(`rules[${i}] does not set ${missing.join(", ")}.`);
        });
    },
);

export const edgeHttpRules = [httpRedirectOnly, securityHeaders];
