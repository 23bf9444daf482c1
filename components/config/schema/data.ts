import { z } from "zod";
import { EnvironmentPreset } from "../presets";
import { imageRef } from "./image";
import { byteQuantity, cpuQuantity, cronSchedule, dnsLabel } from "./primitives";

const pgbouncer = (preset: EnvironmentPreset) =>
    z.strictObject({
        /** Default: 1 in dev, 3 in staging/prod. */
        replicas: z.number().int().min(1).max(20).default(preset.pgbouncerReplicas),
        /** Transaction pooling suits stateless web requests (SEI guide). */
        poolMode: z.enum(["transaction", "session"]).default("transaction"),
        /** Client connections each PgBouncer replica accepts. Default 1000 (SEI guide). */
        maxClientConnections: z.number().int().min(10).max(100000).default(1000),
        /** Server connections per database/user pair. Default 25 (SEI guide). */
        defaultPoolSize: z.number().int().min(1).max(1000).default(25),
        /** Server connections to one database, per replica. Default 100 (SEI guide). */
        maxDbConnections: z.number().int().min(1).max(5000).default(100),
    });

/** Extensions a database may ask for beyond TimescaleDB; pgvector is "vector". Created after provisioning (docs/data.md). */
const extensionList = z.array(z.enum(["vector", "pg_stat_statements", "pg_trgm", "uuid-ossp", "pgcrypto"]));

const tuning = z.strictObject({
    sharedBuffers: byteQuantity.optional(),
    effectiveCacheSize: byteQuantity.optional(),
    workMem: byteQuantity.optional(),
    maintenanceWorkMem: byteQuantity.optional(),
    walBuffers: byteQuantity.optional(),
    minWalSize: byteQuantity.optional(),
    maxWalSize: byteQuantity.optional(),
});

function rds(preset: EnvironmentPreset) {
    return z.strictObject({
        kind: z.literal("rds"),
        /** Major.minor; default "16". */
        engineVersion: z
            .string()
            .regex(/^16(\.[0-9]+)?$/, 'PostgreSQL 16 ("16" or "16.x")')
            .default("16"),
        /** Default db.t4g.medium in dev, db.r6g.large elsewhere. */
        instanceClass: z
            .string()
            .regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, "an RDS instance class such as db.r6g.large")
            .default(preset.requireHighAvailability ? "db.r6g.large" : "db.t4g.medium"),
        allocatedStorageGb: z.number().int().min(20).max(65536).default(100),
        /** Storage autoscaling ceiling. Default 4x allocated. */
        maxAllocatedStorageGb: z.number().int().min(20).max(65536).optional(),
        /** Default: true where the environment requires high availability (prod). */
        multiAz: z.boolean().default(preset.requireHighAvailability),
        /** Days of automated backups / PITR. Default 7 staging, 30 prod. */
        backupRetentionDays: z
            .number()
            .int()
            .min(
                preset.minDatabaseBackupRetentionDays,
                `fix: this environment keeps at least ${preset.minDatabaseBackupRetentionDays} days of backups`,
            )
            .max(35)
            .default(preset.databaseBackupRetentionDays),
        /** Default: derived from the instance memory (see components/database/rds-sizing.ts). */
        maxConnections: z.number().int().min(20).max(10000).optional(),
        readReplicas: z.number().int().min(0).max(5).default(0),
        databaseName: z
            .string()
            .regex(/^[a-z_][a-z0-9_]{0,62}$/)
            .default("app"),
        masterUsername: z
            .string()
            .regex(/^[a-z_][a-z0-9_]{0,15}$/)
            .default("app_admin"),
        /** Extensions the app needs; pgvector is "vector". Default ["pg_stat_statements"]. */
        extensions: extensionList.default(["pg_stat_statements"]),
        performanceInsightsRetentionDays: z.union([z.literal(7), z.literal(31), z.literal(93), z.literal(731)]).default(7),
        monitoringIntervalSeconds: z
            .union([z.literal(0), z.literal(1), z.literal(5), z.literal(10), z.literal(15), z.literal(30), z.literal(60)])
            .default(60),
        pgbouncer: pgbouncer(preset).default(pgbouncer(preset).parse({})),
    });
}

