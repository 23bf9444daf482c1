import { spawnSync } from "child_process";

/** Runs SQL through psql (unaligned, tuples only) and returns stdout; throws with psql's stderr. */
export function psql(env: Record<string, string>, database: string, sql: string): string {
    const result = spawnSync("psql", ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", database], {
        input: sql,
        env: { ...process.env, ...env },
        encoding: "utf8",
    });
    if (result.status !== 0) throw new Error(`psql on ${database} failed: ${result.stderr}`);
    return result.stdout.trim();
}

export function databaseExists(env: Record<string, string>, database: string): boolean {
    return psql(env, "postgres", `SELECT count(*) FROM pg_database WHERE datname = '${database}'`) === "1";
}

/**
 * Row count and md5 of all rows in a stable order, per table: an independent check (ordered md5 of the
 * whole table) from the scripts' own order-free checksum, so a bug in one cannot hide in the other.
 */
export function tableFingerprints(env: Record<string, string>, database: string, tables: string[]): Record<string, string> {
    const result: Record<string, string> = {};
    for (const table of tables) {
        result[table] = psql(
            env,
            database,
            `SET TimeZone = 'UTC'; SELECT count(*) || ' ' || coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '-') FROM ${table} t`,
        );
    }
    return result;
}
