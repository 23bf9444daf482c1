import * as assert from "assert";
import { buildConfig, rawConfig } from "../support/config-fixtures";
import { named, ofType, runProgram } from "../../../tools/mock-runner/harness";
import { parseStackConfig } from "../../../components/config";
import { appAlertRules } from "../../../components/observability/app-alerts";
import { requestMetrics } from "../../../components/observability/app-metrics";
import { AlertRule } from "../../../components/observability/alert-types";
import { loadDashboards } from "../../../components/observability/dashboards";
import { stackDashboards } from "../../../components/observability/dashboard-configmaps";
import { K } from "../../../policies/lib/kubernetes/types";

const thresholds = buildConfig("prod").monitoring.alerts;
const expr = (rules: AlertRule[], name: string) => rules.find((r) => r.alert === name)!.expr;
const constants = (json: string) =>
    Object.fromEntries(
        (JSON.parse(json).templating.list as { name: string; type: string; query: string }[])
            .filter((v) => v.type === "constant")
            .map((v) => [v.name, v.query]),
    );
const HEALTH_AGENT = {
    requests: "health_agent_requests_total",
    statusLabel: "code",
    latencyHistogram: "health_agent_request_duration_ms",
    latencyUnit: "milliseconds",
} as const;

describe("observability: per-service request metrics", () => {
    it("defaults to today's names: http_requests_total{status} and a seconds histogram", () => {
        const svc = buildConfig("dev").services[0];
        assert.deepStrictEqual(svc.metrics, {
            requests: "http_requests_total",
            statusLabel: "status",
            latencyHistogram: "http_request_duration_seconds",
            latencyUnit: "seconds",
        });
    });

    it("alerts read the service's counter, status label and histogram, thresholds converted to milliseconds", () => {
        const rules = appAlertRules({
            service: "api",
            namespace: "ha-prod",
            thresholds: { ...thresholds, responseTimeP95Seconds: 10, apiLatencyP95Seconds: 0.25 },
            llm: false,
            metrics: requestMetrics(HEALTH_AGENT),
        });
        assert.match(
            expr(rules, "HighErrorRate"),
            /^100 \* sum\(rate\(health_agent_requests_total\{job="api",namespace="ha-prod",code=~"5\.\."\}\[5m\]\)\) \/ sum\(rate\(health_agent_requests_total\{/,
        );
        assert.match(expr(rules, "RateLimitExhaustion"), /code="429"/);
        assert.match(
            expr(rules, "HighResponseTime"),
            /rate\(health_agent_request_duration_ms_bucket\{job="api",namespace="ha-prod"\}\[5m\]\)\)\) > 10000$/,
        );
        assert.match(expr(rules, "APILatencyHigh"), /health_agent_request_duration_ms_bucket.* > 250$/);
        for (const r of rules) assert.ok(!/http_request/.test(r.expr), `${r.alert} still reads a default name: ${r.expr}`);
        const description = rules.find((r) => r.alert === "HighResponseTime")!.annotations.description;
        assert.ok(description.includes("ms") && !description.includes("humanizeDuration"), description);
    });

    it("keeps seconds thresholds as they are for a seconds histogram", () => {
        const rules = appAlertRules({
            service: "api",
            namespace: "n",
            thresholds: { ...thresholds, responseTimeP95Seconds: 10 },
            llm: false,
            metrics: requestMetrics({ ...HEALTH_AGENT, latencyUnit: "seconds" }),
        });
        assert.match(expr(rules, "HighResponseTime"), /> 10$/);
    });

    it("rejects a histogram given with its _bucket suffix and an invalid metric name, naming the key", () => {
        const raw = rawConfig("dev");
        raw.services[0].metrics = { latencyHistogram: "http_request_duration_seconds_bucket", requests: "http-requests" };
        const result = parseStackConfig(raw);
        assert.ok(!result.ok);
        const text = result.issues.map((i) => `${i.path}: ${i.expected} ${i.fix ?? ""}`).join("\n");
        assert.match(text, /services\[api\]\.metrics\.latencyHistogram: .*drop the _bucket/);
        assert.match(text, /services\[api\]\.metrics\.requests: .*Prometheus metric name/);
    });
});

describe("observability: per-service dashboards", () => {
    const services = [
        { name: "api", metrics: requestMetrics(HEALTH_AGENT) },
        { name: "worker", metrics: requestMetrics() },
    ];
    const rendered = stackDashboards(loadDashboards(), "shop/prod", services);
    const exprs = (json: string) =>
        (JSON.parse(json).panels as { targets: { expr: string }[] }[]).flatMap((p) => p.targets.map((t) => t.expr)).join("\n");

    it("the app dashboard reads its metric names from variables, never a fixed name", () => {
        const template = loadDashboards().find((d) => d.name === "app-overview")!;
        assert.ok(template.perService);
        assert.ok(!/http_requests_total|http_request_duration_seconds/.test(exprs(template.json)), exprs(template.json));
        assert.match(exprs(template.json), /\$\{latency_bucket\}.*\/ \$\{latency_per_second\}/);
    });

    it("renders one app dashboard per service with its names and unit, and the stack dashboards once", () => {
        assert.deepStrictEqual(rendered.map((d) => d.name).sort(), ["app-overview-api", "app-overview-worker", "data-services"]);
        const api = rendered.find((d) => d.name === "app-overview-api")!;
        assert.deepStrictEqual(constants(api.json), {
            service: "api",
            requests_metric: "health_agent_requests_total",
            status_label: "code",
            latency_bucket: "health_agent_request_duration_ms_bucket",
            latency_per_second: "1000",
        });
        assert.strictEqual(constants(rendered.find((d) => d.name === "app-overview-worker")!.json).latency_per_second, "1");
        const uids = rendered.map((d) => JSON.parse(d.json).uid as string);
        assert.strictEqual(new Set(uids).size, uids.length);
        for (const uid of uids) assert.ok(uid.length <= 40, uid);
        assert.notStrictEqual(
            stackDashboards(loadDashboards(), "other/prod", services).find((d) => d.name === "app-overview-api")!.uid,
            api.uid,
            "two stacks on one Grafana get different uids",
        );
    });
});

describe("observability: the health-agent example alerts on what the agent exposes", function () {
    this.timeout(120000);
    it("its rules and dashboard read health_agent_* in milliseconds", async () => {
        const resources = await runProgram({ configFile: "examples/health-agent.yaml" });
        const rules = named(resources, K.PrometheusRule, "health-agent-api-monitoring-rules").inputs.spec.groups[0].rules as AlertRule[];
        assert.match(expr(rules, "HighResponseTime"), /health_agent_request_duration_ms_bucket.* > 3000$/);
        assert.match(expr(rules, "HighErrorRate"), /health_agent_requests_total/);
        const dashboard = ofType(resources, K.ConfigMap).find((c) => c.inputs.metadata.name === "health-agent-dashboard-app-overview-api");
        assert.ok(dashboard, "a dashboard ConfigMap for the api service");
        assert.strictEqual(
            constants(dashboard.inputs.data["app-overview-api.json"]).latency_bucket,
            "health_agent_request_duration_ms_bucket",
        );
    });
});
