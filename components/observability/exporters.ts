/**
 * How Prometheus finds the data services' exporters: a PodMonitor per exporter kind, scoped to the app namespace,
 * selecting the pods by the labels the database and cache layers set (DATA_PODS in components/peers.ts) and scraping
 * their container port named `metrics`.
 */
import { DATA_PODS } from "../peers";

export interface ExporterScrape {
    /** Pod labels of the pods running the exporter (sidecar or standalone). */
    podLabels: Record<string, string>;
    /** Name of the exporter's container port. */
    port: string;
    path: string;
}

export const EXPORTERS = {
    /** postgres-exporter sidecar of the Spilo/Patroni members (Zalando operator labels). */
    postgres: { podLabels: DATA_PODS.spilo, port: "metrics", path: "/metrics" },
    /** postgres-exporter sidecar of the plain PostgreSQL StatefulSet (database kind `postgres`). */
    postgresStatefulSet: { podLabels: DATA_PODS.postgres, port: "metrics", path: "/metrics" },
    /** pgbouncer-exporter sidecar of the PgBouncer pods. */
    pgbouncer: { podLabels: DATA_PODS.pgbouncer, port: "metrics", path: "/metrics" },
    /** redis_exporter sidecar of the Redis pods. */
    redis: { podLabels: DATA_PODS.redis, port: "metrics", path: "/metrics" },
} as const satisfies Record<string, ExporterScrape>;
