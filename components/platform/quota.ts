/**
 * Namespace quotas sized from the configured services (Third Eye guide: "tenant quotas defined"). The quota leaves
 * room for every app pod at its autoscaling maximum, a rolling-update surge pod, the migrations Job and a second
 * track during progressive delivery, then adds headroom and an allowance for the data-plane pods that share the
 * namespace (PgBouncer, Redis, backup jobs, secret agents).
 */
import { ServiceConfig, StackConfig, maxReplicasOf } from "../config";
import { toMebibytes, toMillicores } from "../shared/quantities";

/** Multiplier on the app services' total. */
export const QUOTA_HEADROOM = 1.5;

/** Room for pods other layers run in the app namespace (PgBouncer, Redis, backup and verification jobs, agents). */
export const DATA_PLANE_ALLOWANCE = {
    requestsCpuMillis: 4000,
    requestsMemoryMi: 8192,
    limitsCpuMillis: 8000,
    limitsMemoryMi: 16384,
    pods: 30,
};

/** Container defaults for pods that do not set their own (chart-rendered sidecars): LimitRange default/defaultRequest. */
export const CONTAINER_DEFAULTS = { requestCpu: "100m", requestMemory: "128Mi", limitCpu: "500m", limitMemory: "512Mi" };

export interface Totals {
    requestsCpuMillis: number;
    requestsMemoryMi: number;
    limitsCpuMillis: number;
    limitsMemoryMi: number;
    pods: number;
}

/** Pods one service may run at once: max replicas per track, tracks, one surge pod per track, one migrations pod. */
export function peakPods(svc: ServiceConfig): number {
    const tracks = svc.progressive ? 2 : 1;
    return (maxReplicasOf(svc) + 1) * tracks + (svc.migrations ? 1 : 0);
}

export function serviceTotals(services: ServiceConfig[]): Totals {
    return services.reduce<Totals>(
        (acc, svc) => {
            const pods = peakPods(svc);
            return {
                requestsCpuMillis: acc.requestsCpuMillis + pods * toMillicores(svc.resources.requests.cpu),
                requestsMemoryMi: acc.requestsMemoryMi + pods * toMebibytes(svc.resources.requests.memory),
                limitsCpuMillis: acc.limitsCpuMillis + pods * toMillicores(svc.resources.limits.cpu),
                limitsMemoryMi: acc.limitsMemoryMi + pods * toMebibytes(svc.resources.limits.memory),
                pods: acc.pods + pods,
            };
        },
        { requestsCpuMillis: 0, requestsMemoryMi: 0, limitsCpuMillis: 0, limitsMemoryMi: 0, pods: 0 },
    );
}

/** Patroni members and the plain server run in the app namespace: their resources are known from config. */
function databaseTotals(config: StackConfig): Totals {
    const db = config.database;
    if (db?.kind !== "patroni" && db?.kind !== "postgres")
        return { requestsCpuMillis: 0, requestsMemoryMi: 0, limitsCpuMillis: 0, limitsMemoryMi: 0, pods: 0 };
    const members = db.kind === "patroni" ? db.members : 1;
    return {
        requestsCpuMillis: members * toMillicores(db.resources.requests.cpu),
        requestsMemoryMi: members * toMebibytes(db.resources.requests.memory),
        limitsCpuMillis: members * toMillicores(db.resources.limits.cpu),
        limitsMemoryMi: members * toMebibytes(db.resources.limits.memory),
        pods: members,
    };
}

/** ResourceQuota `hard` for the app namespace. */
export function quotaHard(config: StackConfig): Record<string, string> {
    const apps = serviceTotals(config.services);
    const db = databaseTotals(config);
    const a = DATA_PLANE_ALLOWANCE;
    const total = (app: number, data: number, allowance: number) => Math.ceil(app * QUOTA_HEADROOM + data + allowance);
    return {
        "requests.cpu": `${total(apps.requestsCpuMillis, db.requestsCpuMillis, a.requestsCpuMillis)}m`,
        "requests.memory": `${total(apps.requestsMemoryMi, db.requestsMemoryMi, a.requestsMemoryMi)}Mi`,
        "limits.cpu": `${total(apps.limitsCpuMillis, db.limitsCpuMillis, a.limitsCpuMillis)}m`,
        "limits.memory": `${total(apps.limitsMemoryMi, db.limitsMemoryMi, a.limitsMemoryMi)}Mi`,
        pods: String(total(apps.pods, db.pods, a.pods)),
        // Only the edge exposes the app: no LoadBalancer or NodePort Services in the app namespace.
        "services.loadbalancers": "0",
        "services.nodeports": "0",
    };
}

/** LimitRange for containers: defaults for containers without resources, and a ceiling at the largest configured container. */
export function containerLimitRange(config: StackConfig): {
    default: Record<string, string>;
    defaultRequest: Record<string, string>;
    max: Record<string, string>;
} {
    const limits = config.services.map((s) => s.resources.limits);
    if (config.database?.kind === "patroni" || config.database?.kind === "postgres") limits.push(config.database.resources.limits);
    const maxCpu = Math.max(toMillicores(CONTAINER_DEFAULTS.limitCpu), ...limits.map((l) => toMillicores(l.cpu)));
    const maxMem = Math.max(toMebibytes(CONTAINER_DEFAULTS.limitMemory), ...limits.map((l) => toMebibytes(l.memory)));
    return {
        default: { cpu: CONTAINER_DEFAULTS.limitCpu, memory: CONTAINER_DEFAULTS.limitMemory },
        defaultRequest: { cpu: CONTAINER_DEFAULTS.requestCpu, memory: CONTAINER_DEFAULTS.requestMemory },
        max: { cpu: `${maxCpu}m`, memory: `${maxMem}Mi` },
    };
}
