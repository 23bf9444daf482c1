/** HTTPRoutes and the Envoy Gateway policies attached to them, as plain objects. */
import { routeServes, ServiceConfig, StackConfig } from "../config";
import { WorkloadInfo } from "../contracts";
import { GatewayRef } from "./gateway-spec";
import { REMOVED_RESPONSE_HEADERS, securityHeaders } from "./headers";
import { rateLimitSpec } from "./rate-limit";
import { resilienceOf, resilienceSpec } from "./resilience";
import { staticAssetRules } from "./static-cache";

type Route = NonNullable<ServiceConfig["route"]>;

/** Timeout of the websocket rule (Third Eye: 600 s), never shorter than the route's own. */
export function websocketTimeoutSeconds(route: Route): number {
    return Math.max(route.websocketTimeoutSeconds, route.timeoutSeconds);
}

/** Rule names (Gateway API `rules[].name`): policies and tests address the rules by them. */
export const RULE_NAMES = { app: "app", websocket: "websocket", metrics: "deny-metrics", static: "static-assets" } as const;

/** True when one of the route's path prefixes would reach the metrics path on the public port. */
export function exposesMetrics(route: Route, info: Pick<WorkloadInfo, "httpPort" | "metricsPort" | "metricsPath">): boolean {
    if (info.metricsPort !== info.httpPort) return false;
    return routeServes(route.paths, info.metricsPath);
}

/** Name of the Envoy Gateway HTTPRouteFilter that answers 404 for the metrics path. */
export function denyFilterName(service: string): string {
    return `${service}-deny-metrics`;
}

export function parentRefs(gateway: GatewayRef, hosts: string[], tls: boolean): Record<string, unknown>[] {
    if (!tls) return [{ name: gateway.name, namespace: gateway.namespace, sectionName: gateway.httpSectionName }];
    return hosts.map((h) => ({ name: gateway.name, namespace: gateway.namespace, sectionName: gateway.httpsSectionNames[h] }));
}

/** The service's HTTPRoute: security headers, timeouts, weighted backends, and the metrics path answered with 404. */
export function httpRouteSpec(config: StackConfig, route: Route, info: WorkloadInfo, gateway: GatewayRef): Record<string, unknown> {
    const headerFilter = {
        type: "ResponseHeaderModifier",
        responseHeaderModifier: {
            set: Object.entries(securityHeaders(config.edge)).map(([name, value]) => ({ name, value })),
            remove: REMOVED_RESPONSE_HEADERS,
        },
    };
    const rules: Record<string, unknown>[] = [];
    if (exposesMetrics(route, info)) {
        rules.push({
            name: RULE_NAMES.metrics,
            matches: [{ path: { type: "PathPrefix", value: info.metricsPath } }],
            // The 404 answer carries the same security headers as every other public response.
            filters: [
                headerFilter,
                {
                    type: "ExtensionRef",
                    extensionRef: { group: "gateway.envoyproxy.io", kind: "HTTPRouteFilter", name: denyFilterName(info.name) },
                },
            ],
        });
    }
    const backendRefs = info.backends.map((b) => ({ name: b.serviceName, port: info.httpPort, weight: b.weight }));
    // The long timeout only where the websockets are (nginx `location /ws/`): the longest matching prefix wins, so the
    // rest of the route keeps its own timeout.
    if (route.websocket) {
        const timeout = `${websocketTimeoutSeconds(route)}s`;
        rules.push({
            name: RULE_NAMES.websocket,
            matches: route.websocketPaths.map((p) => ({ path: { type: "PathPrefix", value: p } })),
            filters: [headerFilter],
            backendRefs,
            timeouts: { request: timeout, backendRequest: timeout },
        });
    }
    const routeRule = {
        name: RULE_NAMES.app,
        matches: route.paths.map((p) => ({ path: { type: "PathPrefix", value: p } })),
        filters: [headerFilter],
        backendRefs,
        timeouts: { request: `${route.timeoutSeconds}s` },
    };
    // Rule names are unique within a route: the static-asset rule copies the app rule, so it is renamed.
    const statics = staticAssetRules(config, info.name, route.paths, routeRule).map((r) => ({ ...r, name: RULE_NAMES.static }));
    rules.push(...statics, routeRule);
    return { parentRefs: parentRefs(gateway, route.hosts, config.edge.tls.enabled), hostnames: route.hosts, rules };
}

/** The HTTPRouteFilter answering 404 (Envoy Gateway direct response). */
export function denyFilterSpec(): Record<string, unknown> {
    return { directResponse: { contentType: "text/plain", statusCode: 404, body: { type: "Inline", inline: "Not Found" } } };
}

/** HTTP listener: every request is redirected to HTTPS (ACME HTTP-01 challenge routes are more specific and win). */
export function redirectRouteSpec(hosts: string[], gateway: GatewayRef): Record<string, unknown> {
    return {
        parentRefs: [{ name: gateway.name, namespace: gateway.namespace, sectionName: gateway.httpSectionName }],
        hostnames: hosts,
        rules: [{ filters: [{ type: "RequestRedirect", requestRedirect: { scheme: "https", statusCode: 301 } }] }],
    };
}

function routeTarget(name: string) {
    return [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute", name }];
}

/**
 * BackendTrafficPolicy of a route: local rate limit per client IP (requests per second from the environment preset),
 * request body limit (nginx client_max_body_size; 413 above it), upstream connect timeout. Websocket routes are
 * streamed, never buffered, so they get no body limit.
 */
export function backendTrafficPolicySpec(config: StackConfig, route: Route, routeName: string): Record<string, unknown> {
    return {
        targetRefs: routeTarget(routeName),
        rateLimit: rateLimitSpec(config),
        ...(route.websocket ? {} : { requestBuffer: { limit: config.edge.maxBodySize } }),
        timeout: { tcp: { connectTimeout: "10s" } },
        ...resilienceSpec(resilienceOf(config, route), route.timeoutSeconds),
    };
}

/** SecurityPolicy of a route: CORS for the configured origins only. */
export function corsPolicySpec(config: StackConfig, routeName: string): Record<string, unknown> | undefined {
    const cors = config.edge.cors;
    if (cors.allowOrigins.length === 0) return undefined;
    return {
        targetRefs: routeTarget(routeName),
        cors: {
            allowOrigins: cors.allowOrigins,
            allowMethods: cors.allowMethods,
            allowHeaders: cors.allowHeaders,
            maxAge: `${cors.maxAgeSeconds}s`,
        },
    };
}

export type { Route };
export function gatewayRefOf(edge: { gateway?: GatewayRef }): GatewayRef {
    if (!edge.gateway) throw new Error("gateway mode needs the edge layer's gateway");
    return edge.gateway;
}
