/**
 * The `acid.zalan.do/v1` `postgresql` manifest the Zalando operator turns into a Patroni cluster of Spilo pods.
 * Pure: parameters, WAL archiving env and the spec are unit-tested.
 */
import * as k8s from "@pulumi/kubernetes";
import { StackContext } from "../contracts";
import { POSTGRES_PORT } from "../peers";
import { requestedExtensions } from "./extensions";
import { serverParameters } from "./tuning";

type PatroniConfig = Extract<NonNullable<StackContext["config"]["database"]>, { kind: "patroni" }>;

/** Database owner the operator creates (its password is our generated one, see docs/data.md). */
export const PATRONI_OWNER = "app_owner";

/** postgresql.conf parameters: size-derived defaults from the memory limit, overridden by `database.tuning`. */
export function patroniParameters(db: PatroniConfig): Record<string, string> {
    return {
        ...serverParameters(db),
        // Spilo serves TLS (it generates a certificate when none is given), so the hop from PgBouncer is encrypted.
        ssl: "on",
        ...(db.timescaledb ? { "timescaledb.telemetry_level": "off" } : {}),
    };
}

/**
 * Spilo environment for continuous WAL archiving and base backups with WAL-G to S3-compatible storage. Settings are
 * plain values; the access keys come from the `credentialsSecret` Kubernetes Secret (keys AWS_ACCESS_KEY_ID,
 * AWS_SECRET_ACCESS_KEY), never from a ConfigMap.
 */
export function walArchiveEnv(clusterName: string, archive: NonNullable<PatroniConfig["walArchive"]>): k8s.types.input.core.v1.EnvVar[] {
    const fromSecret = (name: string) => ({ name, valueFrom: { secretKeyRef: { name: archive.credentialsSecret, key: name } } });
    return [
        { name: "USE_WALG_BACKUP", value: "true" },
        { name: "USE_WALG_RESTORE", value: "true" },
        { name: "WAL_S3_BUCKET", value: archive.bucket },
        { name: "WALG_S3_PREFIX", value: `s3://${archive.bucket}/spilo/${clusterName}/wal` },
        { name: "AWS_REGION", value: archive.region },
        ...(archive.endpoint
            ? [
                  { name: "AWS_ENDPOINT", value: archive.endpoint },
                  { name: "AWS_S3_FORCE_PATH_STYLE", value: "true" },
              ]
            : []),
        { name: "WALG_S3_SSE", value: "AES256" },
        { name: "WALG_COMPRESSION_METHOD", value: "zstd" },
        { name: "BACKUP_SCHEDULE", value: "0 1 * * *" },
        { name: "BACKUP_NUM_TO_RETAIN", value: String(archive.retainBaseBackups) },
        { name: "CLONE_USE_WALG_RESTORE", value: "true" },
        fromSecret("AWS_ACCESS_KEY_ID"),
        fromSecret("AWS_SECRET_ACCESS_KEY"),
    ];
}

/**
 * The operator creates the requested extensions in the app database (`preparedDatabases.<db>.extensions`: name ->
 * schema) on every sync, as the superuser. Its default roles and users stay off: the database and its owner are the
 * `databases`/`users` entries above, and a prepared database would otherwise get `<db>_owner`/_reader/_writer roles.
 */
export function preparedDatabase(db: PatroniConfig): { preparedDatabases?: Record<string, unknown> } {
    const extensions = requestedExtensions(db);
    if (extensions.length === 0) return {};
    return {
        preparedDatabases: {
            [db.databaseName]: {
                // The operator's CRD (1.14.0) has defaultRoles only per schema; at database level only defaultUsers,
                // which stays off so no login user appears beside the stack's own (the API server rejects the rest).
                defaultUsers: false,
                extensions: Object.fromEntries(extensions.map((e) => [e, "public"])),
            },
        },
    };
}

export interface PatroniSpecArgs {
    clusterName: string;
    teamId: string;
    db: PatroniConfig;
    highAvailability: boolean;
    /** Admin credentials Secret (keys user, password) the exporter sidecar reads. */
    adminSecret: string;
    /** Spilo and postgres-exporter references (stack overrides applied). */
    images: { spilo: string; postgresExporter: string };
}

export function patroniSpec(a: PatroniSpecArgs): Record<string, unknown> {
    const { db } = a;
    return {
        teamId: a.teamId,
        dockerImage: a.images.spilo,
        numberOfInstances: db.members,
        volume: { size: db.storageSize, ...(db.storageClass ? { storageClass: db.storageClass } : {}) },
        resources: {
            requests: { cpu: db.resources.requests.cpu, memory: db.resources.requests.memory },
            limits: { cpu: db.resources.limits.cpu, memory: db.resources.limits.memory },
        },
        postgresql: { version: db.version, parameters: patroniParameters(db) },
        patroni: {
            ttl: 30,
            loop_wait: 10,
            retry_timeout: 10,
            maximum_lag_on_failover: 33554432,
            // Synchronous replication where HA is required: a failover never loses a committed transaction.
            synchronous_mode: a.highAvailability && db.members > 1,
            pg_hba: [
                "local all all trust",
                "hostssl all +zalandos 127.0.0.1/32 pam",
                "host all all 127.0.0.1/32 md5",
                "hostssl all +zalandos ::1/128 pam",
                "host all all ::1/128 md5",
                "local replication standby trust",
                "hostssl replication standby all md5",
                "hostssl all all all md5",
                "hostnossl all all all reject",
            ],
        },
        users: { [PATRONI_OWNER]: ["createdb"] },
        databases: { [db.databaseName]: PATRONI_OWNER },
        ...preparedDatabase(db),
        enableConnectionPooler: false,
        enableReplicaConnectionPooler: false,
        spiloRunAsUser: 101,
        spiloRunAsGroup: 103,
        spiloFSGroup: 103,
        env: db.walArchive ? walArchiveEnv(a.clusterName, db.walArchive) : [],
        sidecars: [
            {
                name: "exporter",
                image: a.images.postgresExporter,
                ports: [{ name: "metrics", containerPort: 9187, protocol: "TCP" }],
                resources: { requests: { cpu: "10m", memory: "64Mi" }, limits: { cpu: "100m", memory: "64Mi" } },
                env: [
                    { name: "DATA_SOURCE_URI", value: `localhost:${POSTGRES_PORT}/${db.databaseName}?sslmode=require` },
                    { name: "DATA_SOURCE_USER", valueFrom: { secretKeyRef: { name: a.adminSecret, key: "user" } } },
                    { name: "DATA_SOURCE_PASS", valueFrom: { secretKeyRef: { name: a.adminSecret, key: "password" } } },
                ],
            },
        ],
        podAnnotations: { "prometheus.io/scrape": "true", "prometheus.io/port": "9187" },
        serviceAnnotations: {},
        additionalVolumes: [],
    };
}
