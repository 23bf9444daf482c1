import * as assert from "assert";
import { buildConfig, rawConfig } from "../support/config-fixtures";
import { ofType, runProgram } from "../../../tools/mock-runner/harness";
import { RecordedResource } from "../../../tools/mock-runner/recorded-resource";
import { parseStackConfig } from "../../../components/config";
import { ADDON_VERSIONS } from "../../../components/addons/versions";
import { adapterRules } from "../../../components/addons/metrics-apis";
import { OT, runOk } from "./support/run-observability";
import { K } from "../../../policies/lib/kubernetes/types";

const chartNamed = (resources: RecordedResource[], chart: string) => ofType(resources, OT.chart).find((c) => c.inputs.chart === chart);
const scaled = (env: "staging" | "prod", more?: (raw: Record<string, any>) => void) =>
    buildConfig(env, (raw) => {
        raw.services[0].autoscaling = { min: env === "prod" ? 3 : 2, max: 6, requestsPerSecond: 50 };
        more?.(raw);
    });
const issuesOf = (edit: (raw: Record<string, any>) => void) => {
    const raw = rawConfig("staging");
    raw.services[0].autoscaling = { min: 2, max: 6, requestsPerSecond: 50 };
    edit(raw);
    const result = parseStackConfig(raw);
    assert.ok(!result.ok, "config accepted");
    return result.issues.map((i) => `${i.path}: expected ${i.expected}, found ${i.found}; fix: ${i.fix}`).join("\n");
};

describe("metrics APIs: metrics-server and prometheus-adapter for the HPAs", () => {
    it("installs both pinned charts under restricted Pod Security when an HPA scales on requests per second", async () => {
        const { resources } = await runOk(scaled("prod"), { observability: true });
        for (const [chart, pin] of [
            ["metrics-server", ADDON_VERSIONS.metricsServer],
            ["prometheus-adapter", ADDON_VERSIONS.prometheusAdapter],
        ] as const) {
            const release = chartNamed(resources, chart);
            assert.ok(release, `${chart} chart`);
            assert.strictEqual(release.inputs.version, pin.version);
            assert.strictEqual(release.inputs.repositoryOpts.repo, pin.repo);
            assert.strictEqual(release.inputs.namespace, pin.namespace);
            assert.strictEqual(release.inputs.values.replicas, 2, "HA in prod");
            const ns = ofType(resources, OT.namespace).find((n) => n.inputs.metadata.name === pin.namespace)!;
            assert.strictEqual(ns.inputs.metadata.labels["pod-security.kubernetes.io/enforce"], "restricted");
        }
    });

    it("serves http_requests_per_second from the service's own counter in the stack's namespace", async () => {
        const config = scaled("staging", (raw) => {
            raw.services[0].metrics = { requests: "api_hits_total" };
        });
        const { resources } = await runOk(config, { observability: true });
        const values = chartNamed(resources, "prometheus-adapter")!.inputs.values;
        assert.deepStrictEqual(values.prometheus, { url: "http://kps-prometheus.monitoring.svc", port: 9090 });
        assert.strictEqual(values.rules.default, false, "no default rules listing every container_* series");
        assert.strictEqual(values.rules.resource, undefined, "metrics.k8s.io stays metrics-server's");
        assert.deepStrictEqual(values.rules.custom, [
            {
                seriesQuery: 'api_hits_total{namespace="shop-staging",job=~"api",pod!=""}',
                resources: { overrides: { namespace: { resource: "namespace" }, pod: { resource: "pod" } } },
                name: { matches: "^api_hits_total$", as: "http_requests_per_second" },
                metricsQuery: "sum(rate(<<.Series>>{<<.LabelMatchers>>}[1m])) by (<<.GroupBy>>)",
            },
        ]);
    });

    it("one rule covers every service scaling on the same counter", () => {
        const config = scaled("staging", (raw) => {
            raw.services.push({ ...raw.services[0], name: "worker", route: undefined });
        });
        const rules = adapterRules(config);
        assert.strictEqual(rules.length, 1);
        assert.match(rules[0].seriesQuery, /job=~"api\|worker"/);
    });

    it("installs metrics-server alone for CPU/memory HPAs, and nothing without HPAs or with the switches off", async () => {
        const cpuOnly = await runOk(
            buildConfig("staging", (raw) => {
                raw.services[0].autoscaling = { min: 2, max: 6 };
            }),
            { observability: true },
        );
        assert.ok(chartNamed(cpuOnly.resources, "metrics-server"));
        assert.ok(!chartNamed(cpuOnly.resources, "prometheus-adapter"));
        const none = await runOk(buildConfig("staging"), { observability: true });
        assert.ok(!chartNamed(none.resources, "metrics-server"));
        const off = await runOk(
            scaled("staging", (raw) => {
                raw.addons = { metricsServer: false };
            }),
            { observability: true },
        );
        assert.ok(!chartNamed(off.resources, "metrics-server"));
        assert.ok(chartNamed(off.resources, "prometheus-adapter"));
    });

    it("rejects an HPA on requests per second without the adapter, naming the key and the fix", () => {
        const text = issuesOf((raw) => {
            raw.addons = { prometheusAdapter: false };
        });
        assert.match(
            text,
            /services\[api\]\.autoscaling\.requestsPerSecond: expected addons\.prometheusAdapter: true.*fix: set addons\.prometheusAdapter: true/,
        );
    });

    it("rejects an HPA on requests per second without the stack's Prometheus", () => {
        assert.match(
            issuesOf((raw) => {
                raw.monitoring = { enabled: false };
            }),
            /services\[api\]\.autoscaling\.requestsPerSecond: .*found monitoring\.enabled: false/,
        );
        assert.match(
            issuesOf((raw) => {
                raw.addons = { kubePrometheusStack: false };
            }),
            /found addons\.kubePrometheusStack: false/,
        );
    });

    it("rejects two request-scaled services counting requests under different names", () => {
        const text = issuesOf((raw) => {
            raw.services.push({ ...raw.services[0], name: "worker", route: undefined, metrics: { requests: "worker_requests_total" } });
        });
        assert.match(text, /services\[worker\]\.metrics\.requests: expected http_requests_total, the counter of api/);
    });
});

