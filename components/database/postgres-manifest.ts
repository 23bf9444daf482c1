/**
 * The plain PostgreSQL StatefulSet's pod: the official image the extensions ask for, server settings as `-c` flags,
 * pg_isready probes, and the extensions created at first start. Pure: unit-tested.
 */
import * as k8s from "@pulumi/kubernetes";
import { StackContext } from "../contracts";
import { POSTGRES_PORT } from "../peers";
import { serverParameters } from "./tuning";

export type PlainPostgresConfig = Extract<NonNullable<StackContext["config"]["database"]>, { kind: "postgres" }>;
/** Owner and only role of the database (the image's POSTGRES_USER); the name matches the Patroni kind's owner. */
export const POSTGRES_OWNER = "app_owner";
export const POSTGRES_EXPORTER_PORT = 9187;
/** Data directory: a subdirectory of the volume, since a fresh filesystem's root holds lost+found and initdb refuses it. */
export const PGDATA = "/var/lib/postgresql/data/pgdata";
/** Where the entrypoint runs first-start SQL; mounted file by file (subPath) so an image's own scripts stay visible. */
const INITDB_DIR = "/docker-entrypoint-initdb.d";
export const EXTENSIONS_SCRIPT = "50-extensions.sql";

/** Libraries the extensions need loaded at server start. */
export function preloadLibraries(extensions: readonly string[]): string[] {
    return ["timescaledb", "pg_stat_statements"].filter((lib) => extensions.includes(lib));
}

/** postgresql.conf settings: size-derived from the memory limit and max_connections, overridden by `database.tuning`. */
export function postgresParameters(db: PlainPostgresConfig): Record<string, string> {
    const preload = preloadLibraries(db.extensions);
    return {
        ...serverParameters(db),
        ...(preload.length > 0 ? { shared_preload_libraries: preload.join(",") } : {}),
        ...(db.extensions.includes("timescaledb") ? { "timescaledb.telemetry_level": "off" } : {}),
    };
}

/** `postgres -c key=value ...`, in key order so the rendered args are stable. */
export function postgresArgs(parameters: Record<string, string>): string[] {
    return [
        "postgres",
        ...Object.keys(parameters)
            .sort()
            .flatMap((k) => ["-c", `${k}=${parameters[k]}`]),
    ];
}

function pgIsReady(databaseName: string): k8s.types.input.core.v1.ExecAction {
    // TCP, not the socket: during initdb the entrypoint's temporary server listens on the socket only.
    return { command: ["pg_isready", "-h", "127.0.0.1", "-p", String(POSTGRES_PORT), "-U", POSTGRES_OWNER, "-d", databaseName] };
}

export interface PostgresPodArgs {
    db: PlainPostgresConfig;
    image: string;
    exporterImage: string;
    /** Secret (keys user, password) with the owner's credentials. */
    credentialsSecret: string;
    /** ConfigMap holding EXTENSIONS_SCRIPT. */
    initConfigMap: string;
    containerSecurity: k8s.types.input.core.v1.SecurityContext;
    exporterSecurity: k8s.types.input.core.v1.SecurityContext;
    exporterResources: k8s.types.input.core.v1.ResourceRequirements;
}

/** The postgres container and its exporter sidecar, with the volumes they mount (besides the `data` claim). */
export function postgresPod(a: PostgresPodArgs): {
    containers: k8s.types.input.core.v1.Container[];
    volumes: k8s.types.input.core.v1.Volume[];
} {
    const { db } = a;
    const fromCredentials = (key: string) => ({ secretKeyRef: { name: a.credentialsSecret, key } });
    const ready = pgIsReady(db.databaseName);
    const postgres: k8s.types.input.core.v1.Container = {
        name: "postgres",
        image: a.image,
        args: postgresArgs(postgresParameters(db)),
        env: [
            { name: "POSTGRES_USER", valueFrom: fromCredentials("user") },
            { name: "POSTGRES_PASSWORD", valueFrom: fromCredentials("password") },
            { name: "POSTGRES_DB", value: db.databaseName },
            { name: "PGDATA", value: PGDATA },
        ],
        ports: [{ name: "postgres", containerPort: POSTGRES_PORT }],
        // initdb and the first-start scripts run before the server listens on TCP: up to 5 minutes on slow disks.
        startupProbe: { exec: ready, periodSeconds: 5, failureThreshold: 60 },
        readinessProbe: { exec: ready, periodSeconds: 5, timeoutSeconds: 3 },
        // Alive while it accepts connections; a server too busy to answer queries is unready, not restarted.
        livenessProbe: { tcpSocket: { port: POSTGRES_PORT }, periodSeconds: 15, timeoutSeconds: 5, failureThreshold: 6 },
        securityContext: a.containerSecurity,
        resources: {
            requests: { cpu: db.resources.requests.cpu, memory: db.resources.requests.memory },
            limits: { cpu: db.resources.limits.cpu, memory: db.resources.limits.memory },
        },
        volumeMounts: [
            { name: "data", mountPath: "/var/lib/postgresql/data" },
            { name: "run", mountPath: "/var/run/postgresql" },
            { name: "tmp", mountPath: "/tmp" },
            { name: "shm", mountPath: "/dev/shm" },
            { name: "init", mountPath: `${INITDB_DIR}/${EXTENSIONS_SCRIPT}`, subPath: EXTENSIONS_SCRIPT, readOnly: true },
        ],
    };
    const exporter: k8s.types.input.core.v1.Container = {
        name: "exporter",
        image: a.exporterImage,
        env: [
            // Same pod: the loopback connection needs no TLS (the server offers none).
            { name: "DATA_SOURCE_URI", value: `127.0.0.1:${POSTGRES_PORT}/${db.databaseName}?sslmode=disable` },
            { name: "DATA_SOURCE_USER", valueFrom: fromCredentials("user") },
            { name: "DATA_SOURCE_PASS", valueFrom: fromCredentials("password") },
        ],
        ports: [{ name: "metrics", containerPort: POSTGRES_EXPORTER_PORT }],
        livenessProbe: { tcpSocket: { port: POSTGRES_EXPORTER_PORT }, periodSeconds: 20, failureThreshold: 3 },
        readinessProbe: { httpGet: { path: "/metrics", port: POSTGRES_EXPORTER_PORT }, periodSeconds: 30, timeoutSeconds: 10 },
        securityContext: a.exporterSecurity,
        resources: a.exporterResources,
    };
    return {
        containers: [postgres, exporter],
        volumes: [
            { name: "run", emptyDir: { sizeLimit: "1Mi" } },
            { name: "tmp", emptyDir: { sizeLimit: "256Mi" } },
            // Parallel query workers share memory through /dev/shm; the runtime's default 64Mi is too small.
            { name: "shm", emptyDir: { medium: "Memory", sizeLimit: "256Mi" } },
            { name: "init", configMap: { name: a.initConfigMap } },
        ],
    };
}
