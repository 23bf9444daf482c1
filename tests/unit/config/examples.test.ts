/**
 * The example stack files under examples/, one per seed guide: each must validate, resolve to what its guide asks,
 * and the guides' own mistakes, put back one value at a time, must be rejected with an error naming the key path.
 */
import * as assert from "assert";
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { ConfigIssue, parseImage, parseStackConfig, renderIssue, StackConfig } from "../../../components/config";
import { readStackFile, REPO_ROOT } from "../../../tools/mock-runner/harness";

const EXAMPLES_DIR = path.join(REPO_ROOT, "examples");
const EXAMPLES = ["third-eye", "health-agent", "sei-platform", "metrics-service", "tria"] as const;
type Example = (typeof EXAMPLES)[number];

function rawExample(name: Example | string): Record<string, any> {
    return readStackFile(path.join(EXAMPLES_DIR, `${name}.yaml`));
}

function show(issues: ConfigIssue[]): string {
    return issues.map((i) => renderIssue(i, "prod-stack:")).join("\n");
}

/** Parses an example (optionally edited) and fails with every issue listed if it does not validate. */
function load(name: Example, edit?: (raw: Record<string, any>) => void): StackConfig {
    const raw = rawExample(name);
    edit?.(raw);
    const result = parseStackConfig(raw);
    if (!result.ok) assert.fail(`examples/${name}.yaml is invalid:\n${show(result.issues)}`);
    return result.config;
}

/** Parses an edited example and returns its issues; fails if it validates. */
function rejected(name: Example, edit: (raw: Record<string, any>) => void): ConfigIssue[] {
    const raw = rawExample(name);
    edit(raw);
    const result = parseStackConfig(raw);
    if (result.ok) assert.fail(`examples/${name}.yaml with the guide's value was accepted`);
    return result.issues;
}

/** Every string value in a raw config, with its key path (comments are not values). */
function stringValues(value: unknown, at: string): [string, string][] {
    if (typeof value === "string") return [[at, value]];
    if (Array.isArray(value)) return value.flatMap((v, i) => stringValues(v, `${at}[${i}]`));
    if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => stringValues(v, at ? `${at}.${k}` : k));
    return [];
}

function service(config: StackConfig, name: string) {
    const svc = config.services.find((s) => s.name === name);
    assert.ok(svc, `no service ${name} (have: ${config.services.map((s) => s.name).join(", ")})`);
    return svc;
}

