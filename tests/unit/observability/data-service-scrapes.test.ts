import * as assert from "assert";
import { buildConfig } from "../support/config-fixtures";
import { fakeCache, fakeDatabase, fakeSecrets } from "../support/fake-layers";
import { fakeWorkload } from "./support/run-observability";
import { ofType, runProgram, runWithMocks } from "../../../tools/mock-runner/harness";
import { RecordedResource } from "../../../tools/mock-runner/recorded-resource";
import { StackConfig } from "../../../components/config";
import { deployObservability } from "../../../components/observability/deploy";
import { deployPlatform } from "../../../components/platform/deploy";
import { AlertRule } from "../../../components/observability/alert-types";
import { K } from "../../../policies/lib/kubernetes/types";

const ELASTICACHE = {
    kind: "elasticache" as const,
    tls: true,
    host: "shop.abc.cache.amazonaws.com",
    peer: { ipBlocks: ["10.0.0.0/8"], ports: [6379] },
};

async function run(config: StackConfig, cacheKind: "cluster" | "elasticache"): Promise<RecordedResource[]> {
    const result = await runWithMocks(
        () => {
            const ctx = deployPlatform(config);
            deployObservability(ctx, {
                secrets: fakeSecrets(),
                workloads: config.services.map((s) => fakeWorkload(s.name, s.port)),
                database: fakeDatabase({ kind: config.database!.kind }),
                cache: fakeCache(cacheKind === "elasticache" ? ELASTICACHE : {}),
            });
        },
        { stack: config.environment, config: config.aws ? { aws: config.aws } : {} },
    );
    if (result.error) throw result.error;
    return result.resources;
}

const managedStack = () =>
    buildConfig("prod", (raw) => {
        raw.database = { kind: "rds" };
        raw.redis = { kind: "elasticache" };
    });
const clusterStack = () =>
    buildConfig("dev", (raw) => {
        raw.database = { kind: "patroni" };
        raw.redis = { kind: "cluster" };
    });
const podMonitorTargets = (resources: RecordedResource[]) =>
    ofType(resources, K.PodMonitor)
        .map((p) => p.inputs.spec.selector.matchLabels["app.kubernetes.io/name"] ?? p.inputs.spec.selector.matchLabels.application)
        .sort();
const deploymentOf = (resources: RecordedResource[], role: string) =>
    ofType(resources, K.Deployment).find((d) => d.inputs.metadata.labels["app.kubernetes.io/name"] === role);
const stackAlerts = (resources: RecordedResource[]) =>
    ofType(resources, K.PrometheusRule).find((r) => r.inputs.metadata.name === "shop-stack-alerts")!.inputs.spec.groups[0]
        .rules as AlertRule[];
const selects = (selector: Record<string, string>, labels: Record<string, string>) =>
    Object.entries(selector).every(([k, v]) => labels[k] === v);
const envOf = (d: RecordedResource) => Object.fromEntries((d.inputs.spec.template.spec.containers[0].env as any[]).map((e) => [e.name, e]));

