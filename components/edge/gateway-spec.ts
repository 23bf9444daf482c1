/** The Gateway and its client-facing policy, as plain objects. */
import * as pulumi from "@pulumi/pulumi";
import { StackConfig } from "../config";
import { TLS12_CIPHERS } from "./headers";
import { envoyProxyName } from "./proxy-spec";

export const HTTP_SECTION = "http";

/** Name of the stack's Gateway (the routes attach to it, the HTTP-01 solver answers through it). */
export function gatewayName(config: StackConfig): string {
    return `${config.appName}-gateway`;
}

/** Hosts of every routed service, in config order, without duplicates. */
export function routedHosts(config: StackConfig): string[] {
    return [...new Set(config.services.flatMap((s) => s.route?.hosts ?? []))];
}

/** Listener (section) name of a host: `https-api-example-com`, at most 63 characters. */
export function httpsSectionName(host: string): string {
    return `https-${host.replace(/\*/g, "wildcard").replace(/\./g, "-")}`.slice(0, 63).replace(/-+$/, "");
}

export function tlsSecretName(host: string): string {
    return `${host.replace(/\*/g, "wildcard").replace(/\./g, "-")}-tls`.slice(0, 253);
}

/** One HTTPS listener per host (certificate per host, issued by cert-manager), plus the HTTP listener. */
export function gatewaySpec(config: StackConfig): Record<string, unknown> {
    const listeners: Record<string, unknown>[] = [
        { name: HTTP_SECTION, protocol: "HTTP", port: 80, allowedRoutes: { namespaces: { from: "Same" } } },
    ];
    if (config.edge.tls.enabled) {
        for (const host of routedHosts(config)) {
            listeners.push({
                name: httpsSectionName(host),
                protocol: "HTTPS",
                port: 443,
                hostname: host,
                tls: { mode: "Terminate", certificateRefs: [{ kind: "Secret", name: tlsSecretName(host) }] },
                allowedRoutes: { namespaces: { from: "Same" } },
            });
        }
    }
    return {
        gatewayClassName: config.edge.gatewayClassName,
        // The stack's own data plane settings (replicas, PDB, HPA, zone spread, load balancer).
        infrastructure: { parametersRef: { group: "gateway.envoyproxy.io", kind: "EnvoyProxy", name: envoyProxyName(config) } },
        listeners,
    };
}

/** cert-manager's annotation naming a namespaced Issuer (the stack's own, in the app namespace). */
export const ISSUER_ANNOTATION = "cert-manager.io/issuer";

/** cert-manager's gateway-shim issues a certificate for every HTTPS listener of an annotated Gateway. */
export function gatewayAnnotations(config: StackConfig): Record<string, string> {
    return config.edge.tls.enabled ? { [ISSUER_ANNOTATION]: config.edge.tls.issuer } : {};
}

/** Envoy Gateway ClientTrafficPolicy on the Gateway: TLS versions and ciphers (nginx ssl_protocols / ssl_ciphers). */
export function clientTrafficPolicySpec(config: StackConfig, gatewayName: string): Record<string, unknown> {
    const tls = config.edge.tls;
    return {
        targetRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: gatewayName }],
        tls: {
            minVersion: tls.minVersion,
            maxVersion: "1.3",
            ...(tls.minVersion === "1.2" ? { ciphers: TLS12_CIPHERS } : {}),
            alpnProtocols: ["h2", "http/1.1"],
        },
        path: { escapedSlashesAction: "UnescapeAndRedirect", disableMergeSlashes: false },
        headers: { withUnderscoresAction: "RejectRequest" },
    };
}

export interface GatewayRef {
    name: string;
    namespace: pulumi.Input<string>;
    httpsSectionNames: Record<string, string>;
    httpSectionName: string;
}
