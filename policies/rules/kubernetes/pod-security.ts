import { podRule } from "../../lib/kubernetes/pod-rule";
import { containerLabel, containersOf, effectiveSecurity } from "../../lib/kubernetes/pod-spec";

export const runAsNonRoot = podRule(
    {
        name: "k8s-pod-run-as-non-root",
        description: "Containers must run as a non-root user.",
        remediationSteps: "Set securityContext.runAsNonRoot: true (pod or container) and a non-zero runAsUser; build the image with a numeric USER.",
        severity: "high",
    },
    (ctx, pod) => {
        for (const ref of containersOf(pod.spec)) {
            if (effectiveSecurity(pod.spec, ref.container, "runAsNonRoot") !== true) {
                ctx.report(`${containerLabel(ref)} does not set runAsNonRoot: true.`);
            } else if (effectiveSecurity(pod.spec, ref.container, "runAsUser") === 0) {
                ctx.report(`${containerLabel(ref)} sets runAsUser: 0.`);
            }
        }
    },
);

export const notPrivileged = podRule(
    {
        name: "k8s-container-not-privileged",
        description: "Containers must not run privileged.",
        remediationSteps: "Remove securityContext.privileged or set it to false; grant the specific capability instead if one is truly needed.",
        severity: "critical",
    },
    (ctx, pod) => {
        for (const ref of containersOf(pod.spec)) {
            if (ref.container.securityContext?.privileged === true) ctx.report(`${containerLabel(ref)} is privileged.`);
        }
    },
);

export const noPrivilegeEscalation = podRule(
    {
        name: "k8s-container-no-privilege-escalation",
        description: "Containers must set allowPrivilegeEscalation: false (the default is true).",
        remediationSteps: "Set securityContext.allowPrivilegeEscalation: false on every container, init containers included.",
        severity: "high",
    },
    (ctx, pod) => {
        for (const ref of containersOf(pod.spec)) {
            if (ref.container.securityContext?.allowPrivilegeEscalation !== false) {
                ctx.report(`${containerLabel(ref)} does not set allowPrivilegeEscalation: false.`);
            }
        }
    },
);

interface CapabilityConfig { allowedAdd: string[] }

export const dropAllCapabilities = podRule<CapabilityConfig>(
    {
        name: "k8s-container-drop-all-capabilities",
        description: "Containers must drop ALL Linux capabilities and add back only allowed ones.",
        remediationSteps: "Set securityContext.capabilities.drop: [ALL]; add back only capabilities listed in this rule's allowedAdd config.",
        severity: "high",
        configSchema: {
            properties: {
                allowedAdd: { type: "array", items: { type: "string" }, default: ["NET_BIND_SERVICE"] },
            },
        },
    },
    (ctx, pod) => {
        for (const ref of containersOf(pod.spec)) {
            const caps = ref.container.securityContext?.capabilities ?? {};
            if (!(caps.drop ?? []).includes("ALL")) ctx.report(`${containerLabel(ref)} does not drop ALL capabilities.`);
            const extra = (caps.add ?? []).filter((c: string) => !ctx.config.allowedAdd.includes(c));
            if (extra.length > 0) ctx.report(`${containerLabel(ref)} adds disallowed capabilities: ${extra.join(", ")}.`);
        }
    },
);

export const readOnlyRootFilesystem = podRule(
    {
        name: "k8s-container-read-only-root-fs",
        description: "Containers must mount their root filesystem read-only.",
        remediationSteps: "Set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where the process needs to write (e.g. /tmp).",
        severity: "medium",
    },
    (ctx, pod) => {
        for (const ref of containersOf(pod.spec)) {
            if (ref.container.securityContext?.readOnlyRootFilesystem !== true) {
                ctx.report(`${containerLabel(ref)} does not set readOnlyRootFilesystem: true.`);
            }
        }
    },
);

const ACCEPTED_SECCOMP = ["RuntimeDefault", "Localhost"];

export const seccompRuntimeDefault = podRule(
    {
        name: "k8s-pod-seccomp-runtime-default",
        description: "Pods must run with the RuntimeDefault (or a Localhost) seccomp profile.",
        remediationSteps: "Set spec.securityContext.seccompProfile.type: RuntimeDefault in the pod template.",
        severity: "medium",
    },
    (ctx, pod) => {
        for (const ref of containersOf(pod.spec)) {
            const profile = effectiveSecurity(pod.spec, ref.container, "seccompProfile") as { type?: string } | undefined;
            if (!ACCEPTED_SECCOMP.includes(profile?.type ?? "")) {
                ctx.report(`${containerLabel(ref)} runs without a RuntimeDefault seccomp profile (found ${profile?.type ?? "none"}).`);
            }
        }
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

export const noHostPorts = podRule(
    {
        name: "k8s-pod-no-host-ports",
        description: "Containers must not bind host ports.",
        remediationSteps: "Remove ports[].hostPort; expose the pod through a Service and the Gateway instead.",
        severity: "high",
    },
    (ctx, pod) => {
        for (const ref of containersOf(pod.spec)) {
            for (const port of ref.container.ports ?? []) {
                if (port.hostPort !== undefined && port.hostPort !== 0) ctx.report(`${containerLabel(ref)} binds hostPort ${port.hostPort}.`);
            }
        }
    },
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
    runAsNonRoot, notPrivileged, noPrivilegeEscalation, dropAllCapabilities, readOnlyRootFilesystem,
    seccompRuntimeDefault, noHostNamespaces, noHostPorts, noHostPath,
];
