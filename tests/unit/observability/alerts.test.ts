import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { buildConfig } from "../support/config-fixtures";
import { APP_ALERT_NAMES, appAlertRules } from "../../../components/observability/app-alerts";
import { stackAlertRules } from "../../../components/observability/stack-alerts";
import { alertmanagerRouting } from "../../../components/observability/alertmanager-routing";
import { AlertRule } from "../../../components/observability/alert-types";

const thresholds = buildConfig("prod").monitoring.alerts;
const byName = (rules: AlertRule[], name: string) => {
    const found = rules.find((r) => r.alert === name);
    assert.ok(found, `no alert ${name}; have ${rules.map((r) => r.alert).join(", ")}`);
    return found!;
};
const app = (over: Partial<typeof thresholds> = {}, llm = true) =>
    appAlertRules({ service: "api", namespace: "shop-prod", thresholds: { ...thresholds, ...over }, llm });
const stack = (over: Partial<typeof thresholds> = {}) =>
    stackAlertRules({
        appName: "shop",
        namespace: "shop-prod",
        thresholds: { ...thresholds, ...over },
        database: true,
        cache: true,
        certManager: true,
        probeJob: "shop-uptime",
        backups: { databaseId: "shop-db", backupMaxAgeSeconds: 97200, verifyMaxAgeSeconds: 612000 },
    });

describe("observability: alert rules", () => {
    it("has every per-service alert of the seeds with its threshold, duration and severity", () => {
        const rules = app();
        assert.deepStrictEqual(
            rules.map((r) => r.alert),
            [...APP_ALERT_NAMES],
        );
        const expect: [string, RegExp, string, string][] = [
            ["HighErrorRate", /status=~"5\.\."\}.*> 5$/, "5m", "critical"],
            ["LLMDown", /max\(llm_health\{job="api",namespace="shop-prod"\}\) == 0$/, "5m", "critical"],
            [
                "HighResponseTime",
                /histogram_quantile\(0\.95, sum by \(le\) \(rate\(http_request_duration_seconds_bucket.*\[5m\]\)\)\) > 5$/,
                "5m",
                "warning",
            ],
            ["APILatencyHigh", /histogram_quantile\(0\.95, sum by \(le\).* > 1$/, "10m", "warning"],
            ["HighCPU", /container_cpu_usage_seconds_total.*resource="cpu".* > 80$/, "10m", "warning"],
            ["HighMemoryUsage", /container_memory_working_set_bytes.*resource="memory"\} > 0\).* > 90$/, "5m", "warning"],
            ["MetricsServiceDown", /^absent\(up\{job="api",namespace="shop-prod"\} == 1\)$/, "1m", "critical"],
            ["RateLimitExhaustion", /status="429".* > 10$/, "5m", "warning"],
        ];
        for (const [name, expr, forDuration, severity] of expect) {
            const rule = byName(rules, name);
            assert.match(rule.expr, expr, name);
            assert.strictEqual(rule.for, forDuration, name);
            assert.strictEqual(rule.labels.severity, severity, name);
            assert.strictEqual(rule.labels.service, "api");
            assert.match(rule.annotations.runbook_url, new RegExp(`docs/alerts\\.md#${name.toLowerCase()}$`));
        }
    });

    it("takes every threshold from config.monitoring.alerts", () => {
        const rules = app({
            errorRatePercent: 2.5,
            responseTimeP95Seconds: 3,
            apiLatencyP95Seconds: 0.5,
            cpuPercent: 70,
            memoryPercent: 85,
            rateLimitedPercent: 20,
        });
        assert.match(byName(rules, "HighErrorRate").expr, /> 2\.5$/);
        assert.match(byName(rules, "HighResponseTime").expr, /> 3$/);
        assert.match(byName(rules, "APILatencyHigh").expr, /> 0\.5$/);
        assert.match(byName(rules, "HighCPU").expr, /> 70$/);
        assert.match(byName(rules, "HighMemoryUsage").expr, /> 85$/);
        assert.match(byName(rules, "RateLimitExhaustion").expr, /> 20$/);
        const s = stack({ databasePoolPercent: 75, cacheHitRatePercent: 40 });
        assert.match(byName(s, "DatabaseConnectionPoolExhausted").expr, /> 75$/);
        assert.match(byName(s, "LowCacheHitRate").expr, /< 40$/);
    });

    it("fixes the guides' broken expressions (ratios, not rates; quantiles over rate by le)", () => {
        const rules = app();
        const err = byName(rules, "HighErrorRate").expr;
        assert.ok(err.includes(' / sum(rate(http_requests_total{job="api",namespace="shop-prod"}[5m]))'), err);
        assert.ok(!/histogram_quantile\(0\.95, http_request_duration_seconds_bucket\)/.test(byName(rules, "HighResponseTime").expr));
        assert.ok(!byName(rules, "HighMemoryUsage").expr.includes("container_memory_usage_bytes"));
        assert.ok(
            byName(stack(), "DatabaseConnectionPoolExhausted").expr.includes("sum by (namespace, instance) (pg_stat_database_numbackends"),
        );
    });

    it("adds LLMDown only for services that call external providers", () => {
        assert.ok(!app({}, false).some((r) => r.alert === "LLMDown"));
    });

    it("has the stack-level alerts with the seeds' durations", () => {
        const rules = stack();
        const expect: [string, string, string][] = [
            ["DatabaseConnectionPoolExhausted", "2m", "critical"],
            ["DatabasePoolExhausted", "5m", "critical"],
            ["LowCacheHitRate", "20m", "warning"],
            ["BackupJobFailed", "0m", "critical"],
            ["BackupMissing", "0m", "critical"],
            ["RestoreVerificationFailed", "0m", "critical"],
            ["CertificateExpiringSoon", "1h", "warning"],
            ["EndpointDown", "2m", "critical"],
        ];
        for (const [name, forDuration, severity] of expect) {
            const rule = byName(rules, name);
            assert.strictEqual(rule.for, forDuration, name);
            assert.strictEqual(rule.labels.severity, severity, name);
        }
        assert.match(
            byName(rules, "BackupJobFailed").expr,
            /kube_job_status_failed.*label_prod_stack_io_backup_of="shop-db",label_app_kubernetes_io_component="backup"/,
        );
        assert.match(byName(rules, "RestoreVerificationFailed").expr, /label_app_kubernetes_io_component="restore-verification"/);
        assert.match(byName(rules, "BackupMissing").expr, /kube_cronjob_status_last_successful_time.* > 97200$/);
        assert.match(byName(rules, "CertificateExpiringSoon").expr, /certmanager_certificate_expiration_timestamp_seconds.* < 1209600$/);
        assert.match(byName(rules, "EndpointDown").expr, /probe_success\{job="shop-uptime"\}/);
    });

    it("omits data-service, backup, certificate and probe alerts when those parts are absent", () => {
        const rules = stackAlertRules({ appName: "shop", namespace: "ns", thresholds, database: false, cache: false, certManager: false });
        assert.deepStrictEqual(rules, []);
    });
});

