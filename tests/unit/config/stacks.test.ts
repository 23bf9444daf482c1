import * as assert from "assert";
import { effectiveMaxConnections, parseStackConfig, PRESETS, StackConfig } from "../../../components/config";
import { rawConfigFor } from "../../../tools/mock-runner/harness";

function resolved(stack: string): StackConfig {
    const result = parseStackConfig(rawConfigFor({ stack }));
    if (!result.ok) assert.fail(`${stack}: ${JSON.stringify(result.issues)}`);
    return result.config;
}

describe("stack configs resolve", () => {
    it("dev: cluster target rendered to a directory, relaxed floors, backends a bare cluster runs", () => {
        const c = resolved("dev");
        assert.strictEqual(c.target, "cluster");
        assert.deepStrictEqual(c.kubernetes, { mode: "render", renderDir: "out/manifests/dev" });
        assert.strictEqual(c.namespace, "webapp-dev");
        assert.strictEqual(c.database?.kind, "postgres");
        assert.strictEqual(c.database?.kind === "postgres" && c.database.allowSingleInstance, true);
        assert.strictEqual(c.database?.pgbouncer.replicas, 1);
        assert.strictEqual(c.redis?.kind === "cluster" && c.redis.sentinel, false);
        assert.strictEqual(c.secrets.backend, "kubernetes");
        // Nothing needs an operator dev does not install.
        assert.strictEqual(c.monitoring.enabled, false);
        // The AWS Load Balancer Controller is installed on the aws target only, whatever its switch says.
        const { awsLoadBalancerController: _awsOnly, ...clusterAddons } = c.addons;
        assert.ok(!Object.values(clusterAddons).some(Boolean), JSON.stringify(c.addons));
        assert.strictEqual(c.edge.tls.issuer, "letsencrypt-staging");
        assert.strictEqual(c.services[1].replicas, 1);
        assert.strictEqual(c.preset.policyEnforcement, "advisory");
    });

    it("staging: aws target, 2 replicas, protected data, 7-day PITR", () => {
        const c = resolved("staging");
        assert.strictEqual(c.target, "aws");
        assert.strictEqual(c.database?.kind === "rds" && c.database.backupRetentionDays, 7);
        assert.strictEqual(c.database?.kind === "rds" && c.database.multiAz, false);
        assert.strictEqual(c.preset.protectStatefulResources, true);
        assert.strictEqual(c.secrets.backend === "aws-secrets-manager" && c.secrets.recoveryWindowDays, 30);
        assert.strictEqual(c.backup.enabled, true);
        assert.deepStrictEqual(c.backup.retention, { daily: 7, weekly: 4, monthly: 12 });
        assert.strictEqual(c.edge.rateLimit.requestsPerSecond, PRESETS.staging.rateLimitPerSecond);
    });

    it("prod: Multi-AZ, 30-day PITR, letsencrypt-prod, digests, 3 PgBouncers within the connection budget", () => {
        const c = resolved("prod");
        assert.strictEqual(c.database?.kind === "rds" && c.database.multiAz, true);
        assert.strictEqual(c.database?.kind === "rds" && c.database.backupRetentionDays, 30);
        assert.strictEqual(c.redis?.kind === "elasticache" && c.redis.multiAz, true);
        assert.strictEqual(c.redis?.kind === "elasticache" && c.redis.nodes, 3);
        assert.strictEqual(c.edge.tls.issuer, "letsencrypt-prod");
        assert.ok(c.services.every((s) => s.image?.includes("@sha256:")));
        assert.strictEqual(c.database!.pgbouncer.replicas, 3);
        const maxConnections = effectiveMaxConnections(c.database!);
        assert.ok(3 * c.database!.pgbouncer.maxDbConnections <= 0.8 * maxConnections, `max_connections ${maxConnections}`);
        assert.strictEqual(c.logging.retentionDays, 30);
        assert.strictEqual(c.monitoring.retention, "30d");
    });

    it("presets are ordered: prod is at least as strict as staging, staging as dev", () => {
        const order = [PRESETS.dev, PRESETS.staging, PRESETS.prod];
        for (let i = 1; i < order.length; i++) {
            const [weaker, stricter] = [order[i - 1], order[i]];
            assert.ok(stricter.minReplicas >= weaker.minReplicas);
            assert.ok(stricter.minDatabaseBackupRetentionDays >= weaker.minDatabaseBackupRetentionDays);
            assert.ok(stricter.rateLimitPerSecond <= weaker.rateLimitPerSecond);
            assert.ok(stricter.logRetentionDays >= weaker.logRetentionDays);
            for (const flag of [
                "requireTls",
                "requireBackups",
                "requireHighAvailability",
                "protectStatefulResources",
                "requireImageDigest",
                "forbidLatestTag",
                "topologySpread",
            ] as const) {
                assert.ok(!weaker[flag] || stricter[flag], `${flag} weaker in the stricter environment`);
            }
        }
    });
});
