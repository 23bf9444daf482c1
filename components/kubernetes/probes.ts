import * as k8s from "@pulumi/kubernetes";
import { ServiceConfig } from "../config";

type ProbeConfig = ServiceConfig["probes"]["liveness"];

/** HTTP GET probe on a named or numbered port, with the timings from config. */
export function httpProbe(probe: ProbeConfig, port: number | string): k8s.types.input.core.v1.Probe {
    return {
        httpGet: { path: probe.path, port },
        initialDelaySeconds: probe.initialDelaySeconds,
        periodSeconds: probe.periodSeconds,
        timeoutSeconds: probe.timeoutSeconds,
        failureThreshold: probe.failureThreshold,
    };
}

/** TCP probe: the process accepts connections, whatever its dependencies say. */
export function tcpProbe(probe: ProbeConfig, port: number | string): k8s.types.input.core.v1.Probe {
    const { httpGet: _ignored, ...timings } = httpProbe(probe, port);
    return { tcpSocket: { port }, ...timings };
}

/**
 * Liveness, readiness and (optional) startup probes of a service. Where liveness and readiness name the same endpoint
 * (many guides point both at /health), liveness becomes a TCP check: an endpoint that fails while a shared dependency
 * is slow would otherwise restart every replica at once instead of just taking them out of rotation.
 */
export function serviceProbes(
    probes: ServiceConfig["probes"],
    port: number | string,
): Pick<k8s.types.input.core.v1.Container, "livenessProbe" | "readinessProbe" | "startupProbe"> {
    const sameEndpoint = probes.liveness.path === probes.readiness.path;
    return {
        livenessProbe: sameEndpoint ? tcpProbe(probes.liveness, port) : httpProbe(probes.liveness, port),
        readinessProbe: httpProbe(probes.readiness, port),
        ...(probes.startup ? { startupProbe: httpProbe(probes.startup, port) } : {}),
    };
}
