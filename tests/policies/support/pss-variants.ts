/**
 * Pod variants for the differential Pod Security test: every control of the Pod Security Standards set and unset,
 * with allowed and forbidden values, on a pod that otherwise meets restricted and on a bare pod that sets nothing,
 * plus the cross products where controls interact (pod- vs container-level fields, Windows pods, user namespaces).
 */
type Obj = Record<string, any>;

export interface PodVariant {
    id: string;
    metadata: Obj;
    spec: Obj;
}

type Edit = (pod: { metadata: Obj; spec: Obj }) => void;

const restrictedContainer = (name: string): Obj => ({
    name,
    image: "ghcr.io/example/app:1.0.0",
    securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
});

/** Meets restricted: every variant of it breaks at most the control its edit touches. */
function compliant(): { metadata: Obj; spec: Obj } {
    return {
        metadata: { name: "p", annotations: {} },
        spec: {
            securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
            initContainers: [restrictedContainer("init")],
            containers: [restrictedContainer("app")],
        },
    };
}

/** Sets nothing: meets baseline, breaks restricted on every control that requires a value. */
function bare(): { metadata: Obj; spec: Obj } {
    return { metadata: { name: "p" }, spec: { containers: [{ name: "app", image: "ghcr.io/example/app:1.0.0" }] } };
}

const app = (p: { spec: Obj }): Obj => p.spec.containers[0];
const appSc = (p: { spec: Obj }): Obj => (app(p).securityContext ??= {});
const initSc = (p: { spec: Obj }): Obj => {
    p.spec.initContainers ??= [{ name: "init", image: "ghcr.io/example/app:1.0.0" }];
    return (p.spec.initContainers[0].securityContext ??= {});
};
const podSc = (p: { spec: Obj }): Obj => (p.spec.securityContext ??= {});
const unset = (o: Obj, k: string) => {
    delete o[k];
};