describe("observability: Alertmanager routing", () => {
    const pd = { secretName: "pagerduty-key", key: "value" };
    const slack = { secretName: "slack-webhook", key: "value" };

    it("pages critical alerts through PagerDuty (and Slack), posts warnings to Slack, keys by Secret reference", () => {
        const spec = alertmanagerRouting({ pagerduty: pd, slack, slackChannel: "#ops" });
        const routes = spec.route.routes as any[];
        assert.deepStrictEqual(routes[0], {
            receiver: "pagerduty",
            matchers: [{ name: "severity", value: "critical", matchType: "=" }],
            continue: true,
        });
        assert.strictEqual(routes[1].receiver, "slack");
        const pdReceiver = spec.receivers.find((r) => r.name === "pagerduty") as any;
        assert.deepStrictEqual(pdReceiver.pagerdutyConfigs[0].routingKey, { name: "pagerduty-key", key: "value" });
        const slackReceiver = spec.receivers.find((r) => r.name === "slack") as any;
        assert.deepStrictEqual(slackReceiver.slackConfigs[0].apiURL, { name: "slack-webhook", key: "value" });
        assert.strictEqual(slackReceiver.slackConfigs[0].channel, "#ops");
    });

    it("sends critical alerts to Slack when there is no PagerDuty key, and to nobody without receivers", () => {
        const slackOnly = alertmanagerRouting({ slack, slackChannel: "#alerts" });
        assert.deepStrictEqual(
            (slackOnly.route.routes as any[]).map((r) => r.receiver),
            ["slack"],
        );
        const none = alertmanagerRouting({ slackChannel: "#alerts" });
        assert.deepStrictEqual(none.route.routes, []);
        assert.strictEqual(none.route.receiver, "null");
    });
});

describe("observability: alert documentation", () => {
    it("has a section in docs/alerts.md for every generated alert", () => {
        const doc = fs.readFileSync(path.join(__dirname, "..", "..", "..", "docs", "alerts.md"), "utf8");
        const headings = new Set([...doc.matchAll(/^## (\S+)$/gm)].map((m) => m[1]));
        for (const rule of [
            ...app(),
            ...stack(),
            ...stackAlertRules({
                appName: "a",
                namespace: "n",
                thresholds,
                database: false,
                cache: false,
                certManager: true,
                backups: { databaseId: "d", backupMaxAgeSeconds: 1, verifyMaxAgeSeconds: 1 },
            }),
        ]) {
            assert.ok(headings.has(rule.alert), `docs/alerts.md lacks "## ${rule.alert}"`);
        }
    });
});
