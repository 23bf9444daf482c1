/**
 * How Prometheus finds the data services' exporters: a PodMonitor per exporter kind selects pods of this app
 * (`app.kubernetes.io/part-of`) by `app.kubernetes.io/component` and scrapes their container port named `metrics`.
 * The database and cache layers label their exporter pods accordingly (contract shared with components/database and
 * components/cache).
 */
export interface ExporterScrape {
    /** `app.kubernetes.io/component` of the pods running the exporter (sidecar or standalone). */
    component: string;
    /** Name of the exporter's container port. */
    port: string;
    path: string;
}

export const EXPORTERS = {
    /** prometheuscommunity/postgres-exporter next to the Patroni members or in front of RDS. */
    postgres: { component: "postgres", port: "metrics", path: "/metrics" },
    /** prometheuscommunity/pgbouncer-exporter sidecar of the PgBouncer pods. */
    pgbouncer: { component: "pgbouncer", port: "metrics", path: "/metrics" },
    /** oliver006/redis_exporter sidecar of the Redis pods, or standalone against ElastiCache. */
    redis: { component: "redis", port: "metrics", path: "/metrics" },
} as const satisfies Record<string, ExporterScrape>;
