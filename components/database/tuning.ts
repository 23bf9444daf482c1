/**
 * PostgreSQL memory and WAL settings derived from the memory the server has and its max_connections. With 16 GiB and
 * 200 connections the formulas give exactly the SEI guide's values: shared_buffers 4GB, effective_cache_size 12GB,
 * maintenance_work_mem 1GB, wal_buffers 16MB, work_mem 20MB, min_wal_size 2GB, max_wal_size 8GB.
 */
import { parseByteQuantity } from "../shared/quantities";

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
