/**
 * How Prometheus finds the data services' exporters: a PodMonitor per exporter kind, scoped to the app namespace,
 * selecting the pods by the labels the database and cache layers set (components/database/pgbouncer.ts,
 * components/database/patroni.ts spiloSelector, components/cache/redis-cluster.ts) and scraping their container port
 * named `metrics`.
 */
export interface ExporterScrape {
    /** Pod labels of the pods running the exporter (sidecar or standalone). */
    podLabels: Record<string, string>;
    /** Name of the exporter's container port. */
    port: string;
    path: string;
}

export const EXPORTERS = {
    /** postgres-exporter sidecar of the Spilo/Patroni members (Zalando operator labels). */
    postgres: { podLabels: { application: "spilo" }, port: "metrics", path: "/metrics" },
    /** pgbouncer-exporter sidecar of the PgBouncer pods. */
    pgbouncer: { podLabels: { "app.kubernetes.io/name": "pgbouncer", "app.kubernetes.io/component": "database-pooler" }, port: "metrics", path: "/metrics" },
    /** redis_exporter sidecar of the Redis pods. */
    redis: { podLabels: { "app.kubernetes.io/name": "redis", "app.kubernetes.io/component": "cache" }, port: "metrics", path: "/metrics" },
} as const satisfies Record<string, ExporterScrape>;
