/**
 * A small stack with the data and secrets services the connectivity contract derives flows to: app -> PgBouncer ->
 * Postgres, app -> Redis proxy -> Redis members, Vault-injected app -> Vault, migration Job and backup CronJob -> the
 * server (admin Secret) and S3. Its NetworkPolicies allow exactly those flows; each failing test changes one property.
 */
import { K } from "../../../policies/lib/kubernetes/types";
import type { RecordedResource } from "../../../tools/mock-runner/recorded-resource";
import { recorded } from "./recorded";

const NS = "app";
const meta = (name: string, labels: Record<string, string> = {}, annotations: Record<string, string> = {}) => ({
    name,
    namespace: NS,
    labels,
    annotations,
});
export const L = {
    api: { "app.kubernetes.io/name": "api", "app.kubernetes.io/component": "app" },
    migrate: { "app.kubernetes.io/name": "api", "app.kubernetes.io/component": "migrations" },
    backup: { "prod-stack.io/backup-of": "db" },
    pooler: { "app.kubernetes.io/name": "pgbouncer", "app.kubernetes.io/component": "database-pooler" },
    postgres: { "app.kubernetes.io/name": "postgres", "app.kubernetes.io/component": "database" },
    proxy: { "app.kubernetes.io/name": "redis-proxy", "app.kubernetes.io/component": "cache" },
    redis: { "app.kubernetes.io/name": "redis", "app.kubernetes.io/component": "cache" },
};
const DNS = {
    to: [
        {
            namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
            podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
        },
    ],
    ports: [
        { protocol: "UDP", port: 53 },
        { protocol: "TCP", port: 53 },
    ],
};
const peer = (labels: Record<string, string>) => ({ podSelector: { matchLabels: labels } });
const tcp = (...ports: number[]) => ports.map((port) => ({ protocol: "TCP", port }));
const secretRef = (env: string, name: string, key: string) => ({ name: env, valueFrom: { secretKeyRef: { name, key } } });

function pod(labels: Record<string, string>, containers: Record<string, any>[], extra: Record<string, any> = {}, annotations = {}) {
    return { metadata: { labels, annotations }, spec: { containers, ...extra } };
}
function policy(name: string, labels: Record<string, string>, ingress: Record<string, any>[], egress: Record<string, any>[]) {
    return recorded(K.NetworkPolicy, `np-${name}`, {
        metadata: meta(name),
        spec: { podSelector: { matchLabels: labels }, policyTypes: ["Ingress", "Egress"], ingress, egress: [DNS, ...egress] },
    });
}

