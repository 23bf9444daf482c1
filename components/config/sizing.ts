import { ParsedStackConfig } from "./schema/stack";

/** Memory (GiB) of the RDS instance classes we size for; unknown classes need an explicit maxConnections. */
export const RDS_INSTANCE_MEMORY_GIB: Readonly<Record<string, number>> = {
    "db.t4g.micro": 1,
    "db.t4g.small": 2,
    "db.t4g.medium": 4,
    "db.t4g.large": 8,
    "db.t4g.xlarge": 16,
    "db.t4g.2xlarge": 32,
    "db.m6g.large": 8,
    "db.m6g.xlarge": 16,
    "db.m6g.2xlarge": 32,
    "db.m6g.4xlarge": 64,
    "db.m7g.large": 8,
    "db.m7g.xlarge": 16,
    "db.m7g.2xlarge": 32,
    "db.m7g.4xlarge": 64,
    "db.r6g.large": 16,
    "db.r6g.xlarge": 32,
    "db.r6g.2xlarge": 64,
    "db.r6g.4xlarge": 128,
    "db.r7g.large": 16,
    "db.r7g.xlarge": 32,
    "db.r7g.2xlarge": 64,
    "db.r7g.4xlarge": 128,
};

/**
 * RDS PostgreSQL's own default: LEAST(DBInstanceClassMemory / 9531392, 5000). We set it explicitly so the connection
 * budget is checked against the number the server will really enforce.
 */
export function rdsDefaultMaxConnections(instanceClass: string): number | undefined {
    const gib = RDS_INSTANCE_MEMORY_GIB[instanceClass];
    if (gib === undefined) return undefined;
    // RDS reserves some memory for the OS and agents; DBInstanceClassMemory is about 90% of the class memory.
    return Math.min(Math.floor((gib * 0.9 * 1024 * 1024 * 1024) / 9531392), 5000);
}

/** max_connections the database enforces: explicit, or derived from the instance size. */
export function effectiveMaxConnections(database: NonNullable<ParsedStackConfig["database"]>): number {
    if (database.maxConnections !== undefined) return database.maxConnections;
    // Unknown RDS classes are rejected by the config checks before anyone asks.
    if (database.kind === "rds") return rdsDefaultMaxConnections(database.instanceClass) ?? 0;
    return database.maxConnections;
}
