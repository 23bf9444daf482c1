/**
 * Parameters of the RDS parameter group: TLS only, max_connections and memory settings sized from the instance class,
 * pg_stat_statements preloaded. Pure, unit-tested.
 */
import { RDS_INSTANCE_MEMORY_GIB } from "../config";
import { deriveTuning } from "./tuning";

export interface RdsParameter {
    name: string;
    value: string;
    applyMethod: "immediate" | "pending-reboot";
}

/** Parameter group family of an engine version ("16" or "16.4" -> "postgres16"). */
export function parameterFamily(engineVersion: string): string {
    return `postgres${engineVersion.split(".")[0]}`;
}

/** Libraries RDS must preload for the requested extensions (pg_stat_statements always: query statistics). */
export function preloadLibraries(extensions: string[]): string {
    return ["pg_stat_statements", ...extensions.filter((e) => e === "pg_cron")].filter((v, i, a) => a.indexOf(v) === i).join(",");
}

export function rdsParameters(instanceClass: string, maxConnections: number, extensions: string[]): RdsParameter[] {
    const reboot = (name: string, value: string | number): RdsParameter => ({ name, value: String(value), applyMethod: "pending-reboot" });
    const now = (name: string, value: string | number): RdsParameter => ({ name, value: String(value), applyMethod: "immediate" });
    const gib = RDS_INSTANCE_MEMORY_GIB[instanceClass];
    // RDS units: shared_buffers, effective_cache_size, wal_buffers in 8kB pages; work_mem, maintenance_work_mem in kB;
    // min/max_wal_size in MB. Unknown classes keep RDS's own formulas based on DBInstanceClassMemory (bytes).
    const memory =
        gib === undefined
            ? [reboot("shared_buffers", "{DBInstanceClassMemory/32768}"), now("effective_cache_size", "{DBInstanceClassMemory*3/32768}")]
            : ((t) => [
                  reboot("shared_buffers", Math.floor(t.sharedBuffersKb / 8)),
                  now("effective_cache_size", Math.floor(t.effectiveCacheSizeKb / 8)),
                  now("work_mem", t.workMemKb),
                  now("maintenance_work_mem", t.maintenanceWorkMemKb),
                  reboot("wal_buffers", Math.floor(t.walBuffersKb / 8)),
                  now("min_wal_size", Math.floor(t.minWalSizeKb / 1024)),
                  now("max_wal_size", Math.floor(t.maxWalSizeKb / 1024)),
              ])(deriveTuning(gib * 1024 * 0.9, maxConnections));
    return [
        now("rds.force_ssl", 1),
        reboot("max_connections", maxConnections),
        reboot("shared_preload_libraries", preloadLibraries(extensions)),
        now("pg_stat_statements.track", "top"),
        now("log_min_duration_statement", 1000),
        now("log_connections", 1),
        now("log_disconnections", 1),
        now("idle_in_transaction_session_timeout", 60000),
        ...memory,
    ];
}