function patroni(preset: EnvironmentPreset) {
    return z.strictObject({
        kind: z.literal("patroni"),
        /** Patroni members. Default 3 where HA is required, else 1. */
        members: z
            .number()
            .int()
            .min(1)
            .max(7)
            .default(preset.requireHighAvailability ? 3 : 1),
        version: z.enum(["15", "16", "17"]).default("16"),
        storageSize: byteQuantity.default("50Gi"),
        storageClass: z.string().optional(),
        resources: z
            .strictObject({
                requests: z.strictObject({ cpu: cpuQuantity, memory: byteQuantity }),
                limits: z.strictObject({ cpu: cpuQuantity, memory: byteQuantity }),
            })
            .default({ requests: { cpu: "1", memory: "4Gi" }, limits: { cpu: "2", memory: "4Gi" } }),
        /** SEI guide sets 200; default 400 so 3 PgBouncer replicas x 100 fit in 80%. */
        maxConnections: z.number().int().min(20).max(10000).default(400),
        /** Default: derived from the memory limit (shared_buffers 25%, effective_cache_size 75%, ...). */
        tuning: tuning.default({}),
        databaseName: z
            .string()
            .regex(/^[a-z_][a-z0-9_]{0,62}$/)
            .default("app"),
        /** TimescaleDB extension (SEI guide). Default true. */
        timescaledb: z.boolean().default(true),
        /** Extensions the app needs besides TimescaleDB (Spilo ships them); the operator creates them. Default ["pg_stat_statements"]. */
        extensions: extensionList.default(["pg_stat_statements"]),
        /** Continuous WAL archiving to S3-compatible storage for PITR. Required where backups are. */
        walArchive: z
            .strictObject({
                bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "an S3 bucket name"),
                endpoint: z.string().url().optional(),
                region: z.string().default("us-east-1"),
                /** Secret in the secrets backend holding the storage credentials. */
                credentialsSecret: dnsLabel.default("wal-archive-credentials"),
                /** Base backups kept. Default 7. */
                retainBaseBackups: z.number().int().min(1).max(60).default(7),
            })
            .optional(),
        pgbouncer: pgbouncer(preset).default(pgbouncer(preset).parse({})),
    });
}

/** Extensions the plain PostgreSQL kind can create; the image follows them (components/database/postgres-image.ts). */
export const POSTGRES_EXTENSIONS = ["timescaledb", "vector", "pg_stat_statements", "pg_trgm", "uuid-ossp", "pgcrypto"] as const;

/**
 * One PostgreSQL 16 server as a StatefulSet: no operator, no HA; what a bare cluster (dev) can run. The major version is
 * the images' (PostgreSQL 16, as the backup image's pg_dump).
 */
function plainPostgres(preset: EnvironmentPreset) {
    return z.strictObject({
        kind: z.literal("postgres"),
        storageSize: byteQuantity.default("20Gi"),
        storageClass: z.string().optional(),
        resources: z
            .strictObject({
                requests: z.strictObject({ cpu: cpuQuantity, memory: byteQuantity }),
                limits: z.strictObject({ cpu: cpuQuantity, memory: byteQuantity }),
            })
            .default({ requests: { cpu: "250m", memory: "1Gi" }, limits: { cpu: "1", memory: "1Gi" } }),
        /** Default 200 (1 PgBouncer x 100 fits in 80%). */
        maxConnections: z.number().int().min(20).max(10000).default(200),
        /** Default: derived from the memory limit (shared_buffers 25%, effective_cache_size 75%, ...). */
        tuning: tuning.default({}),
        databaseName: z
            .string()
            .regex(/^[a-z_][a-z0-9_]{0,62}$/)
            .default("app"),
        /**
         * Extensions created in the database at first start; they pick the official image (timescaledb ->
         * timescale/timescaledb, vector -> pgvector/pgvector, else postgres). Default ["pg_stat_statements"].
         */
        extensions: z.array(z.enum(POSTGRES_EXTENSIONS)).default(["pg_stat_statements"]),
        /**
         * A single server with no failover. Environments whose preset does not allow it (staging, prod) reject this kind
         * unless this is true. Default: the preset (true in dev).
         */
        allowSingleInstance: z.boolean().default(preset.allowSingleInstanceDatabase),
        pgbouncer: pgbouncer(preset).default(pgbouncer(preset).parse({})),
    });
}

export function databaseSchema(preset: EnvironmentPreset) {
    return z.discriminatedUnion("kind", [rds(preset), patroni(preset), plainPostgres(preset)]);
}

function elasticache(preset: EnvironmentPreset) {
    return z.strictObject({
        kind: z.literal("elasticache"),
        engineVersion: z
            .string()
            .regex(/^7(\.[0-9]+)?$/, 'Redis 7 ("7" or "7.x")')
            .default("7.1"),
        nodeType: z
            .string()
            .regex(/^cache\.[a-z0-9]+\.[a-z0-9]+$/, "a node type such as cache.r6g.large")
            .default(preset.requireHighAvailability ? "cache.r6g.large" : "cache.t4g.small"),
        /** Primary plus replicas. Default 3 where HA is required, 2 in staging, 1 in dev. */
        nodes: z
            .number()
            .int()
            .min(1)
            .max(6)
            .default(preset.requireHighAvailability ? 3 : preset.minReplicas),
        multiAz: z.boolean().default(preset.requireHighAvailability),
        snapshotRetentionDays: z.number().int().min(1).max(35).default(preset.redisSnapshotRetentionDays),
        maxmemoryPolicy: z.enum(["allkeys-lru", "volatile-lru", "allkeys-lfu", "volatile-lfu", "noeviction"]).default("allkeys-lru"),
    });
}

function clusterRedis(preset: EnvironmentPreset) {
    return z.strictObject({
        kind: z.literal("cluster"),
        /** Memory Redis may use before evicting (Tria guide: 2gb). Default 1Gi. */
        maxmemory: byteQuantity.default("1Gi"),
        maxmemoryPolicy: z.enum(["allkeys-lru", "volatile-lru", "allkeys-lfu", "volatile-lfu", "noeviction"]).default("allkeys-lru"),
        storageSize: byteQuantity.default("10Gi"),
        storageClass: z.string().optional(),
        /** Three Redis members watched by three Sentinels. Default true where HA is required. */
        sentinel: z.boolean().default(preset.requireHighAvailability),
    });
}

