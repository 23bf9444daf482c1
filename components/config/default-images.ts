/**
 * Default images of the platform pieces the stack runs itself (the data layer, backups, Vault bootstrap), pinned by
 * tag. All are official or maintained by the project that owns the software (never Bitnami: its free catalog was
 * withdrawn in 2025). Environments that require digests (prod) override each one through `prod-stack:images` with a
 * digest-pinned reference, typically to the company's registry mirror.
 */
export const DEFAULT_IMAGES = {
    /** edoburu/pgbouncer: the most used maintained PgBouncer image, released for every upstream version. */
    pgbouncer: "edoburu/pgbouncer:v1.25.1-p0",
    pgbouncerExporter: "prometheuscommunity/pgbouncer-exporter:v0.11.0",
    postgresExporter: "prometheuscommunity/postgres-exporter:v0.17.1",
    /** Spilo bundles Patroni, PostgreSQL, TimescaleDB, pgvector and WAL-G (Zalando postgres-operator). */
    spilo: "ghcr.io/zalando/spilo-16:3.3-p3",
    /** The plain `postgres` database kind, per the extensions it asks for: the official images of each project. */
    postgres: "postgres:16.9-bookworm",
    timescaledb: "timescale/timescaledb:2.17.2-pg16",
    pgvector: "pgvector/pgvector:0.8.0-pg16",
    redis: "redis:7.4.2",
    redisExporter: "oliver006/redis_exporter:v1.69.0",
    /** Official HAProxy (LTS): the Redis master endpoint behind Sentinel (components/cache/redis-master-proxy.ts). */
    redisProxy: "haproxy:3.0.5",
    /** Vault CLI for the bootstrap Jobs; same version as the server the chart installs. */
    vault: "hashicorp/vault:1.21.2",
    /** Runs the backup scripts: pg_dump/psql of the server's major (16), gzip, openssl, bash. */
    backupPostgres: "postgres:16.9-bookworm",
    /** Donates its self-contained AWS CLI bundle to the backup jobs for S3 destinations. */
    awsCli: "amazon/aws-cli:2.27.0",
} as const;

export type ImageKey = keyof typeof DEFAULT_IMAGES;
export const IMAGE_KEYS = Object.keys(DEFAULT_IMAGES) as ImageKey[];
