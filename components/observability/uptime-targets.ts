/**
 * Public health endpoints the blackbox exporter probes and the deploy workflow smoke-tests: every host of every routed
 * service, at the probe path its route really serves (publicHealthPath; validation rejects a route serving none), over
 * HTTPS when the edge terminates TLS. Pure.
 */
import { publicHealthPath, StackConfig } from "../config";

export interface UptimeTarget {
    service: string;
    url: string;
}

export function uptimeTargets(config: Pick<StackConfig, "services" | "edge">): UptimeTarget[] {
    const scheme = config.edge.tls.enabled ? "https" : "http";
    return config.services.flatMap((svc) => {
        const path = publicHealthPath(svc);
        if (svc.route && path === undefined)
            throw new Error(`internal: service ${svc.name} routes no probe path; config validation (health-path.ts) should have said so`);
        return (svc.route?.hosts ?? []).map((host) => ({ service: svc.name, url: `${scheme}://${host}${path}` }));
    });
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
