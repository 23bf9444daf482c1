import type { PolicyResource } from "@pulumi/policy";
import { gatewaysOf } from "../../../lib/kubernetes/gateway";
import { K, ofType } from "../../../lib/kubernetes/types";
import { known, UNKNOWN } from "../../../lib/preview";
import { resourceRule, stackRule } from "../../../lib/rule";

const tags = ["kubernetes", "edge"];

interface ProxyConfig {
    minReplicas: number;
}

/** The EnvoyProxy a Gateway names in spec.infrastructure.parametersRef (same namespace), or why there is none. */
function proxyOf(gateway: PolicyResource, resources: PolicyResource[]): PolicyResource | "none" | typeof UNKNOWN {
    const ref = known(() => ({ ...(gateway.props.spec?.infrastructure?.parametersRef ?? {}) }));
    if (ref === UNKNOWN) return UNKNOWN;
    if (ref.kind !== "EnvoyProxy") return "none";
    const namespace = gateway.props.metadata?.namespace ?? "default";
    const proxy = resources.find(
        (r) => r.type === K.EnvoyProxy && r.props.metadata?.name === ref.name && (r.props.metadata?.namespace ?? "default") === namespace,
    );
    return proxy ?? "none";
}

export const proxyAvailability = stackRule<ProxyConfig>(
    {
        name: "edge-proxy-availability",
        description:
            "Every Gateway's data plane runs at least minReplicas Envoy proxies (prod and staging: 2) with a PodDisruptionBudget: the Gateway names an EnvoyProxy in spec.infrastructure.parametersRef whose envoyDeployment.replicas / envoyHpa.minReplicas reach the floor and which sets envoyPDB.",
        remediationSteps:
            "Create a gateway.envoyproxy.io/v1alpha1 EnvoyProxy in the Gateway's namespace with provider.kubernetes.envoyDeployment.replicas (and envoyHpa.minReplicas) >= minReplicas and envoyPDB { maxUnavailable: 1 }, and reference it from the Gateway's spec.infrastructure.parametersRef (group gateway.envoyproxy.io, kind EnvoyProxy).",
        severity: "high",
        tags,
        configSchema: { properties: { minReplicas: { type: "integer", minimum: 1, default: 2 } } },
    },
    (ctx) => {
        const min = ctx.config.minReplicas;
        const { gateways } = gatewaysOf(ctx.resources);
        for (const g of gateways) {
            const proxy = proxyOf(g.resource, ctx.resources);
            if (proxy === UNKNOWN) continue;
            if (proxy === "none") {
                if (min > 1)
                    ctx.report(
                        g.resource,
                        `Gateway ${g.namespace}/${g.name} names no EnvoyProxy: its data plane is Envoy Gateway's default, one proxy without a PodDisruptionBudget (need >= ${min}).`,
                    );
                continue;
            }
            const k = known(() => ({ ...(proxy.props.spec?.provider?.kubernetes ?? {}) }));
            if (k === UNKNOWN) continue;
            const replicas: number = k.envoyHpa?.minReplicas ?? k.envoyDeployment?.replicas ?? 1;
            if (replicas < min)
                ctx.report(
                    proxy,
                    `EnvoyProxy ${proxy.props.metadata?.name} runs ${replicas} proxy replica(s) for Gateway ${g.name}; at least ${min} required.`,
                );
            if (min > 1 && !k.envoyPDB)
                ctx.report(
                    proxy,
                    `EnvoyProxy ${proxy.props.metadata?.name} sets no envoyPDB: a node drain may take every proxy of Gateway ${g.name} at once.`,
                );
        }
    },
);

/** Seconds of a Gateway API duration ("600s", "10m", "1h30m", "500ms"); "0s" means no timeout at all. */
export function durationSeconds(d: string): number | undefined {
    const parts = [...d.matchAll(/(\d+)(h|ms|m|s)/g)];
    if (parts.length === 0 || parts.map((p) => p[0]).join("") !== d) return undefined;
    const unit = { h: 3600, m: 60, s: 1, ms: 0.001 } as const;
    const total = parts.reduce((sum, p) => sum + Number(p[1]) * unit[p[2] as keyof typeof unit], 0);
    return total === 0 ? Infinity : total;
}

interface TimeoutConfig {
    maxSeconds: number;
}

/** A rule serves every path when it has no path match, or matches the "/" prefix. */
function servesEveryPath(rule: Record<string, any>): boolean {
    const matches: Record<string, any>[] = rule.matches ?? [];
    if (matches.length === 0) return true;
    return matches.some((m) => !m.path || ((m.path.type ?? "PathPrefix") === "PathPrefix" && m.path.value === "/"));
}

export const longTimeoutScoped = resourceRule<TimeoutConfig>(
    {
        name: "edge-long-timeout-scoped",
        description:
            "An HTTPRoute rule whose request or backendRequest timeout exceeds maxSeconds (websockets, long polls) must match specific path prefixes, never every path: a 600 s timeout on / lets any slow request hold a proxy connection for ten minutes.",
        remediationSteps:
            "Give the long-lived endpoint (e.g. /ws/) a rule of its own with the long timeout, and keep the catch-all rule at the normal timeout (services[].route.websocketPaths).",
        severity: "medium",
        tags,
        configSchema: { properties: { maxSeconds: { type: "integer", minimum: 1, default: 120 } } },
    },
    ofType(K.HTTPRoute),
    (ctx) => {
        (ctx.props.spec?.rules ?? []).forEach((rule: Record<string, any>, i: number) => {
            const timeouts = [rule.timeouts?.request, rule.timeouts?.backendRequest].filter((t): t is string => typeof t === "string");
            const longest = Math.max(0, ...timeouts.map((t) => durationSeconds(t) ?? 0));
            if (longest > ctx.config.maxSeconds && servesEveryPath(rule))
                ctx.report(
                    `rules[${i}] has a ${longest === Infinity ? "disabled (0s)" : `${longest}s`} timeout on every path (more than ${ctx.config.maxSeconds}s is for specific prefixes only).`,
                );
        });
    },
);

export const edgeDataPlaneRules = [proxyAvailability, longTimeoutScoped];