export function dataStack(): RecordedResource[] {
    return [
        recorded(K.Namespace, "ns", { metadata: { name: NS } }),
        recorded(K.NetworkPolicy, "np-default-deny", {
            metadata: meta("default-deny"),
            spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"], ingress: [], egress: [DNS] },
        }),
        recorded(K.HelmChartV4, "vault", { chart: "vault", namespace: "vault" }),
        recorded(K.Secret, "db-app", {
            metadata: meta("db-app"),
            stringData: { url: "postgresql://app:pw@pgbouncer.app.svc.cluster.local:6432/app" },
        }),
        recorded(K.Secret, "db-admin", {
            metadata: meta("db-admin"),
            stringData: {
                host: "postgres.app.svc.cluster.local",
                port: "5432",
                url: "postgresql://admin:pw@postgres.app.svc.cluster.local:5432/app",
            },
        }),
        recorded(K.Secret, "redis-auth", {
            metadata: meta("redis-auth"),
            stringData: { url: "redis://:pw@redis-proxy.app.svc.cluster.local:6379/0" },
        }),
        recorded(K.Deployment, "api", {
            metadata: meta("api", L.api),
            spec: {
                selector: { matchLabels: L.api },
                template: pod(
                    L.api,
                    [
                        {
                            name: "api",
                            ports: [{ name: "http", containerPort: 8080 }],
                            env: [secretRef("DATABASE_URL", "db-app", "url"), secretRef("REDIS_URL", "redis-auth", "url")],
                        },
                    ],
                    {},
                    { "vault.hashicorp.com/agent-inject": "true" },
                ),
            },
        }),
        recorded(K.Job, "migrate", {
            metadata: meta("api-migrate", L.migrate),
            spec: { template: pod(L.migrate, [{ name: "migrate", env: [secretRef("DATABASE_URL", "db-admin", "url")] }]) },
        }),
        recorded(K.CronJob, "backup", {
            metadata: meta("backup", L.backup),
            spec: {
                jobTemplate: {
                    spec: {
                        template: pod(L.backup, [
                            {
                                name: "backup",
                                env: [
                                    secretRef("PGHOST", "db-admin", "host"),
                                    secretRef("PGPORT", "db-admin", "port"),
                                    { name: "BACKUP_DESTINATION", value: "s3://backups/" },
                                ],
                            },
                        ]),
                    },
                },
            },
        }),
        recorded(K.ConfigMap, "pgbouncer-ini", {
            metadata: meta("pgbouncer"),
            data: { "pgbouncer.ini": "[databases]\napp = host=postgres.app.svc.cluster.local port=5432 dbname=app\n" },
        }),
        recorded(K.Deployment, "pgbouncer", {
            metadata: meta("pgbouncer", L.pooler),
            spec: {
                selector: { matchLabels: L.pooler },
                template: pod(L.pooler, [{ name: "pgbouncer", ports: [{ name: "pgbouncer", containerPort: 6432 }] }], {
                    volumes: [{ name: "config", configMap: { name: "pgbouncer" } }],
                }),
            },
        }),
        recorded(K.Service, "pgbouncer-svc", {
            metadata: meta("pgbouncer", L.pooler),
            spec: { selector: L.pooler, ports: [{ port: 6432, targetPort: "pgbouncer" }] },
        }),
        recorded(K.StatefulSet, "postgres", {
            metadata: meta("postgres", L.postgres),
            spec: {
                replicas: 1,
                selector: { matchLabels: L.postgres },
                template: pod(L.postgres, [{ name: "postgres", ports: [{ name: "postgres", containerPort: 5432 }] }]),
            },
        }),
        recorded(K.Service, "postgres-svc", {
            metadata: meta("postgres", L.postgres),
            spec: { selector: L.postgres, ports: [{ port: 5432, targetPort: "postgres" }] },
        }),
        recorded(K.ConfigMap, "haproxy", {
            metadata: meta("redis-proxy"),
            data: {
                "haproxy.cfg":
                    "backend master\n  server member-0 redis-0.redis-headless.app.svc.cluster.local:6379\n  server member-1 redis-1.redis-headless.app.svc.cluster.local:6379\n",
            },
        }),
        recorded(K.Deployment, "redis-proxy", {
            metadata: meta("redis-proxy", L.proxy),
            spec: {
                selector: { matchLabels: L.proxy },
                template: pod(L.proxy, [{ name: "haproxy", ports: [{ name: "redis", containerPort: 6379 }] }], {
                    volumes: [{ name: "config", configMap: { name: "redis-proxy" } }],
                }),
            },
        }),
        recorded(K.Service, "redis-proxy-svc", {
            metadata: meta("redis-proxy", L.proxy),
            spec: { selector: L.proxy, ports: [{ port: 6379, targetPort: "redis" }] },
        }),
        recorded(K.StatefulSet, "redis", {
            metadata: meta("redis", L.redis),
            spec: {
                replicas: 2,
                selector: { matchLabels: L.redis },
                template: pod(L.redis, [{ name: "redis", ports: [{ name: "redis", containerPort: 6379 }] }]),
            },
        }),
        recorded(K.Service, "redis-headless", {
            metadata: meta("redis-headless", L.redis),
            spec: { clusterIP: "None", selector: L.redis, ports: [{ name: "redis", port: 6379 }] },
        }),
        policy(
            "api",
            L.api,
            [],
            [
                // The app's cache peer is the cache component (proxy and members alike), as the stack renders it.
                { to: [peer(L.pooler)], ports: tcp(6432) },
                { to: [peer({ "app.kubernetes.io/component": "cache" })], ports: tcp(6379) },
                { to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "vault" } } }], ports: tcp(8200) },
            ],
        ),
        policy("migrate", L.migrate, [], [{ ports: tcp(5432) }]),
        policy(
            "backup",
            L.backup,
            [],
            [
                { to: [peer(L.postgres)], ports: tcp(5432) },
                { to: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["10.0.0.0/8"] } }], ports: tcp(443) },
            ],
        ),
        policy("pgbouncer", L.pooler, [{ from: [peer(L.api)], ports: tcp(6432) }], [{ to: [peer(L.postgres)], ports: tcp(5432) }]),
        policy("postgres", L.postgres, [{ from: [peer(L.pooler), peer(L.migrate), peer(L.backup)], ports: tcp(5432) }], []),
        policy("redis-proxy", L.proxy, [{ from: [peer(L.api)], ports: tcp(6379) }], [{ to: [peer(L.redis)], ports: tcp(6379) }]),
        policy("redis", L.redis, [{ from: [peer(L.proxy), peer(L.redis)], ports: tcp(6379) }], [{ to: [peer(L.redis)], ports: tcp(6379) }]),
    ];
}
