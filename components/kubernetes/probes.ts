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

/** Liveness, readiness and (optional) startup probes of a service. */
export function serviceProbes(probes: ServiceConfig["probes"], port: number | string): Pick<k8s.types.input.core.v1.Container, "livenessProbe" | "readinessProbe" | "startupProbe"> {
    return {
        livenessProbe: httpProbe(probes.liveness, port),
        readinessProbe: httpProbe(probes.readiness, port),
        ...(probes.startup ? { startupProbe: httpProbe(probes.startup, port) } : {}),
    };
}
