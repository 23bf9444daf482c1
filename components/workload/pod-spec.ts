/**
 * The pod template of an app service, as a plain object: restricted security context, probes, resources, env from a
 * ConfigMap plus secret references, scratch volumes for the read-only root filesystem, graceful shutdown and
 * topology spread. Shared by Deployments, StatefulSets and the migrations Job.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ServiceConfig } from "../config";
import {
    hardenedContainer,
    restrictedContainerSecurityContext,
    restrictedPodSecurityContext,
    serviceProbes,
    writableScratch,
} from "../kubernetes";

export const DATA_VOLUME = "data";

export interface PodInputs {
    svc: ServiceConfig;
    image: pulumi.Input<string>;
    serviceAccountName: pulumi.Input<string>;
    configMapName: pulumi.Input<string>;
    secretEnv: k8s.types.input.core.v1.EnvVar[];
    labels: Record<string, string>;
    annotations: Record<string, pulumi.Input<string>>;
    /** Spread over zones and hostnames (preset.topologySpread). */
    topologySpread: boolean;
    /** Mount of the data volume: a claim template (StatefulSet) or a shared claim by name. */
    dataVolume?: { kind: "template" } | { kind: "claim"; claimName: pulumi.Input<string> };
    /** File the secrets backend renders env into (WorkloadSecrets.envFile): sourced before the command runs. */
    envFile?: string;
    /** The stack's PriorityClass (StackContext.priorityClassName), where the preset asks for one. */
    priorityClassName?: pulumi.Input<string>;
    /** Volumes the secrets backend needs on the pod (WorkloadSecrets.podVolumes). */
    secretVolumes?: k8s.types.input.core.v1.Volume[];
}

/** Wraps a command so that it first sources the backend's env file (`. file && exec cmd args`). */
export function withEnvFile(
    envFile: string | undefined,
    command: string[] | undefined,
    args: string[] | undefined,
): { command?: string[]; args?: string[] } {
    if (!envFile || !command) return { command, args };
    return { command: ["/bin/sh", "-c", `. ${envFile} && exec "$@"`, "--", ...command, ...(args ?? [])], args: undefined };
}

export function containerPorts(svc: ServiceConfig): k8s.types.input.core.v1.ContainerPort[] {
    const ports: k8s.types.input.core.v1.ContainerPort[] = [{ name: "http", containerPort: svc.port, protocol: "TCP" }];
    if (svc.metricsPort !== undefined && svc.metricsPort !== svc.port)
        ports.push({ name: "metrics", containerPort: svc.metricsPort, protocol: "TCP" });
    return ports;
}

export function topologySpreadConstraints(selector: Record<string, string>): k8s.types.input.core.v1.TopologySpreadConstraint[] {
    return [
        {
            maxSkew: 1,
            topologyKey: "topology.kubernetes.io/zone",
            whenUnsatisfiable: "DoNotSchedule",
            labelSelector: { matchLabels: selector },
            matchLabelKeys: ["pod-template-hash"],
        },
        {
            maxSkew: 1,
            topologyKey: "kubernetes.io/hostname",
            whenUnsatisfiable: "ScheduleAnyway",
            labelSelector: { matchLabels: selector },
            matchLabelKeys: ["pod-template-hash"],
        },
    ];
}

/** The app container; `overrides` replaces command/args (migrations). */
export function appContainer(
    p: PodInputs,
    overrides: { name?: string; command?: string[]; args?: string[]; withProbes?: boolean; withLifecycle?: boolean } = {},
): k8s.types.input.core.v1.Container {
    const { svc } = p;
    const scratch = writableScratch(svc.writablePaths);
    const mounts = [...scratch.mounts];
    if (svc.volume && p.dataVolume) mounts.push({ name: DATA_VOLUME, mountPath: svc.volume.mountPath });
    const wrapped = withEnvFile(p.envFile, overrides.command ?? svc.command, overrides.command ? overrides.args : svc.args);
    const command = wrapped.command;
    const args = wrapped.args;
    return hardenedContainer({
        name: overrides.name ?? svc.name,
        image: p.image,
        ...(command ? { command } : {}),
        ...(args ? { args } : {}),
        ports: overrides.withProbes === false ? undefined : containerPorts(svc),
        envFrom: [{ configMapRef: { name: p.configMapName } }],
        env: p.secretEnv,
        resources: { requests: { ...svc.resources.requests }, limits: { ...svc.resources.limits } },
        securityContext: restrictedContainerSecurityContext(),
        volumeMounts: mounts,
        ...(overrides.withProbes === false ? {} : serviceProbes(svc.probes, "http")),
        ...(overrides.withLifecycle !== false && svc.preStopSleepSeconds > 0
            ? { lifecycle: { preStop: { sleep: { seconds: svc.preStopSleepSeconds } } } }
            : {}),
    });
}

function podVolumes(p: PodInputs): k8s.types.input.core.v1.Volume[] {
    const volumes = writableScratch(p.svc.writablePaths).volumes;
    if (p.svc.volume && p.dataVolume?.kind === "claim")
        volumes.push({ name: DATA_VOLUME, persistentVolumeClaim: { claimName: p.dataVolume.claimName } });
    return [...volumes, ...(p.secretVolumes ?? [])];
}

/** What every pod of the service shares: its identity, no service links, the restricted security context. */
function servicePod(p: PodInputs, spec: k8s.types.input.core.v1.PodSpec): k8s.types.input.core.v1.PodTemplateSpec {
    return {
        metadata: { labels: p.labels, annotations: p.annotations },
        spec: {
            serviceAccountName: p.serviceAccountName,
            automountServiceAccountToken: p.svc.automountServiceAccountToken,
            enableServiceLinks: false,
            securityContext: restrictedPodSecurityContext(),
            ...(p.priorityClassName ? { priorityClassName: p.priorityClassName } : {}),
            ...spec,
        },
    };
}

/** Pod template of a long-running track. */
export function podTemplate(p: PodInputs): k8s.types.input.core.v1.PodTemplateSpec {
    return servicePod(p, {
        terminationGracePeriodSeconds: p.svc.terminationGracePeriodSeconds,
        containers: [appContainer(p)],
        volumes: podVolumes(p),
        ...(p.topologySpread ? { topologySpreadConstraints: topologySpreadConstraints(p.labels) } : {}),
    });
}

/** Pod template of the migrations Job: same image, env and security; the migrations command; never restarts in place. */
export function migrationPodTemplate(p: PodInputs, command: string[]): k8s.types.input.core.v1.PodTemplateSpec {
    return servicePod(p, {
        restartPolicy: "Never",
        containers: [appContainer(p, { name: "migrate", command, withProbes: false, withLifecycle: false })],
        volumes: [...writableScratch(p.svc.writablePaths).volumes, ...(p.secretVolumes ?? [])],
    });
}
