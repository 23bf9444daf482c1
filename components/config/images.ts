/**
 * Which of the default images (./default-images.ts) a configuration runs, and the image a stack runs for each.
 * Apart from the defaults because it reads the parsed config, whose schema itself lists the image keys.
 */
import { DEFAULT_IMAGES, ImageKey } from "./default-images";
import { ParsedStackConfig } from "./schema/stack";

/** The platform images a configuration will run, so prod can demand a digest for exactly those. */
export function imagesUsed(config: Partial<Pick<ParsedStackConfig, "database" | "redis" | "secrets" | "backup">>): ImageKey[] {
    const used: ImageKey[] = [];
    if (config.database) used.push("pgbouncer", "pgbouncerExporter");
    if (config.database?.kind === "patroni") used.push("spilo", "postgresExporter");
    if (config.redis?.kind === "cluster") used.push("redis", "redisExporter");
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
