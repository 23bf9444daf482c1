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
    externalDns: "external-dns",
    awsLoadBalancerController: "aws-load-balancer-controller",
} as const;

function inNamespace(namespace: string): Record<string, string> {
    return { "kubernetes.io/metadata.name": namespace };
}

/** Envoy proxies that Envoy Gateway runs for a Gateway (labels set by the controller on every proxy pod). */
export const ENVOY_PROXY_PEER: Omit<NetworkPeer, "ports"> = {
    namespaceSelector: inNamespace(ADDON_NAMESPACES.envoyGateway),
    podSelector: { "app.kubernetes.io/component": "proxy", "app.kubernetes.io/managed-by": "envoy-gateway" },
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

/** `app.kubernetes.io/component` of the backup layer's Jobs; the observability layer alerts on them by these names. */
export const BACKUP_COMPONENTS = { backup: "backup", verify: "restore-verification" } as const;

/** Pods of the data services that other layers select (the observability layer scrapes their exporters by these). */
export const DATA_PODS = {
    /** Spilo members of every Patroni cluster (labels the Zalando operator sets). */
    spilo: { application: "spilo" },
    pgbouncer: { [LABELS.name]: "pgbouncer", [LABELS.component]: "database-pooler" },
    redis: { [LABELS.name]: "redis", [LABELS.component]: "cache" },
} as const;

/** Pods of one Patroni cluster. */
export function spiloSelector(clusterName: string): Record<string, string> {
    return { ...DATA_PODS.spilo, "cluster-name": clusterName };
}

/** The port PostgreSQL listens on, on RDS and in the cluster alike. */
export const POSTGRES_PORT = 5432;
