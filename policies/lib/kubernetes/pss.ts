/**
 * The Pod Security Standards, evaluated on a pod's metadata and spec exactly as the API server's Pod Security
 * admission does for policy version "latest" (Kubernetes 1.35): every baseline control, and at restricted every
 * restricted control plus the baseline controls it does not replace. tests/policies/pss-differential.test.ts proves
 * the verdicts equal to the official evaluator's (k8s.io/pod-security-admission) over generated pod variants.
 *
 * Input is the JSON-shaped pod as Pulumi records it; absent and null are the same (Go's nil), and a scalar's zero
 * value (hostPort 0, "" strings) counts as unset wherever the official types make it so.
 */
import {
    APPARMOR_ANNOTATION_PREFIX,
    BASELINE_ADDABLE_CAPABILITIES,
    CONFINING_PROFILE_TYPES,
    PssLevel,
    RESTRICTED_ADDABLE_CAPABILITY,
    RESTRICTED_VOLUME_SOURCES,
    SAFE_SYSCTLS,
    SELINUX_TYPES,
} from "./pss-values";

type Obj = Record<string, any>;

export interface PssFinding {
    /** Control id, as the official evaluator names its checks. */
    control: string;
    /** The evaluator's short forbidden reason ("host namespaces", "seccompProfile", ...). */
    reason: string;
    /** Which pod or containers and values broke it. */
    detail: string;
}

interface Control {
    id: string;
    level: "baseline" | "restricted";
    reason: string;
    /** Baseline controls this restricted control supersedes at the restricted level. */
    replaces?: string;
    /** Offending setters/values; empty when the pod complies. */
    check(metadata: Obj, spec: Obj): string[];
}

const set = (v: unknown): boolean => v !== undefined && v !== null;
const sc = (o: Obj | undefined): Obj => (o && set(o.securityContext) ? o.securityContext : {});
const containers = (spec: Obj): Obj[] =>
    [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])].filter(set);
const nameOf = (c: Obj): string => `"${c.name ?? ""}"`;
const isWindows = (spec: Obj): boolean => spec.os?.name === "windows";
/** A user-namespaced pod (hostUsers: false) is exempt from the root-user and baseline procMount controls. */
const inUserNamespace = (spec: Obj): boolean => spec.hostUsers === false;

/** Container names whose own securityContext makes `bad` true. */
function badContainers(spec: Obj, bad: (ctx: Obj, c: Obj) => boolean): string[] {
    return containers(spec)
        .filter((c) => bad(sc(c), c))
        .map((c) => `container ${nameOf(c)}`);
}

/** Pod-level and container-level holders of an optional profile-like field that is judged when present. */
function settersOf(spec: Obj, field: string, ok: (value: Obj) => boolean): string[] {
    const out = set(sc(spec)[field]) && !ok(sc(spec)[field]) ? ["pod"] : [];
    return [...out, ...badContainers(spec, (ctx) => set(ctx[field]) && !ok(ctx[field]))];
}

const confining = (profile: Obj): boolean => CONFINING_PROFILE_TYPES.has(profile.type ?? "");

