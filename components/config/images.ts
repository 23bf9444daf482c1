/**
 * Default images of the platform pieces the stack runs itself (the data layer, backups, Vault bootstrap), pinned by
 * tag. All are official or maintained by the project that owns the software (never Bitnami: its free catalog was
 * withdrawn in 2025). Environments that require digests (prod) override each one through `prod-stack:images` with a
 * digest-pinned reference, typically to the company's registry mirror.
 */
import { ParsedStackConfig } from "./schema/stack";

export const DEFAULT_IMAGES = {
    /** edoburu/pgbouncer: the most used maintained PgBouncer image, released for every upstream version. */
    pgbouncer: "edoburu/pgbouncer:v1.25.1-p0",
    pgbouncerExporter: "prometheuscommunity/pgbouncer-exporter:v0.11.0",
    postgresExporter: "prometheuscommunity/postgres-exporter:v0.17.1",
    /** Spilo bundles Patroni, PostgreSQL, TimescaleDB, pgvector and WAL-G (Zalando postgres-operator). */
    spilo: "ghcr.io/zalando/spilo-16:3.3-p3",
    redis: "redis:7.4.2",
    redisExporter: "oliver006/redis_exporter:v1.69.0",
    /** Vault CLI for the bootstrap Jobs; same version as the server the chart installs. */
    vault: "hashicorp/vault:1.21.2",
    /** Runs the backup scripts: pg_dump/psql of the server's major (16), gzip, openssl, bash. */
    backupPostgres: "postgres:16.9-bookworm",
    /** Donates its self-contained AWS CLI bundle to the backup jobs for S3 destinations. */
    awsCli: "amazon/aws-cli:2.27.0",
} as const;

export type ImageKey = keyof typeof DEFAULT_IMAGES;
export const IMAGE_KEYS = Object.keys(DEFAULT_IMAGES) as ImageKey[];

/** The platform images a configuration will run, so prod can demand a digest for exactly those. */
export function imagesUsed(config: Partial<Pick<ParsedStackConfig, "database" | "redis" | "secrets" | "backup">>): ImageKey[] {
    const used: ImageKey[] = [];
    if (config.database) used.push("pgbouncer", "pgbouncerExporter");
    if (config.database?.kind === "patroni") used.push("spilo", "postgresExporter");
    if (config.redis?.kind === "cluster") used.push("redis", "redisExporter");
    if (config.secrets?.backend === "vault") used.push("vault");
    if (config.backup?.enabled && config.database) {
        used.push("backupPostgres");
        if (config.backup.destination.kind === "s3") used.push("awsCli");
    }
    return used;
}

/** The image to run for `key`: the stack's override, else the default. */
export function imageFor(config: { images: Partial<Record<ImageKey, string>> }, key: ImageKey): string {
    return config.images[key] ?? DEFAULT_IMAGES[key];
}