/** One dimension: a control's field and the values it is tried with (`unset` deletes it). */
const DIMENSIONS: Record<string, Record<string, Edit>> = {
    hostProcess: {
        "container true": (p) => {
            appSc(p).windowsOptions = { hostProcess: true };
        },
        "container false": (p) => {
            appSc(p).windowsOptions = { hostProcess: false };
        },
        "pod true": (p) => {
            podSc(p).windowsOptions = { hostProcess: true };
        },
        "pod false": (p) => {
            podSc(p).windowsOptions = { hostProcess: false };
        },
        "init container true": (p) => {
            initSc(p).windowsOptions = { hostProcess: true };
        },
    },
    hostNamespaces: Object.fromEntries(
        ["hostNetwork", "hostPID", "hostIPC"].flatMap((f) => [
            [
                `${f} true`,
                (p: { spec: Obj }) => {
                    p.spec[f] = true;
                },
            ],
            [
                `${f} false`,
                (p: { spec: Obj }) => {
                    p.spec[f] = false;
                },
            ],
        ]),
    ),
    privileged: {
        true: (p) => {
            appSc(p).privileged = true;
        },
        false: (p) => {
            appSc(p).privileged = false;
        },
        null: (p) => {
            appSc(p).privileged = null;
        },
        "init container true": (p) => {
            initSc(p).privileged = true;
        },
        "ephemeral container true": (p) => {
            p.spec.ephemeralContainers = [{ name: "debug", image: "busybox", securityContext: { privileged: true } }];
        },
    },
    capabilities: {
        "add NET_BIND_SERVICE": (p) => {
            (appSc(p).capabilities ??= {}).add = ["NET_BIND_SERVICE"];
        },
        "add CHOWN (default set)": (p) => {
            (appSc(p).capabilities ??= {}).add = ["CHOWN"];
        },
        "add SYS_ADMIN": (p) => {
            (appSc(p).capabilities ??= {}).add = ["SYS_ADMIN"];
        },
        "add NET_RAW": (p) => {
            (appSc(p).capabilities ??= {}).add = ["NET_RAW"];
        },
        "add empty": (p) => {
            (appSc(p).capabilities ??= {}).add = [];
        },
        "drop NET_RAW only": (p) => {
            (appSc(p).capabilities ??= {}).drop = ["NET_RAW"];
        },
        "drop empty": (p) => {
            (appSc(p).capabilities ??= {}).drop = [];
        },
        "drop all lowercase": (p) => {
            (appSc(p).capabilities ??= {}).drop = ["all"];
        },
        "capabilities {}": (p) => {
            appSc(p).capabilities = {};
        },
        "capabilities unset": (p) => {
            unset(appSc(p), "capabilities");
        },
        "init container add SYS_PTRACE": (p) => {
            (initSc(p).capabilities ??= {}).add = ["SYS_PTRACE"];
        },
    },
    volumes: {
        ...Object.fromEntries(
            Object.entries({
                configMap: { name: "cm" },
                csi: { driver: "csi.example.com" },
                downwardAPI: { items: [] },
                emptyDir: {},
                ephemeral: { volumeClaimTemplate: { spec: { accessModes: ["ReadWriteOnce"] } } },
                image: { reference: "ghcr.io/example/data:1" },
                persistentVolumeClaim: { claimName: "data" },
                projected: { sources: [] },
                secret: { secretName: "s" },
                hostPath: { path: "/var/run" },
                nfs: { server: "nfs.local", path: "/x" },
                gitRepo: { repository: "https://example.com/r.git" },
                iscsi: { targetPortal: "10.0.0.1:3260", iqn: "iqn.2001-04.com.example:storage", lun: 0 },
                awsElasticBlockStore: { volumeID: "vol-1" },
                cephfs: { monitors: ["10.0.0.2:6789"] },
                rbd: { monitors: ["10.0.0.3:6789"], image: "img" },
                flexVolume: { driver: "example/flex" },
                azureFile: { secretName: "s", shareName: "share" },
                fc: { lun: 0 },
                glusterfs: { endpoints: "e", path: "p" },
            }).map(([source, value]) => [
                source,
                (p: { spec: Obj }) => {
                    (p.spec.volumes ??= []).push({ name: `v-${source.toLowerCase()}`, [source]: value });
                },
            ]),
        ),
        "no source": (p) => {
            (p.spec.volumes ??= []).push({ name: "v-none" });
        },
        "hostPath null": (p) => {
            (p.spec.volumes ??= []).push({ name: "v-null", hostPath: null, emptyDir: {} });
        },
    },
    hostPorts: {
        "hostPort 0": (p) => {
            app(p).ports = [{ containerPort: 8080, hostPort: 0 }];
        },
        "hostPort 8080": (p) => {
            app(p).ports = [{ containerPort: 8080, hostPort: 8080 }];
        },
        "containerPort only": (p) => {
            app(p).ports = [{ containerPort: 8080 }];
        },
        "init container hostPort 9090": (p) => {
            p.spec.initContainers = [{ ...restrictedContainer("init"), ports: [{ containerPort: 9090, hostPort: 9090 }] }];
        },
    },
    appArmor: {
        "pod RuntimeDefault": (p) => {
            podSc(p).appArmorProfile = { type: "RuntimeDefault" };
        },
        "pod Localhost": (p) => {
            podSc(p).appArmorProfile = { type: "Localhost", localhostProfile: "k8s-apparmor" };
        },
        "pod Unconfined": (p) => {
            podSc(p).appArmorProfile = { type: "Unconfined" };
        },
        "pod type unset": (p) => {
            podSc(p).appArmorProfile = {};
        },
        "container Unconfined": (p) => {
            appSc(p).appArmorProfile = { type: "Unconfined" };
        },
        "container RuntimeDefault": (p) => {
            appSc(p).appArmorProfile = { type: "RuntimeDefault" };
        },
        ...Object.fromEntries(
            ["runtime/default", "localhost/k8s-apparmor", "unconfined", ""].map((v) => [
                `annotation "${v}"`,
                (p: { metadata: Obj }) => {
                    (p.metadata.annotations ??= {})["container.apparmor.security.beta.kubernetes.io/app"] = v;
                },
            ]),
        ),
    },
    seLinux: {
        "pod type container_t": (p) => {
            podSc(p).seLinuxOptions = { type: "container_t" };
        },
        "pod type container_engine_t": (p) => {
            podSc(p).seLinuxOptions = { type: "container_engine_t" };
        },
        "pod type spc_t": (p) => {
            podSc(p).seLinuxOptions = { type: "spc_t" };
        },
        "pod level only": (p) => {
            podSc(p).seLinuxOptions = { level: "s0:c123,c456" };
        },
        "pod user": (p) => {
            podSc(p).seLinuxOptions = { user: "system_u" };
        },
        "pod role": (p) => {
            podSc(p).seLinuxOptions = { role: "system_r" };
        },
        "container type spc_t": (p) => {
            appSc(p).seLinuxOptions = { type: "spc_t" };
        },
        "container type container_init_t": (p) => {
            appSc(p).seLinuxOptions = { type: "container_init_t" };
        },
        "init container user": (p) => {
            initSc(p).seLinuxOptions = { user: "u" };
        },
    },
    procMount: {
        Default: (p) => {
            appSc(p).procMount = "Default";
        },
        Unmasked: (p) => {
            appSc(p).procMount = "Unmasked";
        },
        "empty string": (p) => {
            appSc(p).procMount = "";
        },
        "init container Unmasked": (p) => {
            initSc(p).procMount = "Unmasked";
        },
    },
    seccomp: {
        "pod RuntimeDefault": (p) => {
            podSc(p).seccompProfile = { type: "RuntimeDefault" };
        },
        "pod Localhost": (p) => {
            podSc(p).seccompProfile = { type: "Localhost", localhostProfile: "profiles/audit.json" };
        },
        "pod Unconfined": (p) => {
            podSc(p).seccompProfile = { type: "Unconfined" };
        },
        "pod type unset": (p) => {
            podSc(p).seccompProfile = {};
        },
        "pod unset": (p) => {
            unset(podSc(p), "seccompProfile");
        },
        "container Unconfined": (p) => {
            appSc(p).seccompProfile = { type: "Unconfined" };
        },
        "container RuntimeDefault": (p) => {
            appSc(p).seccompProfile = { type: "RuntimeDefault" };
        },
        "container type unset": (p) => {
            appSc(p).seccompProfile = {};
        },
        "legacy pod annotation unconfined": (p) => {
            (p.metadata.annotations ??= {})["seccomp.security.alpha.kubernetes.io/pod"] = "unconfined";
        },
    },
    sysctls: {
        "safe kernel.shm_rmid_forced": (p) => {
            podSc(p).sysctls = [{ name: "kernel.shm_rmid_forced", value: "1" }];
        },
        "safe net.ipv4.tcp_rmem": (p) => {
            podSc(p).sysctls = [{ name: "net.ipv4.tcp_rmem", value: "4096 87380 6291456" }];
        },
        "safe net.ipv4.ip_unprivileged_port_start": (p) => {
            podSc(p).sysctls = [{ name: "net.ipv4.ip_unprivileged_port_start", value: "0" }];
        },
        "unsafe kernel.msgmax": (p) => {
            podSc(p).sysctls = [{ name: "kernel.msgmax", value: "65536" }];
        },
        "unsafe net.core.somaxconn": (p) => {
            podSc(p).sysctls = [{ name: "net.core.somaxconn", value: "1024" }];
        },
        "safe and unsafe": (p) => {
            podSc(p).sysctls = [
                { name: "net.ipv4.tcp_syncookies", value: "1" },
                { name: "vm.swappiness", value: "1" },
            ];
        },
        "empty list": (p) => {
            podSc(p).sysctls = [];
        },
    },
    probeHosts: {
        "liveness httpGet without host": (p) => {
            app(p).livenessProbe = { httpGet: { path: "/healthz", port: 8080 } };
        },
        "liveness httpGet host": (p) => {
            app(p).livenessProbe = { httpGet: { path: "/healthz", port: 8080, host: "10.0.0.1" } };
        },
        "liveness httpGet host empty": (p) => {
            app(p).livenessProbe = { httpGet: { path: "/healthz", port: 8080, host: "" } };
        },
        "readiness tcpSocket host": (p) => {
            app(p).readinessProbe = { tcpSocket: { port: 8080, host: "metadata.internal" } };
        },
        "startup httpGet host": (p) => {
            app(p).startupProbe = { httpGet: { path: "/", port: 80, host: "169.254.169.254" } };
        },
        "postStart httpGet host": (p) => {
            app(p).lifecycle = { postStart: { httpGet: { path: "/", port: 80, host: "10.0.0.9" } } };
        },
        "preStop tcpSocket host": (p) => {
            app(p).lifecycle = { preStop: { tcpSocket: { port: 80, host: "10.0.0.9" } } };
        },
        "preStop exec": (p) => {
            app(p).lifecycle = { preStop: { exec: { command: ["sleep", "5"] } } };
        },
    },
    allowPrivilegeEscalation: {
        true: (p) => {
            appSc(p).allowPrivilegeEscalation = true;
        },
        false: (p) => {
            appSc(p).allowPrivilegeEscalation = false;
        },
        unset: (p) => {
            unset(appSc(p), "allowPrivilegeEscalation");
        },
        "securityContext unset": (p) => {
            unset(app(p), "securityContext");
        },
        "init container true": (p) => {
            initSc(p).allowPrivilegeEscalation = true;
        },
    },
    runAsUser: {
        "pod 0": (p) => {
            podSc(p).runAsUser = 0;
        },
        "pod 1000": (p) => {
            podSc(p).runAsUser = 1000;
        },
        "container 0": (p) => {
            appSc(p).runAsUser = 0;
        },
        "container 1000": (p) => {
            appSc(p).runAsUser = 1000;
        },
        "init container 0": (p) => {
            initSc(p).runAsUser = 0;
        },
    },
};