describe("observability: data-service monitors follow where the service runs", function () {
    this.timeout(60000);

    it("cluster target: sidecar PodMonitors for Spilo, PgBouncer and Redis, no standalone exporters", async () => {
        const resources = await run(clusterStack(), "cluster");
        assert.deepStrictEqual(podMonitorTargets(resources), ["pgbouncer", "redis", "spilo"]);
        assert.ok(!deploymentOf(resources, "postgres-exporter") && !deploymentOf(resources, "redis-exporter"));
        const alerts = stackAlerts(resources).map((r) => r.alert);
        assert.ok(alerts.includes("DatabaseConnectionPoolExhausted") && alerts.includes("LowCacheHitRate"), alerts.join());
    });

    it("plain PostgreSQL StatefulSet: its exporter sidecar is scraped by a PodMonitor on its pods, no standalone exporter", async () => {
        const config = buildConfig("dev", (raw) => {
            raw.database = { kind: "postgres" };
            raw.redis = { kind: "cluster" };
        });
        const resources = await run(config, "cluster");
        assert.deepStrictEqual(podMonitorTargets(resources), ["pgbouncer", "postgres", "redis"]);
        assert.ok(!deploymentOf(resources, "postgres-exporter"), "no RDS-style exporter for an in-cluster server");
        assert.ok(stackAlerts(resources).some((r) => r.alert === "DatabaseConnectionPoolExhausted"));
    });

    it("aws target: no PodMonitor for pods RDS and ElastiCache never run; PgBouncer's sidecar still scraped", async () => {
        const resources = await run(managedStack(), "elasticache");
        assert.deepStrictEqual(podMonitorTargets(resources), ["pgbouncer"]);
    });

    it("RDS: postgres_exporter Deployment with the admin DSN as a secret env, scraped by a ServiceMonitor", async () => {
        const resources = await run(managedStack(), "elasticache");
        const d = deploymentOf(resources, "postgres-exporter")!;
        assert.ok(d, "postgres-exporter Deployment");
        const pod = d.inputs.spec.template.spec;
        assert.match(pod.containers[0].image, /postgres-exporter:v0\.17\.1@sha256:/);
        assert.deepStrictEqual(envOf(d).DATA_SOURCE_NAME.valueFrom, { secretKeyRef: { name: "db-admin", key: "url" } });
        assert.strictEqual(pod.automountServiceAccountToken, false);
        assert.strictEqual(pod.containers[0].securityContext.readOnlyRootFilesystem, true);
        assert.strictEqual(d.inputs.spec.replicas, 3, "prod's replica floor");
        assert.ok(pod.priorityClassName, "prod's PriorityClass");

        const svc = ofType(resources, K.Service).find((s) => s.inputs.metadata.name === "shop-postgres-exporter")!;
        assert.ok(selects(svc.inputs.spec.selector, d.inputs.spec.template.metadata.labels), "Service selects the exporter pods");
        const sm = ofType(resources, K.ServiceMonitor).find((m) => m.inputs.metadata.name === "shop-postgres-exporter")!;
        assert.ok(selects(sm.inputs.spec.selector.matchLabels, svc.inputs.metadata.labels), "ServiceMonitor selects the Service");
        assert.strictEqual(sm.inputs.spec.endpoints[0].port, "metrics");
        assert.ok(
            ofType(resources, K.PodDisruptionBudget).some((p) =>
                selects(p.inputs.spec.selector.matchLabels, d.inputs.spec.template.metadata.labels),
            ),
        );
    });

    it("the exporters' NetworkPolicies: Prometheus in on the metrics port, out only to DNS and the managed service's port", async () => {
        const resources = await run(managedStack(), "elasticache");
        const policyOf = (role: string) =>
            ofType(resources, K.NetworkPolicy).find((p) => p.inputs.spec.podSelector.matchLabels?.["app.kubernetes.io/name"] === role)!;
        for (const [role, metricsPort, servicePort, cidr] of [
            ["postgres-exporter", 9187, 5432, "172.16.0.0/12"],
            ["redis-exporter", 9121, 6379, "10.0.0.0/8"],
        ] as const) {
            const spec = policyOf(role).inputs.spec;
            assert.deepStrictEqual(spec.policyTypes, ["Ingress", "Egress"]);
            assert.deepStrictEqual(spec.ingress[0].from[0].namespaceSelector.matchLabels, { "kubernetes.io/metadata.name": "monitoring" });
            assert.deepStrictEqual(spec.ingress[0].ports, [{ protocol: "TCP", port: metricsPort }]);
            const nonDns = spec.egress.filter((e: any) => !e.ports.some((p: any) => p.port === 53));
            assert.strictEqual(nonDns.length, 1, role);
            assert.deepStrictEqual(nonDns[0].ports, [{ protocol: "TCP", port: servicePort }]);
            assert.ok(
                nonDns[0].to.some((peer: any) => peer.ipBlock?.cidr === cidr),
                JSON.stringify(nonDns[0].to),
            );
        }
    });

    it("ElastiCache: redis_exporter over TLS (rediss://) with the AUTH token from the backend, CONFIG not called", async () => {
        const resources = await run(managedStack(), "elasticache");
        const env = envOf(deploymentOf(resources, "redis-exporter")!);
        assert.strictEqual(env.REDIS_ADDR.value, "rediss://shop.abc.cache.amazonaws.com:6379");
        assert.deepStrictEqual(env.REDIS_PASSWORD.valueFrom, { secretKeyRef: { name: "redis", key: "password" } });
        assert.strictEqual(env.REDIS_EXPORTER_CONFIG_COMMAND.value, "-");
        assert.ok(ofType(resources, K.ServiceMonitor).some((m) => m.inputs.metadata.name === "shop-redis-exporter"));
    });

    it("the pool and cache-hit alerts exist on the aws target too, over the exporters' metric names", async () => {
        const alerts = stackAlerts(await run(managedStack(), "elasticache"));
        const expr = (name: string) => alerts.find((a) => a.alert === name)?.expr ?? "";
        // postgres_exporter's stat_database and settings collectors; redis_exporter's INFO keyspace counters.
        assert.match(expr("DatabaseConnectionPoolExhausted"), /pg_stat_database_numbackends.*pg_settings_max_connections/);
        assert.match(expr("DatabasePoolExhausted"), /pgbouncer_pools_client_waiting_connections/);
        assert.match(expr("LowCacheHitRate"), /redis_keyspace_hits_total.*redis_keyspace_misses_total/);
    });
});

describe("observability: data-service monitors of whole stacks", function () {
    this.timeout(120000);
    it("prod (RDS, ElastiCache): exporters instead of Spilo/Redis PodMonitors, and their platform images pinned", async () => {
        const resources = await runProgram({ stack: "prod" });
        assert.deepStrictEqual(podMonitorTargets(resources), ["pgbouncer"]);
        for (const role of ["postgres-exporter", "redis-exporter"]) {
            const d = deploymentOf(resources, role);
            assert.ok(d, role);
            assert.match(d.inputs.spec.template.spec.containers[0].image, /@sha256:[0-9a-f]{64}$/, role);
        }
    });
    it("third-eye (Patroni, Redis StatefulSet): sidecar PodMonitors and no standalone exporter", async () => {
        const resources = await runProgram({ configFile: "examples/third-eye.yaml" });
        assert.deepStrictEqual(podMonitorTargets(resources), ["pgbouncer", "redis", "spilo"]);
        assert.ok(!deploymentOf(resources, "postgres-exporter") && !deploymentOf(resources, "redis-exporter"));
    });
});