export function redisSchema(preset: EnvironmentPreset) {
    return z.discriminatedUnion("kind", [elasticache(preset), clusterRedis(preset)]);
}

/** Auto-unseal through AWS KMS (IRSA), another Vault's transit engine, or manual Shamir unseal with keys held offline. */
const vaultSeal = z.discriminatedUnion("kind", [
    z.strictObject({
        kind: z.literal("awskms"),
        /** Existing key; default: a key created by the stack (rotation on). */
        kmsKeyArn: z
            .string()
            .regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key\/.+$/, "a KMS key ARN")
            .optional(),
    }),
    z.strictObject({
        kind: z.literal("transit"),
        /** Address of the Vault whose transit engine holds the unseal key. */
        address: z.string().url(),
        keyName: z.string().regex(/^[a-z][a-z0-9_-]*$/),
        /** Default "transit/". */
        mountPath: z
            .string()
            .regex(/^[a-z][a-z0-9_-]*\/$/)
            .default("transit/"),
        /** Kubernetes Secret (key "token") in the Vault namespace, created by the operator: the transit token. */
        tokenSecret: dnsLabel,
    }),
    z.strictObject({ kind: z.literal("shamir") }),
]);

export function secretsSchema(preset: EnvironmentPreset) {
    return z.discriminatedUnion("backend", [
        z.strictObject({
            backend: z.literal("aws-secrets-manager"),
            /** Days a deleted secret can be restored. Default 30 where resources are protected, else 7. */
            recoveryWindowDays: z
                .number()
                .int()
                .min(7)
                .max(30)
                .default(preset.protectStatefulResources ? 30 : 7),
            /** Path prefix of every secret name. Default "<appName>/<environment>". */
            prefix: z.string().optional(),
            /** Regions every secret is replicated to (disaster recovery, backup key escrow). Default none; prod needs one. */
            replicaRegions: z.array(z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-[0-9]$/, "an AWS region such as eu-central-1")).default([]),
        }),
        z.strictObject({
            backend: z.literal("vault"),
            /** Vault servers in the Raft cluster. Default 3 where HA is required, else 1. */
            replicas: z
                .number()
                .int()
                .min(1)
                .max(7)
                .default(preset.requireHighAvailability ? 3 : 1),
            /** KV v2 mount. Default "secret". */
            kvMount: z
                .string()
                .regex(/^[a-z][a-z0-9-]*$/)
                .default("secret"),
            /** Existing Vault address; when set, no Vault is installed. */
            address: z.string().url().optional(),
            /**
             * TLS on the listener of the installed Vault, certificate from a per-stack cert-manager CA (clients trust it
             * through VAULT_CACERT). Default true where the environment requires TLS (staging, prod).
             */
            tls: z.boolean().default(preset.requireTls),
            /** How the installed Vault unseals. Default: awskms on the aws target, shamir (manual, keys offline) elsewhere. */
            seal: vaultSeal.optional(),
            /** Audit device the config Job enables. `file` (default): the audit volume; `stdout`: the server log. */
            audit: z.enum(["file", "stdout"]).default("file"),
            /** Raft snapshots uploaded to the backup bucket (SSE-KMS). Default: on where backups are required. */
            snapshots: z
                .strictObject({
                    enabled: z.boolean().default(preset.requireBackups),
                    /** Default 01:30 daily, before the database backups. */
                    schedule: cronSchedule.default("30 1 * * *"),
                })
                .default({ enabled: preset.requireBackups, schedule: "30 1 * * *" }),
        }),
        /**
         * Kubernetes Secrets in the app namespace: generated values are written by the stack, external ones (API keys) are
         * created by the operator with kubectl. No controller to install; only environments whose preset allows it (dev).
         */
        z.strictObject({ backend: z.literal("kubernetes") }),
    ]);
}

/**
 * `backup.sqlite`: SQLite files on services' volumes, backed up with `sqlite3 .backup` into the backup pipeline (one
 * job per volume, on the node the volume is attached to; see docs/data.md).
 */
export function sqliteBackupSchema(preset: EnvironmentPreset) {
    return z.strictObject({
        /**
         * Image running the backup scripts on SQLite: bash >= 4.4, sqlite3, gzip, openssl >= 1.1.1, GNU coreutils, awk, sed
         * (e.g. debian:bookworm-slim plus the sqlite3 package). No official image ships sqlite3 with these, so there is no
         * default.
         */
        image: imageRef(preset),
        files: z
            .array(
                z.strictObject({
                    /** The service whose volume holds the file. */
                    service: dnsLabel,
                    /** Absolute path of the file inside that service's container, under its volume's mountPath. */
                    path: z.string().regex(/^\/[^\s,=]+$/, "an absolute path without spaces, commas or '='"),
                }),
            )
            .min(1, "at least one SQLite file (or drop backup.sqlite)"),
    });
}
