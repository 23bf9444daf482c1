/**
 * Pod-spec pieces shared by the data services (PgBouncer, Redis, Vault bootstrap Jobs). Security contexts come from
 * ./security.ts; this file only adapts them to images that run as a fixed non-root UID.
 */
import * as k8s from "@pulumi/kubernetes";
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from "./security";

type Resources = k8s.types.input.core.v1.ResourceRequirements;

/** `restricted` pod security context for an image that runs as `uid` (non-root). */
export function podSecurityFor(uid: number): k8s.types.input.core.v1.PodSecurityContext {
    return { ...restrictedPodSecurityContext(uid), runAsUser: uid, runAsGroup: uid };
}

/** `restricted` container security context (read-only root, no escalation, every capability dropped). */
export function containerSecurity(): k8s.types.input.core.v1.SecurityContext {
    return restrictedContainerSecurityContext();
}

/** Requests and limits; memory request = limit so the pod is never OOM-killed for a neighbour's burst. */
export function resources(cpuRequest: string, cpuLimit: string, memory: string): Resources {
    return { requests: { cpu: cpuRequest, memory }, limits: { cpu: cpuLimit, memory } };
}

/** Small sidecars (exporters). */
export const SIDECAR_RESOURCES: Resources = resources("10m", "100m", "64Mi");

/** Hard anti-affinity over hostnames and soft spread over zones, for members of one replicated service. */
export function spreadOver(
    selector: Record<string, string>,
    required: boolean,
): Pick<k8s.types.input.core.v1.PodSpec, "affinity" | "topologySpreadConstraints"> {
    if (!required) return {};
    return {
        affinity: {
            podAntiAffinity: {
                requiredDuringSchedulingIgnoredDuringExecution: [
                    { topologyKey: "kubernetes.io/hostname", labelSelector: { matchLabels: selector } },
                ],
            },
        },
        topologySpreadConstraints: [
            {
                maxSkew: 1,
                topologyKey: "topology.kubernetes.io/zone",
                whenUnsatisfiable: "ScheduleAnyway",
                labelSelector: { matchLabels: selector },
            },
        ],
    };
}

/**
 * Probes of a Prometheus exporter sidecar: alive while it accepts connections; ready once a scrape answers (a scrape
 * also queries the data service, hence the long period and timeout).
 */
export function exporterProbes(port: number): Pick<k8s.types.input.core.v1.Container, "livenessProbe" | "readinessProbe"> {
    return {
        livenessProbe: { tcpSocket: { port }, periodSeconds: 20, failureThreshold: 3 },
        readinessProbe: { httpGet: { path: "/metrics", port }, periodSeconds: 30, timeoutSeconds: 10, failureThreshold: 3 },
    };
}
