/**
 * `ingress` mode: an Ingress of the configured class with the cert-manager annotation, and for Traefik the same
 * headers and limits as Middlewares. Never controller snippet annotations (they run arbitrary proxy config).
 */
import * as pulumi from "@pulumi/pulumi";
import { StackConfig } from "../config";
import { WorkloadInfo } from "../contracts";
import { quantityBytes, securityHeaders } from "./headers";
import { Route } from "./route-spec";
import { ISSUER_ANNOTATION, tlsSecretName } from "./gateway-spec";

export type MiddlewareRole = "headers" | "ratelimit" | "body" | "cors";

export function usesTraefik(config: StackConfig): boolean {
    return config.edge.ingressClass === "traefik";
}

/** Traefik Middleware specs for a route (traefik.io/v1alpha1). */
export function traefikMiddlewares(config: StackConfig, route: Route): Partial<Record<MiddlewareRole, Record<string, unknown>>> {
    const edge = config.edge;
    const h = securityHeaders(edge);
    const headers: Record<string, unknown> = {
        ...(h["X-Frame-Options"] === "DENY" ? { frameDeny: true } : { customFrameOptionsValue: h["X-Frame-Options"] }),
        contentTypeNosniff: true,
        referrerPolicy: h["Referrer-Policy"],
        contentSecurityPolicy: h["Content-Security-Policy"],
        customResponseHeaders: { Server: "", "X-Powered-By": "" },
    };
    if (h["Strict-Transport-Security"])
        Object.assign(headers, { stsSeconds: edge.hstsMaxAgeSeconds, stsIncludeSubdomains: true, stsPreload: edge.hstsPreload });
    const rps = edge.rateLimit.requestsPerSecond;
    const out: Partial<Record<MiddlewareRole, Record<string, unknown>>> = {
        headers: { headers },
        ratelimit: { rateLimit: { average: rps, period: "1s", burst: rps * 2, sourceCriterion: { ipStrategy: { depth: 0 } } } },
    };
    if (!route.websocket) out.body = { buffering: { maxRequestBodyBytes: quantityBytes(edge.maxBodySize) } };
    if (edge.cors.allowOrigins.length > 0) {
        out.cors = {
            headers: {
                accessControlAllowOriginList: edge.cors.allowOrigins,
                accessControlAllowMethods: edge.cors.allowMethods,
                accessControlAllowHeaders: edge.cors.allowHeaders,
                accessControlMaxAge: edge.cors.maxAgeSeconds,
            },
        };
    }
    return out;
}

/** Ingress annotations: issuer, Traefik routers on HTTPS only with the middlewares (namespace-qualified). */
export function ingressAnnotations(
    config: StackConfig,
    namespace: pulumi.Input<string>,
    middlewareNames: string[],
): Record<string, pulumi.Input<string>> {
    const a: Record<string, pulumi.Input<string>> = {};
    if (config.edge.tls.enabled) a[ISSUER_ANNOTATION] = config.edge.tls.issuer;
    if (usesTraefik(config)) {
        if (config.edge.tls.enabled) {
            a["traefik.ingress.kubernetes.io/router.entrypoints"] = "websecure";
            a["traefik.ingress.kubernetes.io/router.tls"] = "true";
        }
        if (middlewareNames.length > 0) {
            a["traefik.ingress.kubernetes.io/router.middlewares"] = pulumi
                .output(namespace)
                .apply((ns) => middlewareNames.map((m) => `${ns}-${m}@kubernetescrd`).join(","));
        }
    }
    return a;
}

/**
 * Ingress spec. Ingress has no traffic weights: the backend is the track with the highest weight (progressive
 * delivery needs gateway mode). The metrics path is never routed: when a path would cover it on the public port,
 * an Exact rule sends it to a backend port that does not exist, which the controller answers with 503.
 */
export function ingressSpec(config: StackConfig, route: Route, info: WorkloadInfo, metricsCovered: boolean): Record<string, unknown> {
    const primary = [...info.backends].sort((a, b) => b.weight - a.weight)[0];
    const backend = { service: { name: primary.serviceName, port: { number: info.httpPort } } };
    const paths: Record<string, unknown>[] = route.paths.map((p) => ({ path: p, pathType: "Prefix", backend }));
    if (metricsCovered)
        paths.unshift({
            path: info.metricsPath,
            pathType: "Exact",
            backend: { service: { name: primary.serviceName, port: { name: "no-public-metrics" } } },
        });
    return {
        ingressClassName: config.edge.ingressClass,
        ...(config.edge.tls.enabled ? { tls: route.hosts.map((h) => ({ hosts: [h], secretName: tlsSecretName(h) })) } : {}),
        rules: route.hosts.map((host) => ({ host, http: { paths } })),
    };
}