const TRI = { true: true, false: false, unset: undefined } as const;

/** Controls that read the same field at pod and container level, or that Windows pods and user namespaces relax. */
function crossProducts(): Record<string, Edit> {
    const out: Record<string, Edit> = {};
    for (const [pl, pv] of Object.entries(TRI)) {
        for (const [cl, cv] of Object.entries(TRI)) {
            out[`runAsNonRoot pod ${pl} x container ${cl}`] = (p) => {
                if (pv === undefined) unset(podSc(p), "runAsNonRoot");
                else podSc(p).runAsNonRoot = pv;
                if (cv === undefined) unset(appSc(p), "runAsNonRoot");
                else appSc(p).runAsNonRoot = cv;
            };
        }
    }
    const seccomp = { RuntimeDefault: { type: "RuntimeDefault" }, Unconfined: { type: "Unconfined" }, unset: undefined };
    for (const [pl, pv] of Object.entries(seccomp)) {
        for (const [cl, cv] of Object.entries(seccomp)) {
            for (const os of ["linux", "windows", undefined]) {
                out[`seccomp pod ${pl} x container ${cl} x os ${os ?? "unset"}`] = (p) => {
                    if (pv === undefined) unset(podSc(p), "seccompProfile");
                    else podSc(p).seccompProfile = pv;
                    if (cv === undefined) unset(appSc(p), "seccompProfile");
                    else appSc(p).seccompProfile = cv;
                    if (os) p.spec.os = { name: os };
                };
            }
        }
    }
    for (const os of ["linux", "windows"]) {
        out[`os ${os} x escalation and capabilities unset`] = (p) => {
            p.spec.os = { name: os };
            unset(appSc(p), "allowPrivilegeEscalation");
            unset(appSc(p), "capabilities");
        };
    }
    for (const hostUsers of [true, false, undefined]) {
        const h = `hostUsers ${hostUsers ?? "unset"}`;
        const setH = (p: { spec: Obj }) => {
            if (hostUsers !== undefined) p.spec.hostUsers = hostUsers;
        };
        out[`${h} x runAsNonRoot false`] = (p) => {
            setH(p);
            podSc(p).runAsNonRoot = false;
        };
        out[`${h} x runAsUser 0`] = (p) => {
            setH(p);
            podSc(p).runAsUser = 0;
            appSc(p).runAsUser = 0;
        };
        out[`${h} x procMount Unmasked`] = (p) => {
            setH(p);
            appSc(p).procMount = "Unmasked";
        };
        out[`${h} x nothing else`] = (p) => {
            setH(p);
        };
    }
    return out;
}

/** Every variant, on both bases, with a unique id naming base, dimension and value. */
export function podVariants(): PodVariant[] {
    const edits: [string, Edit][] = [
        ["unchanged", () => undefined],
        ...Object.entries(DIMENSIONS).flatMap(([dim, values]) =>
            Object.entries(values).map(([v, e]) => [`${dim}: ${v}`, e] as [string, Edit]),
        ),
        ...Object.entries(crossProducts()),
    ];
    const out: PodVariant[] = [];
    for (const [baseName, base] of [
        ["compliant", compliant],
        ["bare", bare],
    ] as const) {
        for (const [label, edit] of edits) {
            const pod = base();
            edit(pod);
            out.push({ id: `${baseName} | ${label}`, metadata: pod.metadata, spec: JSON.parse(JSON.stringify(pod.spec)) });
        }
    }
    return out;
}
