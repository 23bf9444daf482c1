import type { PolicyResource } from "@pulumi/policy";
import { known, UNKNOWN } from "../preview";
import { K } from "./types";

export interface Listener {
    name: string;
    protocol: string;
    hostname?: string;
    certificateRefs: unknown[];
}

export interface Gateway {
    resource: PolicyResource;
    namespace: string;
    name: string;
    listeners: Listener[];
}

export interface ParentRef {
    kind: string;
    name: string;
    namespace: string;
    sectionName?: string;
}

export interface Route {
    resource: PolicyResource;
    namespace: string;
    name: string;
    hostnames: string[];
    parentRefs: ParentRef[];
    rules: Record<string, any>[];
}

/** Gateways whose identity and listeners are fully known; the rest cannot be judged during preview. */
export function gatewaysOf(resources: PolicyResource[]): { gateways: Gateway[]; anyUnknown: boolean } {
    const gateways: Gateway[] = [];
    let anyUnknown = false;
    for (const resource of resources.filter((r) => r.type === K.Gateway)) {
        const g = known(() => ({
            resource,
            namespace: resource.props.metadata?.namespace ?? "default",
            name: resource.props.metadata?.name,
            listeners: (resource.props.spec?.listeners ?? []).map((l: any) => ({
                name: l.name,
                protocol: l.protocol,
                hostname: l.hostname,
                certificateRefs: [...(l.tls?.certificateRefs ?? [])],
            })),
        }));
        if (g === UNKNOWN || g.name === undefined) anyUnknown = true;
        else gateways.push(g);
    }
    return { gateways, anyUnknown };
}

/** HTTPRoutes, known parts only; `anyUnknown` tells callers a route could not be read. */
export function routesOf(resources: PolicyResource[]): { routes: Route[]; anyUnknown: boolean } {
    const routes: Route[] = [];
    let anyUnknown = false;
    for (const resource of resources.filter((r) => r.type === K.HTTPRoute)) {
        const r = known(() => {
            const namespace = resource.props.metadata?.namespace ?? "default";
            return {
                resource,
                namespace,
                name: resource.props.metadata?.name,
                hostnames: [...(resource.props.spec?.hostnames ?? [])],
                parentRefs: (resource.props.spec?.parentRefs ?? []).map((p: any) => ({
                    kind: p.kind ?? "Gateway",
                    name: p.name,
                    namespace: p.namespace ?? namespace,
                    sectionName: p.sectionName,
                })),
                rules: JSON.parse(JSON.stringify(resource.props.spec?.rules ?? [])),
            };
        });
        if (r === UNKNOWN) anyUnknown = true;
        else routes.push(r);
    }
    return { routes, anyUnknown };
}

/** Listeners of `gateway` that `route` attaches to (all of them when the parentRef names no section). */
export function attachedListeners(route: Route, gateway: Gateway): Listener[] {
    return route.parentRefs
        .filter((p) => p.kind === "Gateway" && p.name === gateway.name && p.namespace === gateway.namespace)
        .flatMap((p) => gateway.listeners.filter((l) => p.sectionName === undefined || l.name === p.sectionName));
}

export function isRedirectToHttps(rule: Record<string, any>): boolean {
    return (rule.filters ?? []).some((f: any) => f.type === "RequestRedirect" && f.requestRedirect?.scheme === "https");
}

/** Gateway API hostname matching: exact, `*.example.com` for exactly one more label, or any when unset. */
export function hostnameMatches(listenerHostname: string | undefined, host: string): boolean {
    if (!listenerHostname) return true;
    if (listenerHostname.startsWith("*.")) {
        const suffix = listenerHostname.slice(1);
        return host.endsWith(suffix) && !host.slice(0, -suffix.length).includes(".") && host.length > suffix.length;
    }
    return listenerHostname === host;
}

export const CERT_MANAGER_ANNOTATIONS = ["cert-manager.io/cluster-issuer", "cert-manager.io/issuer"];

/** Traefik's Ingress annotation listing Middleware references (`<namespace>-<name>@kubernetescrd`, comma-separated). */
export const TRAEFIK_MIDDLEWARES = "traefik.ingress.kubernetes.io/router.middlewares";

export function referencesMiddleware(annotations: Record<string, string>, middleware: string): boolean {
    return (annotations[TRAEFIK_MIDDLEWARES] ?? "")
        .split(",")
        .map((s) => s.trim().replace(/@kubernetescrd$/, ""))
        .some((ref) => ref === middleware || ref.endsWith(`-${middleware}`));
}
