/**
 * PostgreSQL memory and WAL settings derived from the memory the server has and its max_connections. With 16 GiB and
 * 200 connections the formulas give exactly the SEI guide's values: shared_buffers 4GB, effective_cache_size 12GB,
 * maintenance_work_mem 1GB, wal_buffers 16MB, work_mem 20MB, min_wal_size 2GB, max_wal_size 8GB.
 */
import { parseByteQuantity, toMebibytes } from "../shared/quantities";

/** All sizes in kB (PostgreSQL's base unit for memory settings). */
export interface PostgresTuning {
    sharedBuffersKb: number;
    effectiveCacheSizeKb: number;
    workMemKb: number;
    maintenanceWorkMemKb: number;
    walBuffersKb: number;
    minWalSizeKb: number;
    maxWalSizeKb: number;
}

const MB = 1024;
const GB = 1024 * MB;

export function deriveTuning(memoryMb: number, maxConnections: number): PostgresTuning {
    if (memoryMb <= 0) throw new Error(`memory must be positive, got ${memoryMb}MB`);
    const memoryKb = memoryMb * MB;
    const sharedBuffersKb = Math.floor(memoryKb / 4);
    // What is left after shared_buffers, shared by up to 3 sort/hash operations per connection.
    const workMemKb = Math.max(4 * MB, Math.floor((memoryKb - sharedBuffersKb) / (maxConnections * 3) / MB) * MB);
    const minWalSizeKb = Math.min(2 * GB, Math.max(80 * MB, Math.floor(memoryKb / 8)));
    return {
        sharedBuffersKb,
        effectiveCacheSizeKb: Math.floor((memoryKb * 3) / 4),
        workMemKb,
        maintenanceWorkMemKb: Math.min(2 * GB, Math.max(64 * MB, Math.floor(memoryKb / 16))),
        walBuffersKb: Math.min(16 * MB, Math.max(64, Math.floor(sharedBuffersKb / 32))),
        minWalSizeKb,
        maxWalSizeKb: minWalSizeKb * 4,
    };
}

/** PostgreSQL size literal ("4GB", "20MB", "512kB"), the largest exact unit. */
export function pgSize(kb: number): string {
    if (kb % GB === 0) return `${kb / GB}GB`;
    if (kb % MB === 0) return `${kb / MB}MB`;
    return `${kb}kB`;
}

/** Kubernetes quantity ("4Gi") to a PostgreSQL size literal ("4GB"). */
export function quantityToPg(quantity: string): string {
    const { count, unit } = parseByteQuantity(quantity);
    return `${count}${{ Ki: "kB", Mi: "MB", Gi: "GB", Ti: "TB" }[unit]}`;
}

/** What an in-cluster server's settings derive from: its memory limit, max_connections and `database.tuning`. */
export interface ServerSizing {
    resources: { limits: { memory: string } };
    maxConnections: number;
    tuning: Partial<
        Record<
            "sharedBuffers" | "effectiveCacheSize" | "workMem" | "maintenanceWorkMem" | "walBuffers" | "minWalSize" | "maxWalSize",
            string
        >
    >;
}

/**
 * postgresql.conf settings both in-cluster servers (Patroni, the plain StatefulSet) run with: size-derived defaults,
 * overridden by `database.tuning`, and the guides' fixed settings (SSD costs, scram, slow-query log, idle timeout).
 */
export function serverParameters(db: ServerSizing): Record<string, string> {
    const t = deriveTuning(toMebibytes(db.resources.limits.memory), db.maxConnections);
    const o = db.tuning;
    const pick = (override: string | undefined, derived: number) => (override ? quantityToPg(override) : pgSize(derived));
    return {
        max_connections: String(db.maxConnections),
        shared_buffers: pick(o.sharedBuffers, t.sharedBuffersKb),
        effective_cache_size: pick(o.effectiveCacheSize, t.effectiveCacheSizeKb),
        work_mem: pick(o.workMem, t.workMemKb),
        maintenance_work_mem: pick(o.maintenanceWorkMem, t.maintenanceWorkMemKb),
        wal_buffers: pick(o.walBuffers, t.walBuffersKb),
        min_wal_size: pick(o.minWalSize, t.minWalSizeKb),
        max_wal_size: pick(o.maxWalSize, t.maxWalSizeKb),
        checkpoint_completion_target: "0.9",
        random_page_cost: "1.1",
        password_encryption: "scram-sha-256",
        log_min_duration_statement: "1000",
        idle_in_transaction_session_timeout: "60000",
    };
}
