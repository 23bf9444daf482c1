import { spawnSync } from "child_process";

/** Runs SQL through the real sqlite3 binary and returns stdout; throws with its stderr. */
export function sqlite(file: string, sql: string): string {
    const result = spawnSync("sqlite3", ["-bail", file], { input: sql, encoding: "utf8" });
    if (result.status !== 0) throw new Error(`sqlite3 on ${file} failed: ${result.stderr}`);
    return result.stdout.trim();
}

/** Tables the SQLite fixture creates. */
export const SQLITE_FIXTURE_TABLES = ["metrics", "api_keys", "empty_table"];

/**
 * A metrics-service-like database in WAL mode (as the service runs it): text with unicode, reals, NULLs, BLOBs.
 */
export function loadSqliteFixture(file: string): void {
    sqlite(
        file,
        `
PRAGMA journal_mode = WAL;
CREATE TABLE metrics (id INTEGER PRIMARY KEY, name TEXT NOT NULL, value REAL, labels TEXT, raw BLOB);
WITH RECURSIVE g(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM g WHERE x < 4000)
INSERT INTO metrics (name, value, labels, raw)
SELECT 'cpu.usage ✓ #' || x, x / 7.0, CASE WHEN x % 5 = 0 THEN NULL ELSE '{"host":"h' || (x % 9) || '","zone":"东京"}' END,
       CASE WHEN x % 3 = 0 THEN NULL ELSE zeroblob(4) || CAST(x AS BLOB) END
FROM g;
CREATE TABLE api_keys (key_hash TEXT PRIMARY KEY, owner TEXT, created_at TEXT);
WITH RECURSIVE g(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM g WHERE x < 25)
INSERT INTO api_keys SELECT lower(hex(randomblob(16))), 'team-' || (x % 4), datetime('2026-01-01', '+' || x || ' hours') FROM g;
CREATE TABLE empty_table (id INTEGER);
`,
    );
}

/** Row count and the ordered content of every table, rendered as SQL literals: independent of the scripts' checksum. */
export function sqliteFingerprints(file: string, tables: string[]): Record<string, string> {
    const out: Record<string, string> = {};
    for (const t of tables) out[t] = sqlite(file, `.mode quote\nSELECT count(*) FROM "${t}";\nSELECT * FROM "${t}" ORDER BY 1;`);
    return out;
}
