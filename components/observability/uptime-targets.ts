/**
 * Public health endpoints the blackbox exporter probes: every host of every routed service, at the service's readiness
 * path, over HTTPS when the edge terminates TLS. Pure.
 */
import { StackConfig } from "../config";

export interface UptimeTarget {
    service: string;
    url: string;
}

export function uptimeTargets(config: Pick<StackConfig, "services" | "edge">): UptimeTarget[] {
    const scheme = config.edge.tls.enabled ? "https" : "http";
    return config.services.flatMap((svc) =>
        (svc.route?.hosts ?? []).map((host) => ({ service: svc.name, url: `${scheme}://${host}${svc.probes.readiness.path}` })),
    );
}

/** Blackbox module the probes use: HTTP 2xx, TLS verified, IPv4 preferred, 5 s timeout. */
export const PROBE_MODULE = "http_2xx";

export function blackboxValues(): Record<string, unknown> {
    return {
        fullnameOverride: "prometheus-blackbox-exporter",
        config: {
            modules: {
                [PROBE_MODULE]: {
                    prober: "http",
                    timeout: "5s",
                    http: { valid_status_codes: [], follow_redirects: true, preferred_ip_protocol: "ip4", fail_if_not_ssl: false },
                },
            },
        },
        securityContext: {
            runAsNonRoot: true,
            runAsUser: 1000,
            readOnlyRootFilesystem: true,
            allowPrivilegeEscalation: false,
            capabilities: { drop: ["ALL"] },
        },
        podSecurityContext: { seccompProfile: { type: "RuntimeDefault" } },
        resources: { requests: { cpu: "25m", memory: "32Mi" }, limits: { cpu: "200m", memory: "64Mi" } },
    };
}