const CONTROLS: Control[] = [
    {
        id: "hostProcess",
        level: "baseline",
        reason: "hostProcess",
        check: (_m, spec) => [
            ...(sc(spec).windowsOptions?.hostProcess === true ? ["pod"] : []),
            ...badContainers(spec, (ctx) => ctx.windowsOptions?.hostProcess === true),
        ],
    },
    {
        id: "hostNamespaces",
        level: "baseline",
        reason: "host namespaces",
        check: (_m, spec) => ["hostNetwork", "hostPID", "hostIPC"].filter((f) => spec[f] === true).map((f) => `${f}=true`),
    },
    {
        id: "privileged",
        level: "baseline",
        reason: "privileged",
        check: (_m, spec) => badContainers(spec, (ctx) => ctx.privileged === true),
    },
    {
        id: "capabilities_baseline",
        level: "baseline",
        reason: "non-default capabilities",
        check: (_m, spec) =>
            badContainers(
                spec,
                (ctx) =>
                    set(ctx.capabilities) && (ctx.capabilities.add ?? []).some((cap: string) => !BASELINE_ADDABLE_CAPABILITIES.has(cap)),
            ),
    },
    {
        id: "hostPathVolumes",
        level: "baseline",
        reason: "hostPath volumes",
        check: (_m, spec) => (spec.volumes ?? []).filter((v: Obj) => set(v?.hostPath)).map((v: Obj) => `volume "${v.name}"`),
    },
    {
        id: "hostPorts",
        level: "baseline",
        reason: "hostPort",
        check: (_m, spec) =>
            containers(spec)
                .filter((c) => (c.ports ?? []).some((p: Obj) => (p?.hostPort ?? 0) !== 0))
                .map((c) => `container ${nameOf(c)}`),
    },
    {
        id: "appArmorProfile",
        level: "baseline",
        reason: "forbidden AppArmor profile",
        check: (metadata, spec) => [
            ...settersOf(spec, "appArmorProfile", confining),
            ...Object.entries(metadata.annotations ?? {})
                .filter(
                    ([k, v]) =>
                        k.startsWith(APPARMOR_ANNOTATION_PREFIX) &&
                        !(v === "" || v === "runtime/default" || String(v).startsWith("localhost/")),
                )
                .map(([k]) => `annotation ${k}`),
        ],
    },
    {
        id: "seLinuxOptions",
        level: "baseline",
        reason: "seLinuxOptions",
        check: (_m, spec) => settersOf(spec, "seLinuxOptions", (o) => SELINUX_TYPES.has(o.type ?? "") && !o.user && !o.role),
    },
    {
        id: "procMount",
        level: "baseline",
        reason: "procMount",
        check: (_m, spec) => (inUserNamespace(spec) ? [] : badProcMount(spec)),
    },
    {
        id: "seccompProfile_baseline",
        level: "baseline",
        reason: "seccompProfile",
        check: (_m, spec) => settersOf(spec, "seccompProfile", confining),
    },
    {
        id: "sysctls",
        level: "baseline",
        reason: "forbidden sysctls",
        check: (_m, spec) =>
            (sc(spec).sysctls ?? []).filter((s: Obj) => !SAFE_SYSCTLS.has(s?.name ?? "")).map((s: Obj) => `sysctl ${s?.name}`),
    },
    {
        id: "hostProbesAndHostLifecycle",
        level: "baseline",
        reason: "probe or lifecycle host",
        check: (_m, spec) =>
            containers(spec)
                .filter((c) =>
                    [c.livenessProbe, c.readinessProbe, c.startupProbe, c.lifecycle?.postStart, c.lifecycle?.preStop].some(
                        (h) => !!h?.httpGet?.host || !!h?.tcpSocket?.host,
                    ),
                )
                .map((c) => `container ${nameOf(c)}`),
    },
    {
        id: "restrictedVolumes",
        level: "restricted",
        reason: "restricted volume types",
        replaces: "hostPathVolumes",
        check: (_m, spec) =>
            (spec.volumes ?? [])
                .filter((v: Obj) => !RESTRICTED_VOLUME_SOURCES.some((s) => set(v?.[s])))
                .map((v: Obj) => `volume "${v?.name}"`),
    },
    {
        id: "allowPrivilegeEscalation",
        level: "restricted",
        reason: "allowPrivilegeEscalation != false",
        check: (_m, spec) => (isWindows(spec) ? [] : badContainers(spec, (ctx) => ctx.allowPrivilegeEscalation !== false)),
    },
    {
        id: "runAsNonRoot",
        level: "restricted",
        reason: "runAsNonRoot != true",
        check: (_m, spec) => {
            if (inUserNamespace(spec)) return [];
            const pod = sc(spec).runAsNonRoot;
            return [
                ...(pod === false ? ["pod"] : []),
                ...badContainers(spec, (ctx) => (set(ctx.runAsNonRoot) ? ctx.runAsNonRoot === false : pod !== true)),
            ];
        },
    },
    {
        id: "runAsUser",
        level: "restricted",
        reason: "runAsUser=0",
        check: (_m, spec) =>
            inUserNamespace(spec)
                ? []
                : [...(sc(spec).runAsUser === 0 ? ["pod"] : []), ...badContainers(spec, (ctx) => ctx.runAsUser === 0)],
    },
    {
        id: "seccompProfile_restricted",
        level: "restricted",
        reason: "seccompProfile",
        replaces: "seccompProfile_baseline",
        check: (_m, spec) => {
            if (isWindows(spec)) return [];
            const pod = sc(spec).seccompProfile;
            const podConfined = set(pod) && confining(pod);
            return [
                ...(set(pod) && !podConfined ? ["pod"] : []),
                ...badContainers(spec, (ctx) => (set(ctx.seccompProfile) ? !confining(ctx.seccompProfile) : !podConfined)),
            ];
        },
    },
    {
        id: "capabilities_restricted",
        level: "restricted",
        reason: "unrestricted capabilities",
        replaces: "capabilities_baseline",
        check: (_m, spec) =>
            isWindows(spec)
                ? []
                : badContainers(
                      spec,
                      (ctx) =>
                          !set(ctx.capabilities) ||
                          !(ctx.capabilities.drop ?? []).includes("ALL") ||
                          (ctx.capabilities.add ?? []).some((cap: string) => cap !== RESTRICTED_ADDABLE_CAPABILITY),
                  ),
    },
    {
        // At restricted the user-namespace relaxation of the baseline procMount control does not apply.
        id: "procMount_restricted",
        level: "restricted",
        reason: "procMount",
        replaces: "procMount",
        check: (_m, spec) => badProcMount(spec),
    },
];

function badProcMount(spec: Obj): string[] {
    return badContainers(spec, (ctx) => set(ctx.procMount) && ctx.procMount !== "Default");
}

/** The controls in force at a level: privileged has none; restricted drops the baseline controls it replaces. */
export function controlsAt(level: PssLevel): Control[] {
    if (level === "privileged") return [];
    if (level === "baseline") return CONTROLS.filter((c) => c.level === "baseline");
    const replaced = new Set(CONTROLS.map((c) => c.replaces).filter(set));
    return CONTROLS.filter((c) => !replaced.has(c.id));
}

/** Every control of `level` that the pod breaks; empty means Pod Security admission would admit it. */
export function evaluatePss(level: PssLevel, metadata: Obj, spec: Obj): PssFinding[] {
    const findings: PssFinding[] = [];
    for (const control of controlsAt(level)) {
        const offenders = control.check(metadata ?? {}, spec ?? {});
        if (offenders.length > 0) findings.push({ control: control.id, reason: control.reason, detail: offenders.join(", ") });
    }
    return findings;
}
