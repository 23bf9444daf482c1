/**
 * The value sets the Pod Security Standards (https://kubernetes.io/docs/concepts/security/pod-security-standards/,
 * policy version "latest" as of Kubernetes 1.35) allow. Kept as data beside the evaluator so a new Kubernetes minor
 * changes one list, and the differential test against the official evaluator shows which.
 */

/** Baseline: capabilities a container may add (the container runtime's default set). */
export const BASELINE_ADDABLE_CAPABILITIES = new Set([
    "AUDIT_WRITE",
    "CHOWN",
    "DAC_OVERRIDE",
    "FOWNER",
    "FSETID",
    "KILL",
    "MKNOD",
    "NET_BIND_SERVICE",
    "SETFCAP",
    "SETGID",
    "SETPCAP",
    "SETUID",
    "SYS_CHROOT",
]);

/** Restricted: the only capability a container may add back after dropping ALL. */
export const RESTRICTED_ADDABLE_CAPABILITY = "NET_BIND_SERVICE";

/** Baseline: the namespaced, node-isolated ("safe") sysctls. */
export const SAFE_SYSCTLS = new Set([
    "kernel.shm_rmid_forced",
    "net.ipv4.ip_local_port_range",
    "net.ipv4.tcp_syncookies",
    "net.ipv4.ping_group_range",
    "net.ipv4.ip_unprivileged_port_start",
    "net.ipv4.ip_local_reserved_ports",
    "net.ipv4.tcp_keepalive_time",
    "net.ipv4.tcp_fin_timeout",
    "net.ipv4.tcp_keepalive_intvl",
    "net.ipv4.tcp_keepalive_probes",
    "net.ipv4.tcp_rmem",
    "net.ipv4.tcp_wmem",
]);

/** Baseline: SELinux types a pod or container may request (empty means "not set"). */
export const SELINUX_TYPES = new Set(["", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"]);

/** Baseline: seccomp and AppArmor profile types that keep a profile in force. */
export const CONFINING_PROFILE_TYPES = new Set(["RuntimeDefault", "Localhost"]);

/** Prefix of the deprecated per-container AppArmor annotation, still judged at baseline. */
export const APPARMOR_ANNOTATION_PREFIX = "container.apparmor.security.beta.kubernetes.io/";

/** Restricted: the inline volume sources a pod may use; every other source (hostPath, nfs, ...) is forbidden. */
export const RESTRICTED_VOLUME_SOURCES = [
    "configMap",
    "csi",
    "downwardAPI",
    "emptyDir",
    "ephemeral",
    "image",
    "persistentVolumeClaim",
    "projected",
    "secret",
];

export const PSS_LEVELS = ["privileged", "baseline", "restricted"] as const;
export type PssLevel = (typeof PSS_LEVELS)[number];
