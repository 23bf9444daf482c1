/**
 * Exporters for the managed data services (RDS, ElastiCache), which run outside the cluster and so carry no exporter
 * sidecar: a standalone Deployment per service reads it over the network and Prometheus scrapes that through a
 * ServiceMonitor. The in-cluster kinds (Patroni, the Redis StatefulSet) keep their sidecars and PodMonitors
 * (exporters.ts). Pure: the component (managed-exporter.ts) and the tests read these specs.
 *
 * - postgres_exporter (prometheus-community) on RDS: DATA_SOURCE_NAME is the direct admin URL from the secrets backend
 *   (sslmode=require, RDS forces TLS), as a secret env; its stat_database and settings collectors give the
 *   pg_stat_database_numbackends and pg_settings_max_connections that DatabaseConnectionPoolExhausted divides.
 * - redis_exporter (oliver006) on ElastiCache: `rediss://` (transit encryption) to the primary endpoint with the AUTH
 *   token as REDIS_PASSWORD; its INFO-based redis_keyspace_hits_total / redis_keyspace_misses_total feed LowCacheHitRate.
 *   ElastiCache refuses CONFIG, so the exporter is told not to call it.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { imageFor, StackConfig } from "../config";
import { CacheLayer, DatabaseLayer, NetworkPeer, SecretRef } from "../contracts";
import { VPC_PRIVATE_RANGES } from "../kubernetes";
import { EXPORTERS } from "./exporters";

/** Default port of postgres_exporter. */
export const POSTGRES_EXPORTER_PORT = 9187;
/** Default port of redis_exporter. */
export const REDIS_EXPORTER_PORT = 9121;

export interface ManagedExporterSpec {
    /** `app.kubernetes.io/name` of the exporter's pods and the suffix of its objects' names. */
    role: "postgres-exporter" | "redis-exporter";
    image: string;
    port: number;
    env: k8s.types.input.core.v1.EnvVar[];
    /** The managed service the exporter reads (outside the pod network: VPC addresses on its port). */
    target: NetworkPeer;
    /** Resources the exporter waits for (the service and its credentials). */
    dependsOn: pulumi.Resource[];
}

function secretEnv(name: string, ref: SecretRef): k8s.types.input.core.v1.EnvVar {
    return { name, valueFrom: { secretKeyRef: { name: ref.secretName, key: ref.key } } };
}

export function postgresExporterSpec(config: StackConfig, database: DatabaseLayer): ManagedExporterSpec {
    return {
        role: "postgres-exporter",
        image: imageFor(config, "postgresExporter"),
        port: POSTGRES_EXPORTER_PORT,
        env: [secretEnv("DATA_SOURCE_NAME", database.adminCredentials.url)],
        // The instance's address is not known before it exists; RDS sits in the VPC's private ranges.
        target: { ipBlocks: VPC_PRIVATE_RANGES, ports: [database.primaryPort] },
        dependsOn: database.resources,
    };
}

export function redisExporterSpec(config: StackConfig, cache: CacheLayer): ManagedExporterSpec {
    return {
        role: "redis-exporter",
        image: imageFor(config, "redisExporter"),
        port: REDIS_EXPORTER_PORT,
        env: [
            { name: "REDIS_ADDR", value: pulumi.interpolate`${cache.tls ? "rediss" : "redis"}://${cache.host}:${cache.port}` },
            secretEnv("REDIS_PASSWORD", cache.password),
            { name: "REDIS_EXPORTER_CONFIG_COMMAND", value: "-" },
        ],
        target: cache.peer,
        dependsOn: cache.resources,
    };
}

/** Which data-service exporters a stack runs and how Prometheus finds them, by where each service runs. */
export interface DataServiceScrapes {
    /** Sidecar exporters of in-cluster pods, scraped by PodMonitors (exporters.ts keys). */
    podMonitors: (keyof typeof EXPORTERS)[];
    /** Standalone exporters of managed services, scraped through their Service by a ServiceMonitor. */
    managed: ManagedExporterSpec[];
}

/**
 * PgBouncer runs in the cluster on both targets (its sidecar is scraped everywhere); Postgres and Redis are scraped by
 * sidecar where they run in the cluster (Patroni, the Redis StatefulSet) and by a standalone exporter where they are
 * managed (RDS, ElastiCache). A PodMonitor selecting pods the target never runs would leave its alerts silent.
 */
export function dataServiceScrapes(config: StackConfig, database?: DatabaseLayer, cache?: CacheLayer): DataServiceScrapes {
    const podMonitors: DataServiceScrapes["podMonitors"] = [];
    const managed: ManagedExporterSpec[] = [];
    if (database) {
        if (database.kind === "patroni") podMonitors.push("postgres");
        else if (database.kind === "postgres") podMonitors.push("postgresStatefulSet");
        else managed.push(postgresExporterSpec(config, database));
        podMonitors.push("pgbouncer");
    }
    if (cache) {
        if (cache.kind === "cluster") podMonitors.push("redis");
        else managed.push(redisExporterSpec(config, cache));
    }
    return { podMonitors, managed };
}