describe("examples/ stack files", () => {
    it("has exactly one example per seed system, and every file in examples/ is one of them", () => {
        const files = fs
            .readdirSync(EXAMPLES_DIR)
            .filter((f) => f.endsWith(".yaml"))
            .map((f) => f.replace(/\.yaml$/, ""))
            .sort();
        assert.deepStrictEqual(files, [...EXAMPLES].sort());
    });

    for (const name of EXAMPLES) {
        describe(`${name}.yaml`, () => {
            it("validates as a prod stack", () => {
                const config = load(name);
                assert.strictEqual(config.environment, "prod");
                assert.strictEqual(config.preset.requireImageDigest, true);
            });

            it("pins every image by digest, with a placeholder digest derived from the reference", () => {
                for (const svc of load(name).services) {
                    const parts = parseImage(svc.image ?? "");
                    assert.ok(parts?.tag && parts.digest, `${svc.name}: ${svc.image}`);
                    const expected = crypto.createHash("sha256").update(`${parts.repository}:${parts.tag}`).digest("hex");
                    assert.strictEqual(
                        parts.digest,
                        `sha256:${expected}`,
                        `${svc.name}: digest should be sha256("${parts.repository}:${parts.tag}")`,
                    );
                }
            });

            it("holds no credential values, only references (the guides' placeholders stay out)", () => {
                for (const [at, value] of stringValues(rawExample(name), "")) {
                    for (const pattern of [
                        /gsk_/,
                        /\bsk-/,
                        /CHANGE_THIS/,
                        /:\/\/[^\s/:@]+:[^\s/@]+@/,
                        /your[-_](secret|password|key|token)/i,
                    ]) {
                        assert.doesNotMatch(value, pattern, `${at} looks like a credential`);
                    }
                }
                const config = load(name);
                for (const svc of config.services) {
                    for (const [envVar, secretName] of Object.entries(svc.secretEnv)) {
                        assert.match(secretName, /^[a-z][-a-z0-9]*$/, `${svc.name}.secretEnv.${envVar} must name a secret`);
                    }
                }
            });

            it("ends with its list of what the schema cannot express yet", () => {
                const text = fs.readFileSync(path.join(EXAMPLES_DIR, `${name}.yaml`), "utf8");
                const at = text.lastIndexOf("# not expressible yet:");
                assert.ok(at > text.indexOf("config:"), "a `# not expressible yet:` comment after the config");
                assert.match(text.slice(at), /\n# - \S/);
            });
        });
    }

    describe("third-eye: API, portal and control plane on the cluster target", () => {
        it("runs three services, each on its own host", () => {
            const config = load("third-eye");
            assert.deepStrictEqual(
                config.services.map((s) => s.name),
                ["api", "portal", "control-plane"],
            );
            assert.deepStrictEqual(
                config.services.map((s) => s.route?.hosts),
                [["api.thirdeye.example.com"], ["portal.thirdeye.example.com"], ["admin.thirdeye.example.com"]],
            );
            assert.deepStrictEqual(service(config, "portal").uses.services, ["api"]);
        });

        it("routes the API's websockets with a 600 s timeout and probes /health and /health/ready", () => {
            const api = service(load("third-eye"), "api");
            assert.strictEqual(api.route?.websocket, true);
            assert.strictEqual(api.route?.websocketTimeoutSeconds, 600);
            assert.strictEqual(api.probes.liveness.path, "/health");
            assert.strictEqual(api.probes.readiness.path, "/health/ready");
            assert.strictEqual(api.metricsPort, 9090);
        });

        it("keeps the Groq key and Sentry DSN as references and generates CSRF_SECRET and SECRET_KEY", () => {
            const api = service(load("third-eye"), "api");
            assert.strictEqual(api.secretEnv.GROQ_API_KEY, "groq-api-key");
            assert.strictEqual(api.secretEnv.SENTRY_DSN, "sentry-dsn");
            assert.ok(api.generatedSecrets.CSRF_SECRET >= 32 && api.generatedSecrets.SECRET_KEY >= 32);
            assert.ok(!("GROQ_API_KEY" in api.env) && !("CSRF_SECRET" in api.env));
            assert.deepStrictEqual(api.migrations?.command.slice(-3), ["alembic", "upgrade", "head"]);
            assert.deepStrictEqual(api.autoscaling && [api.autoscaling.min, api.autoscaling.max], [3, 10]);
        });

        it("uses PostgreSQL 15 without TimescaleDB and the guide's redis.conf (2 GiB, allkeys-lru)", () => {
            const config = load("third-eye");
            assert.strictEqual(config.database?.kind, "patroni");
            if (config.database?.kind !== "patroni") return;
            assert.strictEqual(config.database.version, "15");
            assert.strictEqual(config.database.timescaledb, false);
            assert.strictEqual(config.redis?.kind, "cluster");
            if (config.redis?.kind !== "cluster") return;
            assert.strictEqual(config.redis.maxmemory, "2Gi");
            assert.strictEqual(config.redis.maxmemoryPolicy, "allkeys-lru");
            assert.deepStrictEqual(config.backup.retention, { daily: 30, weekly: 0, monthly: 0 });
        });
    });

    describe("health-agent: RDS with pgvector on the aws target", () => {
        it("enables the vector extension and keeps 30 days of point-in-time recovery in prod", () => {
            const config = load("health-agent");
            assert.strictEqual(config.target, "aws");
            assert.strictEqual(config.database?.kind, "rds");
            if (config.database?.kind !== "rds") return;
            assert.deepStrictEqual([...config.database.extensions].sort(), ["pg_stat_statements", "vector"]);
            assert.strictEqual(config.database.backupRetentionDays, 30);
            assert.strictEqual(config.database.multiAz, true);
        });

        it("uses ElastiCache with allkeys-lru and AWS Secrets Manager for the LLM keys", () => {
            const config = load("health-agent");
            assert.strictEqual(config.redis?.kind, "elasticache");
            assert.strictEqual(config.redis?.maxmemoryPolicy, "allkeys-lru");
            assert.strictEqual(config.secrets.backend, "aws-secrets-manager");
            const api = service(config, "api");
            assert.deepStrictEqual(api.secretEnv, { ANTHROPIC_API_KEY: "anthropic-api-key", OPENAI_API_KEY: "openai-api-key" });
        });

        it("keeps 7 daily, 4 weekly and 12 monthly dumps and alerts at the guide's thresholds", () => {
            const config = load("health-agent");
            assert.deepStrictEqual(config.backup.retention, { daily: 7, weekly: 4, monthly: 12 });
            assert.strictEqual(config.backup.schedule, "0 2 * * *");
            assert.strictEqual(config.monitoring.alerts.cacheHitRatePercent, 30);
            assert.strictEqual(config.monitoring.alerts.errorRatePercent, 1);
            assert.strictEqual(config.monitoring.alerts.responseTimeP95Seconds, 3);
            assert.strictEqual(service(config, "api").metricsPath, "/api/v1/metrics");
        });
    });

    describe("sei-platform: TimescaleDB with Patroni, PgBouncer and Vault on the cluster target", () => {
        it("autoscales the API 10..50 on CPU and requests per second, scaling down slowly", () => {
            const hpa = service(load("sei-platform"), "api-service").autoscaling;
            assert.ok(hpa);
            assert.strictEqual(hpa.min, 10);
            assert.strictEqual(hpa.max, 50);
            assert.strictEqual(hpa.cpuPercent, 70);
            assert.strictEqual(hpa.requestsPerSecond, 1000);
            assert.strictEqual(hpa.behavior.scaleDownStabilizationSeconds, 300);
            assert.strictEqual(hpa.behavior.scaleDownPercent, 50);
            assert.strictEqual(hpa.behavior.scaleUpStabilizationSeconds, 0);
            assert.strictEqual(hpa.behavior.scaleUpPods, 4);
        });

        it("keeps the guide's PgBouncer settings with max_connections raised so 3 x 100 fit in 80%", () => {
            const config = load("sei-platform");
            const db = config.database;
            assert.strictEqual(db?.kind, "patroni");
            if (db?.kind !== "patroni") return;
            assert.strictEqual(db.timescaledb, true);
            assert.strictEqual(db.members, 3);
            assert.ok(db.walArchive, "WAL archiving for point-in-time recovery");
            const { replicas, poolMode, maxClientConnections, defaultPoolSize, maxDbConnections } = db.pgbouncer;
            assert.deepStrictEqual(
                { replicas, poolMode, maxClientConnections, defaultPoolSize, maxDbConnections },
                {
                    replicas: 3,
                    poolMode: "transaction",
                    maxClientConnections: 1000,
                    defaultPoolSize: 25,
                    maxDbConnections: 100,
                },
            );
            assert.ok(replicas * maxDbConnections <= 0.8 * db.maxConnections, `max_connections ${db.maxConnections}`);
            assert.strictEqual(db.tuning.sharedBuffers, "4Gi");
        });

        it("uses Redis in the cluster with Sentinel, Vault in HA, and 30-day encrypted backups", () => {
            const config = load("sei-platform");
            assert.strictEqual(config.redis?.kind, "cluster");
            assert.strictEqual(config.secrets.backend, "vault");
            if (config.secrets.backend === "vault") assert.strictEqual(config.secrets.replicas, 3);
            assert.strictEqual(config.namespace, "sei-platform");
            assert.strictEqual(config.backup.encryptionKeySecret, "backup-encryption");
            assert.deepStrictEqual(config.backup.retention, { daily: 30, weekly: 0, monthly: 0 });
            assert.strictEqual(config.monitoring.alerts.apiLatencyP95Seconds, 1);
        });
    });

    describe("metrics-service: SQLite on a volume, no Postgres", () => {
        it("gives each replica its own ReadWriteOnce volume and runs no database or redis", () => {
            const config = load("metrics-service");
            assert.strictEqual(config.database, undefined);
            assert.strictEqual(config.redis, undefined);
            const svc = service(config, "metrics-service");
            assert.strictEqual(svc.volume?.sharing, "perReplica");
            assert.strictEqual(svc.volume?.accessMode, "ReadWriteOnce");
            assert.strictEqual(svc.volume?.mountPath, "/var/lib/sqlite");
            assert.strictEqual(svc.env.SQLITE_DB_PATH, "/var/lib/sqlite/metrics.db");
            assert.strictEqual(svc.uses.database, false);
        });

        it("serves 8890 with Prometheus on 9465 and the guide's edge limits", () => {
            const config = load("metrics-service");
            const svc = service(config, "metrics-service");
            assert.strictEqual(svc.port, 8890);
            assert.strictEqual(svc.metricsPort, 9465);
            assert.strictEqual(svc.route?.timeoutSeconds, 30);
            assert.strictEqual(config.edge.rateLimit.requestsPerSecond, 10);
            assert.strictEqual(config.edge.hstsMaxAgeSeconds, 63072000);
            assert.strictEqual(config.namespace, "metrics-system");
        });
    });

    describe("tria: order-processing backend on the aws target", () => {
        it("declares redis for every service and configures it", () => {
            const config = load("tria");
            assert.ok(config.services.length > 0);
            for (const svc of config.services) assert.strictEqual(svc.uses.redis, true, svc.name);
            assert.strictEqual(config.redis?.kind, "elasticache");
            assert.strictEqual(config.redis?.maxmemoryPolicy, "noeviction");
            // The app reads REDIS_HOST/PORT/PASSWORD, so that is what it gets.
            for (const svc of config.services) assert.strictEqual(svc.redisEnv, "parts", svc.name);
        });

        it("references the OpenAI, Xero and Sentry credentials and generates a 64-character SECRET_KEY", () => {
            const backend = service(load("tria"), "backend");
            for (const envVar of ["OPENAI_API_KEY", "SENTRY_DSN", "XERO_CLIENT_SECRET", "XERO_REFRESH_TOKEN"]) {
                assert.ok(backend.secretEnv[envVar], `${envVar} in secretEnv`);
            }
            assert.strictEqual(backend.generatedSecrets.SECRET_KEY, 64);
            assert.strictEqual(backend.probes.readiness.path, "/api/v1/health/readiness");
            assert.ok(backend.probes.startup, "a startup probe for the StartupOrchestrator");
        });
    });

    describe("the guides' mistakes, put back, are rejected with the key path", () => {
        it("metrics-service: one ReadWriteOnce claim shared by the replicas", () => {
            const issues = rejected("metrics-service", (raw) => {
                raw.services[0].volume.sharing = "shared";
            });
            assert.deepStrictEqual(
                issues.map((i) => i.path),
                ["services[metrics-service].volume.accessMode"],
                show(issues),
            );
            assert.match(issues[0].found, /ReadWriteOnce with up to 3 replicas/);
            assert.match(issues[0].fix ?? "", /perReplica/);
        });

        it("metrics-service: the guide's literal 2-replica Deployment on a shared RWO claim (staging allows 2 replicas)", () => {
            const issues = rejected("metrics-service", (raw) => {
                raw.environment = "staging";
                raw.services[0].replicas = 2;
                raw.services[0].volume.sharing = "shared";
            });
            assert.deepStrictEqual(
                issues.map((i) => i.path),
                ["services[metrics-service].volume.accessMode"],
                show(issues),
            );
            assert.match(issues[0].found, /up to 2 replicas/);
        });

        it("metrics-service: 2 replicas in prod fall under prod's floor of 3", () => {
            const issues = rejected("metrics-service", (raw) => {
                raw.services[0].replicas = 2;
            });
            assert.deepStrictEqual(
                issues.map((i) => i.path),
                ["services[metrics-service].replicas"],
                show(issues),
            );
        });

        it("sei-platform: max_connections 200 under 3 PgBouncers x 100 server connections", () => {
            const issues = rejected("sei-platform", (raw) => {
                raw.database.maxConnections = 200;
            });
            assert.deepStrictEqual(
                issues.map((i) => i.path),
                ["database.pgbouncer.maxDbConnections"],
                show(issues),
            );
            assert.match(issues[0].found, /300 \(3 x 100\)/);
            assert.match(issues[0].expected, /160 of 200/);
        });

        it("tria: the service needs redis but the redis settings are missing (the REDIS_HOST outage)", () => {
            const issues = rejected("tria", (raw) => {
                delete raw.redis;
            });
            assert.deepStrictEqual(
                issues.map((i) => i.path),
                ["services[backend].uses.redis"],
                show(issues),
            );
        });

        it("health-agent: a week of RDS backups (the guide's pg_dump rotation alone) is below prod's 30 days", () => {
            const issues = rejected("health-agent", (raw) => {
                raw.database.backupRetentionDays = 7;
            });
            assert.deepStrictEqual(
                issues.map((i) => [i.path, i.expected, i.found]),
                [["database.backupRetentionDays", ">= 30", "7"]],
                show(issues),
            );
        });

        it("third-eye: the guide's unpinned image (thirdeye/api:1.0.0) in prod", () => {
            const issues = rejected("third-eye", (raw) => {
                raw.services[0].image = "thirdeye/api:1.0.0";
            });
            assert.deepStrictEqual(
                issues.map((i) => i.path),
                ["services[api].image"],
                show(issues),
            );
        });
    });
});
