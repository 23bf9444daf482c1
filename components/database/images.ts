import { DEFAULT_RUN_AS_USER } from "../kubernetes";
/**
 * Container images of the data layer, pinned by tag. All are official or maintained by the project that owns the
 * software (no Bitnami: its free catalog was withdrawn in 2025).
 *
 * PgBouncer: edoburu/pgbouncer is the most widely used maintained PgBouncer image, released for every upstream
 * version, runs as an unprivileged user (uid 70) and accepts a mounted pgbouncer.ini; we bypass its entrypoint script
 * and start pgbouncer directly so the root filesystem stays read-only.
 */
export const DATA_IMAGES = {
    pgbouncer: "edoburu/pgbouncer:v1.25.1-p0",
    pgbouncerExporter: "prometheuscommunity/pgbouncer-exporter:v0.11.0",
    postgresExporter: "prometheuscommunity/postgres-exporter:v0.17.1",
    /** Spilo bundles Patroni, PostgreSQL 13-16, TimescaleDB, pgvector and WAL-G. */
    spilo: "ghcr.io/zalando/spilo-16:3.3-p3",
    redis: "redis:7.4.2",
    redisExporter: "oliver006/redis_exporter:v1.69.0",
    /** Vault CLI for the bootstrap Jobs; same version as the server the chart installs. */
    vault: "hashicorp/vault:1.21.2",
} as const;

/**
 * UIDs the containers run as. Not the Dockerfiles' low USERs (pgbouncer 70, redis 999, vault 100): a UID under 10000
 * may coincide with a real user on the node, so everything runs as a high UID. None of these images needs its own
 * USER: configs and secrets are mounted readable through fsGroup, writable paths are emptyDirs, HOME points at /tmp.
 */
export const IMAGE_UIDS = {
    pgbouncer: DEFAULT_RUN_AS_USER,
    exporter: 65534,
    redis: DEFAULT_RUN_AS_USER,
    vault: DEFAULT_RUN_AS_USER,
} as const;
