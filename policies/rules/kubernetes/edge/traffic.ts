import type { PolicyResource } from "@pulumi/policy";
import { gatewaysOf, isRedirectToHttps, referencesMiddleware, routesOf, attachedListeners } from "../../../lib/kubernetes/gateway";
import { annotationsOf } from "../../../lib/kubernetes/objects";
import { K, ofType } from "../../../lib/kubernetes/types";
import { known, UNKNOWN } from "../../../lib/preview";
import { resourceRule, stackRule } from "../../../lib/rule";

const tags = ["kubernetes", "edge"];

interface Target {
    namespace: string;
    kind: string;
    name: string;
}

/** Targets of BackendTrafficPolicies that configure rate limiting (targetRef and targetRefs both count). */
function rateLimitTargets(resources: PolicyResource[]): { targets: Target[]; anyUnknown: boolean } {
    const targets: Target[] = [];
    let anyUnknown = false;
    for (const r of resources.filter((x) => x.type === K.BackendTrafficPolicy)) {
        const t = known(() => {
            if (!r.props.spec?.rateLimit) return [];
            const namespace = r.props.metadata?.namespace ?? "default";
            const refs = [...(r.props.spec?.targetRefs ?? []), ...(r.props.spec?.targetRef ? [r.props.spec.targetRef] : [])];
            return refs.map((ref: any) => ({ namespace, kind: ref.kind, name: ref.name }));
        });
        if (t === UNKNOWN) anyUnknown = true;
        else targets.push(...t);
    }
    return { targets, anyUnknown };
}

interface RateLimitConfig {
    ingressMiddleware: string;
}

export const rateLimit = stackRule<RateLimitConfig>(
    {
        name: "edge-rate-limit",
        description:
            "Every serving HTTPRoute must be rate limited by an Envoy Gateway BackendTrafficPolicy (spec.rateLimit) targeting the route or its Gateway; Traefik Ingresses must reference the rate-limit Middleware.",
        remediationSteps:
            "Add a gateway.envoyproxy.io/v1alpha1 BackendTrafficPolicy with spec.rateLimit and targetRefs naming the HTTPRoute (or its Gateway); for Ingress, reference the Middleware named in this rule's ingressMiddleware config.",
        severity: "medium",
        tags,
        configSchema: { properties: { ingressMiddleware: { type: "string", default: "rate-limit" } } },
    },
    (ctx) => {
        for (const ingress of ctx.resources.filter((r) => r.type === K.Ingress)) {
            const a = known(() => ({ ...annotationsOf(ingress.props) }));
            if (a !== UNKNOWN && !referencesMiddleware(a, ctx.config.ingressMiddleware)) {
                ctx.report(ingress, `Ingress ${ingress.name} does not reference the ${ctx.config.ingressMiddleware} Middleware.`);
            }
        }
        const { targets, anyUnknown } = rateLimitTargets(ctx.resources);
        const gw = gatewaysOf(ctx.resources);
        if (anyUnknown || gw.anyUnknown) return;
        const targeted = (kind: string, namespace: string, name: string) =>
            targets.some((t) => t.kind === kind && t.namespace === namespace && t.name === name);
        for (const route of routesOf(ctx.resources).routes) {
            if (route.rules.length > 0 && route.rules.every(isRedirectToHttps)) continue;
            const viaGateway = gw.gateways.some((g) => attachedListeners(route, g).length > 0 && targeted("Gateway", g.namespace, g.name));
            if (!viaGateway && !targeted("HTTPRoute", route.namespace, route.name)) {
                ctx.report(
                    route.resource,
                    `HTTPRoute ${route.namespace}/${route.name} has no rate limit (no BackendTrafficPolicy with rateLimit targets it or its Gateway).`,
                );
            }
        }
    },
);

export const corsNotWildcard = resourceRule(
    {
        name: "edge-cors-not-wildcard",
        description: 'Envoy Gateway SecurityPolicy CORS must list explicit origins, never "*" (enforced in prod).',
        remediationSteps: "Set spec.cors.allowOrigins to the exact front-end origins (https://app.example.com).",
        severity: "high",
        tags,
    },
    ofType(K.SecurityPolicy),
    (ctx) => {
        const origins: string[] = ctx.props.spec?.cors?.allowOrigins ?? [];
        if (origins.some((o) => o.trim() === "*")) ctx.report('spec.cors.allowOrigins contains "*".');
    },
);

export const edgeTrafficRules = [rateLimit, corsNotWildcard];
