/**
 * Which of the default images (./default-images.ts) a configuration runs, and the image a stack runs for each.
 * Apart from the defaults because it reads the parsed config, whose schema itself lists the image keys.
 */
import { DEFAULT_IMAGES, ImageKey } from "./default-images";
import { ParsedStackConfig } from "./schema/stack";

/** The official image the plain `postgres` kind runs: TimescaleDB's or pgvector's when asked for, else PostgreSQL's. */
export function postgresImageKey(extensions: readonly string[]): Extract<ImageKey, "postgres" | "timescaledb" | "pgvector"> {
    if (extensions.includes("timescaledb")) return "timescaledb";
    if (extensions.includes("vector")) return "pgvector";
    return "postgres";
}

/** The platform images a configuration will run, so prod can demand a digest for exactly those. */
export function imagesUsed(
    config: Partial<Pick<ParsedStackConfig, "database" | "redis" | "secrets" | "backup" | "monitoring">>,
): ImageKey[] {
    const used: ImageKey[] = [];
    if (config.database) used.push("pgbouncer", "pgbouncerExporter");
    if (config.database?.kind === "patroni") used.push("spilo", "postgresExporter");
    if (config.database?.kind === "postgres") used.push(postgresImageKey(config.database.extensions), "postgresExporter");
    // Managed services are read by a standalone exporter (observability layer) where monitoring is on.
    if (config.database?.kind === "rds" && config.monitoring?.enabled) used.push("postgresExporter");
    if (config.redis?.kind === "cluster") used.push("redis", "redisExporter");
    if (config.redis?.kind === "elasticache" && config.monitoring?.enabled) used.push("redisExporter");
    if (config.redis?.kind === "cluster" && config.redis.sentinel) used.push("redisProxy");
    if (config.secrets?.backend === "vault") used.push("vault");
    const backsUp = config.backup?.enabled && (config.database || config.backup.sqlite);
    // The RDS extensions Job runs psql from the same image.
    if ((config.backup?.enabled && config.database) || (config.database?.kind === "rds" && config.database.extensions.length > 0))
        used.push("backupPostgres");
    if (backsUp && config.backup?.destination.kind === "s3") used.push("awsCli");
    return used;
}

/** The image to run for `key`: the stack's override, else the default. */
export function imageFor(config: { images: Partial<Record<ImageKey, string>> }, key: ImageKey): string {
    return config.images[key] ?? DEFAULT_IMAGES[key];
}