describe("metrics APIs: every HPA of the stacks and examples has its metrics served", function () {
    this.timeout(180000);
    const targets = [
        { stack: "prod", pods: true },
        { configFile: "examples/sei-platform.yaml", pods: true },
        { configFile: "examples/third-eye.yaml", pods: false },
        { configFile: "examples/health-agent.yaml", pods: false },
    ];
    for (const target of targets) {
        it(`${target.stack ?? target.configFile}`, async () => {
            const resources = await runProgram(target);
            const hpas = ofType(resources, K.HorizontalPodAutoscaler);
            assert.ok(hpas.length > 0);
            assert.ok(chartNamed(resources, "metrics-server"), "metrics-server for the Resource metrics");
            const served = new Set(
                (chartNamed(resources, "prometheus-adapter")?.inputs.values.rules.custom ?? []).map((r: any) => r.name.as as string),
            );
            const podsMetrics = hpas.flatMap((h) =>
                (h.inputs.spec.metrics as any[]).filter((m) => m.type === "Pods").map((m) => m.pods.metric.name),
            );
            assert.strictEqual(podsMetrics.length > 0, target.pods, `Pods metrics: ${podsMetrics}`);
            assert.strictEqual(
                chartNamed(resources, "prometheus-adapter") !== undefined,
                target.pods,
                "the adapter exactly where a Pods metric is read",
            );
            for (const metric of podsMetrics) assert.ok(served.has(metric), `${metric} served by the adapter (have ${[...served]})`);
            for (const h of hpas) assert.strictEqual(h.inputs.metadata.annotations?.["prod-stack.io/metrics-api"], undefined, h.name);
        });
    }
    it("dev (metrics-server off: the cluster brings its own): each HPA declares the cluster prerequisite", async () => {
        const resources = await runProgram({ stack: "dev" });
        const hpas = ofType(resources, K.HorizontalPodAutoscaler);
        assert.ok(hpas.length > 0);
        assert.ok(!chartNamed(resources, "metrics-server"));
        for (const h of hpas) assert.strictEqual(h.inputs.metadata.annotations["prod-stack.io/metrics-api"], "cluster", h.name);
    });
});
