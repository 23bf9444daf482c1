/**
 * Names and selectors that cross layers: well-known namespaces and pod labels of the add-ons, the app pods' labels,
 * the backup jobs' component names, so one layer can select or alert on what another runs without importing it.
 * The add-on values follow the upstream charts' defaults.
 */
import { NetworkPeer } from "./contracts";

export const ADDON_NAMESPACES = {
    certManager: "cert-manager",
    envoyGateway: "envoy-gateway-system",
    monitoring: "monitoring",
    logging: "logging",
    externalSecrets: "external-secrets",
    vault: "vault",
    postgresOperator: "postgres-operator",
    metricsServer: "metrics-server",
    prometheusAdapter: "prometheus-adapter",
    externalDns: "external-dns",
    awsLoadBalancerController: "aws-load-balancer-controller",
    velero: "velero",
} as const;

function inNamespace(namespace: string): Record<string, string> {
    return { "kubernetes.io/metadata.name": namespace };
}

/** Envoy proxies that Envoy Gateway runs for a Gateway (labels set by the controller on every proxy pod). */
export const ENVOY_PROXY_PEER: Omit<NetworkPeer, "ports"> = {
    namespaceSelector: inNamespace(ADDON_NAMESPACES.envoyGateway),
    podSelector: { "app.kubernetes.io/component": "proxy", "app.kubernetes.io/managed-by": "envoy-gateway" },
};

/**
 * Envoy Gateway's global rate limit service (the `envoy-ratelimit` Deployment the controller creates in its own
 * namespace when `rateLimit.backend` is configured): labels from rateLimitLabels() in envoyproxy/gateway
 * internal/infrastructure/kubernetes/ratelimit/resource.go. It counts per-API-key requests in the stack's Redis.
 */
export const ENVOY_RATELIMIT_PEER: Omit<NetworkPeer, "ports"> = {
    namespaceSelector: inNamespace(ADDON_NAMESPACES.envoyGateway),
    podSelector: {
        "app.kubernetes.io/name": "envoy-ratelimit",
        "app.kubernetes.io/component": "ratelimit",
        "app.kubernetes.io/managed-by": "envoy-gateway",
    },
};

/** Prometheus pods of kube-prometheus-stack. */
export const PROMETHEUS_PEER: Omit<NetworkPeer, "ports"> = {
    namespaceSelector: inNamespace(ADDON_NAMESPACES.monitoring),
    podSelector: { "app.kubernetes.io/name": "prometheus" },
};

/** Blackbox exporter probing public health endpoints from inside the cluster. */
export const BLACKBOX_PEER: Omit<NetworkPeer, "ports"> = {
    namespaceSelector: inNamespace(ADDON_NAMESPACES.monitoring),
    podSelector: { "app.kubernetes.io/name": "prometheus-blackbox-exporter" },
};

/** Vault servers (agent injector sidecars talk to them). */
export const VAULT_PEER: Omit<NetworkPeer, "ports"> = {
    namespaceSelector: inNamespace(ADDON_NAMESPACES.vault),
    podSelector: { "app.kubernetes.io/name": "vault" },
};

/** Label keys the policy pack and the layers agree on. */
export const LABELS = {
    name: "app.kubernetes.io/name",
    component: "app.kubernetes.io/component",
    partOf: "app.kubernetes.io/part-of",
    managedBy: "app.kubernetes.io/managed-by",
    environment: "prod-stack.io/environment",
    database: "prod-stack.io/database",
    backupOf: "prod-stack.io/backup-of",
    edgeController: "prod-stack.io/edge-controller",
    needsApiToken: "prod-stack.io/needs-api-token",
    track: "prod-stack.io/track",
} as const;

/** Pod labels every app service's pods carry (all services, all tracks): data services admit clients by these. */
export const APP_PODS = { [LABELS.component]: "app" } as const;

/**
 * Pod labels of every service's migration Job: they connect to the database primary (DDL, locks) and get the service's
 * Redis settings, so the data services admit them beside PgBouncer and the apps.
 */
export const MIGRATION_PODS = { [LABELS.component]: "migrations" } as const;

/** `app.kubernetes.io/component` of the backup layer's Jobs; the observability layer alerts on them by these names. */
export const BACKUP_COMPONENTS = { backup: "backup", verify: "restore-verification" } as const;

/** Pods of the data services that other layers select (the observability layer scrapes their exporters by these). */
export const DATA_PODS = {
    /** Spilo members of every Patroni cluster (labels the Zalando operator sets). */
    spilo: { application: "spilo" },
    pgbouncer: { [LABELS.name]: "pgbouncer", [LABELS.component]: "database-pooler" },
    /** The plain PostgreSQL StatefulSet (database kind `postgres`). */
    postgres: { [LABELS.name]: "postgres", [LABELS.component]: "database" },
    redis: { [LABELS.name]: "redis", [LABELS.component]: "cache" },
} as const;

/** Pods of one Patroni cluster. */
export function spiloSelector(clusterName: string): Record<string, string> {
    return { ...DATA_PODS.spilo, "cluster-name": clusterName };
}

/**
 * Pods metric an HPA reads when a service autoscales on requests per second (services[].autoscaling.requestsPerSecond):
 * the workload layer asks for it, prometheus-adapter serves it under exactly this name.
 */
export const REQUESTS_PER_SECOND_METRIC = "http_requests_per_second";

/**
 * HPA annotation declaring a cluster prerequisite: the cluster itself serves metrics.k8s.io (addons.metricsServer off
 * because the cluster runs its own metrics-server). The pack's HPA-metrics contract accepts cpu/memory targets on it.
 */
export const CLUSTER_METRICS_API_ANNOTATION = { key: "prod-stack.io/metrics-api", value: "cluster" } as const;

/** The port PostgreSQL listens on, on RDS and in the cluster alike. */
export const POSTGRES_PORT = 5432;

/**
 * Annotation listing (`<Kind>/<name>`, comma-separated) what an object reads that is created outside the stack (the
 * kubernetes secrets backend's external Secrets, which the operator creates by hand); the pack's
 * stack-references-resolve contract reads exactly this key.
 */
export const EXTERNAL_REFS_ANNOTATION = "prod-stack.io/external-refs";

function externalRefsAnnotation(refs: Iterable<string>): Record<string, string> {
    const sorted = [...new Set(refs)].sort();
    return sorted.length > 0 ? { [EXTERNAL_REFS_ANNOTATION]: sorted.join(",") } : {};
}

/** The annotation declaring the external Secrets `names`, or none when there are none. */
export function externalSecretsAnnotation(names: Iterable<string>): Record<string, string> {
    return externalRefsAnnotation([...names].map((n) => `Secret/${n}`));
}

/** Annotations of several sources on one object; the external-refs lists are united, not overwritten. */
export function mergeAnnotations<V = string>(all: Record<string, V | string>[]): Record<string, V | string> {
    const merged: Record<string, V | string> = Object.assign({}, ...all);
    const listed = (a: Record<string, V | string>) => {
        const v = a[EXTERNAL_REFS_ANNOTATION];
        return typeof v === "string" ? v.split(",") : [];
    };
    const refs = all.flatMap(listed).filter((n) => n.length > 0);
    delete merged[EXTERNAL_REFS_ANNOTATION];
    return { ...merged, ...externalRefsAnnotation(refs) };
}
