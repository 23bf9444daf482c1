import { containerRule, podRule } from "../../lib/kubernetes/pod-rule";
import { effectiveSecurity } from "../../lib/kubernetes/pod-spec";

export const runAsNonRoot = containerRule(
    {
        name: "k8s-pod-run-as-non-root",
        description: "Containers must run as a non-root user.",
        remediationSteps:
            "Set securityContext.runAsNonRoot: true (pod or container) and a non-zero runAsUser; build the image with a numeric USER.",
        severity: "high",
    },
    (container, pod) => {
        if (effectiveSecurity(pod.spec, container, "runAsNonRoot") !== true) return ["does not set runAsNonRoot: true."];
        return effectiveSecurity(pod.spec, container, "runAsUser") === 0 ? ["sets runAsUser: 0."] : [];
    },
);

export const notPrivileged = containerRule(
    {
        name: "k8s-container-not-privileged",
        description: "Containers must not run privileged.",
        remediationSteps:
            "Remove securityContext.privileged or set it to false; grant the specific capability instead if one is truly needed.",
        severity: "critical",
    },
    (container) => (container.securityContext?.privileged === true ? ["is privileged."] : []),
);

export const noPrivilegeEscalation = containerRule(
    {
        name: "k8s-container-no-privilege-escalation",
        description: "Containers must set allowPrivilegeEscalation: false (the default is true).",
        remediationSteps: "Set securityContext.allowPrivilegeEscalation: false on every container, init containers included.",
        severity: "high",
    },
    (container) => (container.securityContext?.allowPrivilegeEscalation !== false ? ["does not set allowPrivilegeEscalation: false."] : []),
);

interface CapabilityConfig {
    allowedAdd: string[];
}

export const dropAllCapabilities = containerRule<CapabilityConfig>(
    {
        name: "k8s-container-drop-all-capabilities",
        description: "Containers must drop ALL Linux capabilities and add back only allowed ones.",
        remediationSteps:
            "Set securityContext.capabilities.drop: [ALL]; add back only capabilities listed in this rule's allowedAdd config.",
        severity: "high",
        configSchema: {
            properties: {
                allowedAdd: { type: "array", items: { type: "string" }, default: ["NET_BIND_SERVICE"] },
            },
        },
    },
    (container, _pod, config) => {
        const caps = container.securityContext?.capabilities ?? {};
        const extra = (caps.add ?? []).filter((c: string) => !config.allowedAdd.includes(c));
        return [
            ...((caps.drop ?? []).includes("ALL") ? [] : ["does not drop ALL capabilities."]),
            ...(extra.length > 0 ? [`adds disallowed capabilities: ${extra.join(", ")}.`] : []),
        ];
    },
);

export const readOnlyRootFilesystem = containerRule(
    {
        name: "k8s-container-read-only-root-fs",
        description: "Containers must mount their root filesystem read-only.",
        remediationSteps:
            "Set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where the process needs to write (e.g. /tmp).",
        severity: "medium",
    },
    (container) => (container.securityContext?.readOnlyRootFilesystem !== true ? ["does not set readOnlyRootFilesystem: true."] : []),
);

const ACCEPTED_SECCOMP = ["RuntimeDefault", "Localhost"];

export const seccompRuntimeDefault = containerRule(
    {
        name: "k8s-pod-seccomp-runtime-default",
        description: "Pods must run with the RuntimeDefault (or a Localhost) seccomp profile.",
        remediationSteps: "Set spec.securityContext.seccompProfile.type: RuntimeDefault in the pod template.",
        severity: "medium",
    },
    (container, pod) => {
        const profile = effectiveSecurity(pod.spec, container, "seccompProfile") as { type?: string } | undefined;
        return ACCEPTED_SECCOMP.includes(profile?.type ?? "")
            ? []
            : [`runs without a RuntimeDefault seccomp profile (found ${profile?.type ?? "none"}).`];
    },
);

export const noHostNamespaces = podRule(
    {
        name: "k8s-pod-no-host-namespaces",
        description: "Pods must not share the node's network, PID or IPC namespace.",
        remediationSteps: "Remove hostNetwork, hostPID and hostIPC from the pod spec.",
        severity: "critical",
    },
    (ctx, pod) => {
        for (const field of ["hostNetwork", "hostPID", "hostIPC"]) {
            if (pod.spec[field] === true) ctx.report(`pod spec sets ${field}: true.`);
        }
    },
);

export const noHostPorts = containerRule(
    {
        name: "k8s-pod-no-host-ports",
        description: "Containers must not bind host ports.",
        remediationSteps: "Remove ports[].hostPort; expose the pod through a Service and the Gateway instead.",
        severity: "high",
    },
    (container) =>
        (container.ports ?? [])
            .filter((p: { hostPort?: number }) => p.hostPort !== undefined && p.hostPort !== 0)
            .map((p: { hostPort: number }) => `binds hostPort ${p.hostPort}.`),
);

export const noHostPath = podRule(
    {
        name: "k8s-pod-no-host-path",
        description: "Pods must not mount hostPath volumes.",
        remediationSteps: "Replace hostPath volumes with emptyDir, a PVC, a ConfigMap or a projected volume.",
        severity: "high",
    },
    (ctx, pod) => {
        for (const volume of pod.spec.volumes ?? []) {
            if (volume.hostPath) ctx.report(`volume "${volume.name}" mounts hostPath ${volume.hostPath.path ?? ""}.`);
        }
    },
);

export const podSecurityRules = [
    runAsNonRoot,
    notPrivileged,
    noPrivilegeEscalation,
    dropAllCapabilities,
    readOnlyRootFilesystem,
    seccompRuntimeDefault,
    noHostNamespaces,
    noHostPorts,
    noHostPath,
];
