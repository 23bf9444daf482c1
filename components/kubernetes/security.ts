import * as k8s from "@pulumi/kubernetes";

/** UID/GID the app containers run as when the image does not choose one (non-root). */
export const DEFAULT_RUN_AS_USER = 10001;

/** Pod-level security context satisfying the `restricted` Pod Security Standard. */
export function restrictedPodSecurityContext(fsGroup = DEFAULT_RUN_AS_USER): k8s.types.input.core.v1.PodSecurityContext {
    return {
        runAsNonRoot: true,
        runAsUser: DEFAULT_RUN_AS_USER,
        runAsGroup: DEFAULT_RUN_AS_USER,
        fsGroup,
        seccompProfile: { type: "RuntimeDefault" },
    };
}

/** Container-level security context: no privilege escalation, every capability dropped, read-only root filesystem. */
export function restrictedContainerSecurityContext(): k8s.types.input.core.v1.SecurityContext {
    return {
        runAsNonRoot: true,
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        privileged: false,
        capabilities: { drop: ["ALL"] },
        seccompProfile: { type: "RuntimeDefault" },
    };
}

/** Pod Security Standards labels for a namespace (enforce, audit and warn at the same level and the latest version). */
export function podSecurityLabels(level: "baseline" | "restricted"): Record<string, string> {
    return {
        "pod-security.kubernetes.io/enforce": level,
        "pod-security.kubernetes.io/enforce-version": "latest",
        // Audit and warn always at restricted, so baseline namespaces still show what would break.
        "pod-security.kubernetes.io/audit": "restricted",
        "pod-security.kubernetes.io/warn": "restricted",
    };
}

/** emptyDir volumes and mounts for the writable paths of a read-only root filesystem. */
export function writableScratch(
    paths: string[],
    sizeLimit = "256Mi",
): { volumes: k8s.types.input.core.v1.Volume[]; mounts: k8s.types.input.core.v1.VolumeMount[] } {
    const volumes = paths.map((p, i) => ({ name: scratchName(p, i), emptyDir: { sizeLimit } }));
    const mounts = paths.map((p, i) => ({ name: scratchName(p, i), mountPath: p }));
    return { volumes, mounts };
}

function scratchName(path: string, index: number): string {
    const slug = path
        .replace(/[^a-z0-9]+/gi, "-")
        .replace(/^-|-$/g, "")
        .toLowerCase()
        .slice(0, 40);
    return `scratch-${index}${slug ? `-${slug}` : ""}`;
}
