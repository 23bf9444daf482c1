import * as assert from "assert";
import { buildConfig } from "../support/config-fixtures";
import { isSecretAt, named, ofType } from "../../../tools/mock-runner/harness";
import { OT, runOk } from "./support/run-observability";
import { loadDashboards } from "../../../components/observability/dashboards";
import { ADDON_VERSIONS } from "../../../components/addons/versions";

const withData = (env: "dev" | "staging" | "prod", more?: (raw: Record<string, any>) => void) =>
    buildConfig(env, (raw) => {
        raw.database = env === "dev" ? { kind: "patroni" } : { kind: "rds" };
        raw.redis = env === "dev" ? { kind: "cluster" } : { kind: "elasticache" };
        raw.services[0].uses = { database: true, redis: true, externalHttps: true };
        more?.(raw);
    });
const chartNamed = (resources: any[], chart: string) => ofType(resources, OT.chart).find((c) => c.inputs.chart === chart);

describe("observability layer", () => {
    it("dev on the cluster target (add-ons off): per-service ServiceMonitor and PrometheusRule, stack rules, routing, dashboards, no charts", async () => {
        const { resources } = await runOk(withData("dev"), { observability: true });
        assert.strictEqual(ofType(resources, OT.chart).length, 0);
        const sm = named(resources, OT.serviceMonitor, "shop-api-monitoring-servicemonitor");
        assert.strictEqual(sm.inputs.metadata.labels["app.kubernetes.io/name"], "api");
        assert.strictEqual(sm.inputs.metadata.labels["app.kubernetes.io/part-of"], "shop");
        assert.deepStrictEqual(sm.inputs.spec.selector.matchLabels, {
            "app.kubernetes.io/name": "api",
            "app.kubernetes.io/component": "app",
        });
        assert.strictEqual(sm.inputs.spec.endpoints[0].targetPort, 8000);
        const rule = named(resources, OT.prometheusRule, "shop-api-monitoring-rules");
        assert.strictEqual(rule.inputs.metadata.labels["app.kubernetes.io/name"], "api");
        const alerts = rule.inputs.spec.groups[0].rules.map((r: any) => r.alert);
        assert.ok(alerts.includes("HighErrorRate") && alerts.includes("LLMDown"), alerts.join());
        const stackRules = named(resources, OT.prometheusRule, "shop-stack-monitoring-rules").inputs.spec.groups[0].rules.map(
            (r: any) => r.alert,
        );
        assert.ok(stackRules.includes("DatabaseConnectionPoolExhausted") && stackRules.includes("LowCacheHitRate"), stackRules.join());
        assert.ok(!stackRules.includes("BackupJobFailed"), "dev has no backups by default");
        const selectors = ofType(resources, OT.podMonitor).map((p) => p.inputs.spec.selector.matchLabels);
        assert.deepStrictEqual(selectors.map((m) => m["app.kubernetes.io/name"] ?? m.application).sort(), ["pgbouncer", "redis", "spilo"]);
        assert.strictEqual(ofType(resources, OT.alertmanagerConfig).length, 1);
        const dashboards = ofType(resources, OT.configMap).filter((c) => c.inputs.metadata.labels?.grafana_dashboard === "1");
        assert.strictEqual(dashboards.length, loadDashboards().length);
        assert.strictEqual(ofType(resources, OT.probe).length, 0, "no blackbox exporter without kube-prometheus-stack");
    });

    for (const env of ["staging", "prod"] as const) {
        it(`${env} on aws: pinned charts with retention and storage from config, Grafana admin from the secrets backend, probes, Loki`, async () => {
            const config = withData(env);
            const { resources, secrets } = await runOk(config, { observability: true });
            const kps = chartNamed(resources, "kube-prometheus-stack")!;
            assert.strictEqual(kps.inputs.version, ADDON_VERSIONS.kubePrometheusStack.version);
            assert.strictEqual(kps.inputs.repositoryOpts.repo, "https://prometheus-community.github.io/helm-charts");
            const spec = kps.inputs.values.prometheus.prometheusSpec;
            assert.strictEqual(spec.retention, env === "prod" ? "30d" : "7d");
            assert.strictEqual(spec.storageSpec.volumeClaimTemplate.spec.resources.requests.storage, "50Gi");
            assert.strictEqual(kps.inputs.values.grafana.admin.existingSecret, "grafana-admin");
            assert.strictEqual(kps.inputs.values.grafana.sidecar.dashboards.enabled, true);
            assert.strictEqual(kps.inputs.values.alertmanager.alertmanagerSpec.replicas, env === "prod" ? 3 : 1);
            assert.ok(
                secrets.stored.some((s) => s.name === "grafana-admin"),
                "admin password stored in the backend",
            );
            const mirror = named(resources, OT.secret, "shop-monitoring-grafana-admin-secret");
            assert.ok(isSecretAt(mirror, "stringData.admin-password"), mirror.secretPaths.join());
            assert.ok(chartNamed(resources, "prometheus-blackbox-exporter"));
            const probe = ofType(resources, OT.probe)[0];
            assert.deepStrictEqual(probe.inputs.spec.targets.staticConfig.static, [`https://api.${env}.example.com/ready`]);
            const loki = chartNamed(resources, "loki")!;
            assert.strictEqual(loki.inputs.values.loki.limits_config.retention_period, `${(env === "prod" ? 30 : 14) * 24}h`);
            assert.ok(chartNamed(resources, "alloy"));
            const stackRules = named(resources, OT.prometheusRule, "shop-stack-monitoring-rules").inputs.spec.groups[0].rules.map(
                (r: any) => r.alert,
            );
            for (const a of ["BackupJobFailed", "RestoreVerificationFailed", "CertificateExpiringSoon", "EndpointDown"])
                assert.ok(stackRules.includes(a), `${a} in ${stackRules}`);
        });
    }

    it("changes with each knob", async () => {
        const base = await runOk(withData("staging"), { observability: true });
        const changed = await runOk(
            withData("staging", (raw) => {
                raw.monitoring = {
                    retention: "15d",
                    storageSize: "100Gi",
                    uptimeProbes: false,
                    alerts: { errorRatePercent: 2 },
                    alerting: { pagerdutySecret: "pagerduty-key", slackSecret: "slack-webhook", slackChannel: "#shop" },
                };
                raw.logging = { retentionDays: 10 };
            }),
            { observability: true },
        );
        const kps = chartNamed(changed.resources, "kube-prometheus-stack")!.inputs.values.prometheus.prometheusSpec;
        assert.strictEqual(kps.retention, "15d");
        assert.strictEqual(kps.storageSpec.volumeClaimTemplate.spec.resources.requests.storage, "100Gi");
        assert.strictEqual(ofType(changed.resources, OT.probe).length, 0);
        assert.ok(!chartNamed(changed.resources, "prometheus-blackbox-exporter"));
        assert.strictEqual(ofType(base.resources, OT.probe).length, 1);
        const err = (run: typeof base) =>
            named(run.resources, OT.prometheusRule, "shop-api-monitoring-rules").inputs.spec.groups[0].rules.find(
                (r: any) => r.alert === "HighErrorRate",
            ).expr;
        assert.match(err(base), /> 5$/);
        assert.match(err(changed), /> 2$/);
        assert.strictEqual(chartNamed(changed.resources, "loki")!.inputs.values.loki.limits_config.retention_period, "240h");
        const routing = ofType(changed.resources, OT.alertmanagerConfig)[0].inputs.spec;
        assert.deepStrictEqual(routing.receivers.find((r: any) => r.name === "pagerduty").pagerdutyConfigs[0].routingKey, {
            name: "ext-pagerduty-key",
            key: "value",
        });
        assert.deepStrictEqual(changed.secrets.externals.sort(), ["pagerduty-key", "slack-webhook"]);
    });

    it("ships logs to CloudWatch with a rounded-up retention and an IRSA role when logging.backend is cloudwatch", async () => {
        const { resources } = await runOk(
            withData("prod", (raw) => {
                raw.logging = { backend: "cloudwatch", retentionDays: 20 };
            }),
            { observability: true },
        );
        const group = ofType(resources, OT.logGroup)[0];
        assert.strictEqual(group.inputs.retentionInDays, 30);
        assert.strictEqual(group.options.protect, true);
        const fb = chartNamed(resources, "fluent-bit")!;
        assert.match(fb.inputs.values.config.outputs, /log_group_name \/shop\/prod\/pods/);
        assert.match(fb.inputs.values.serviceAccount.annotations["eks.amazonaws.com/role-arn"], /^arn:aws:iam::/);
        const trust = JSON.parse(ofType(resources, OT.role)[0].inputs.assumeRolePolicy);
        assert.strictEqual(Object.values(trust.Statement[0].Condition.StringEquals)[0], "system:serviceaccount:logging:fluent-bit");
        assert.ok(!chartNamed(resources, "loki"));
    });

    it("registers no monitoring resources when monitoring is disabled", async () => {
        const { resources } = await runOk(
            withData("staging", (raw) => {
                raw.monitoring = { enabled: false };
            }),
            { observability: true },
        );
        assert.strictEqual(ofType(resources, OT.serviceMonitor).length + ofType(resources, OT.prometheusRule).length, 0);
        assert.ok(!chartNamed(resources, "kube-prometheus-stack"));
    });

    it("keeps every generated secret out of ConfigMaps and plain values", async () => {
        const { resources } = await runOk(withData("prod"), { observability: true });
        for (const cm of ofType(resources, OT.configMap)) assert.ok(!JSON.stringify(cm.inputs).includes("MOCKSECRET"), cm.name);
        for (const chart of ofType(resources, OT.chart)) assert.ok(!JSON.stringify(chart.inputs).includes("MOCKSECRET"), chart.name);
    });
});

describe("observability: dashboards", () => {
    it("has the panels the guides list", () => {
        const titles = loadDashboards()
            .flatMap((d) => d.panelTitles)
            .join("\n");
        for (const p of [
            /Request rate by endpoint/,
            /p50 \/ p95 \/ p99/,
            /Error rate/,
            /Active sessions/,
            /LLM call latency/,
            /PgBouncer pool utilization|DB connections/,
            /Cache hit rate/,
            /Redis memory/,
        ]) {
            assert.match(titles, p);
        }
    });
});
