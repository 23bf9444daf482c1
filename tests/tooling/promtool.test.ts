/**
 * Every generated Prometheus rule group must load in Prometheus: written to a file and checked with
 * `promtool check rules` (Debian's prometheus package, linked into .tools/bin by scripts/install-packaged-tools.sh).
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as yaml from "yaml";
import { buildConfig } from "../unit/support/config-fixtures";
import { appRuleGroup } from "../../components/observability/app-alerts";
import { stackRuleGroup } from "../../components/observability/stack-alerts";
import { requestMetrics } from "../../components/observability/app-metrics";
import { RuleGroup } from "../../components/observability/alert-types";
import { REPO_ROOT } from "../../tools/mock-runner/harness";

const PROMTOOL = path.join(REPO_ROOT, ".tools", "bin", "promtool");

function generatedGroups(): RuleGroup[] {
    const thresholds = buildConfig("prod").monitoring.alerts;
    return [
        appRuleGroup({ service: "api", namespace: "shop-prod", thresholds, llm: true }),
        appRuleGroup({ service: "portal", namespace: "shop-prod", thresholds: { ...thresholds, errorRatePercent: 0.5 }, llm: false }),
        // A service with its own names and a milliseconds histogram (the health agent).
        appRuleGroup({
            service: "agent",
            namespace: "shop-prod",
            thresholds,
            llm: false,
            metrics: requestMetrics({
                requests: "health_agent_requests_total",
                statusLabel: "code",
                latencyHistogram: "health_agent_request_duration_ms",
                latencyUnit: "milliseconds",
            }),
        }),
        stackRuleGroup({
            appName: "shop",
            namespace: "shop-prod",
            thresholds,
            database: true,
            cache: true,
            certManager: true,
            probeJob: "shop-uptime",
            backups: { databaseId: "shop-db", backupMaxAgeSeconds: 93600, verifyMaxAgeSeconds: 612000 },
        }),
    ];
}

describe("tooling: promtool check rules", function () {
    this.timeout(120000);

    before(function () {
        // Mandatory: scripts/test.sh installs it (scripts/install-packaged-tools.sh) before this suite runs.
        if (!fs.existsSync(PROMTOOL)) throw new Error(`promtool is missing at ${PROMTOOL}; run 'bash scripts/install-packaged-tools.sh'`);
    });

    it("accepts every generated rule group", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "promtool-"));
        try {
            const file = path.join(dir, "rules.yaml");
            fs.writeFileSync(file, yaml.stringify({ groups: generatedGroups() }));
            const result = spawnSync(PROMTOOL, ["check", "rules", file], { encoding: "utf8" });
            assert.strictEqual(result.status, 0, `promtool rejected the rules:\n${result.stdout}\n${result.stderr}`);
            const count = generatedGroups().reduce((n, g) => n + g.rules.length, 0);
            assert.match(result.stdout, new RegExp(`SUCCESS: ${count} rules found`));
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("rejects a broken rule (the check can fail)", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "promtool-"));
        try {
            const file = path.join(dir, "bad.yaml");
            fs.writeFileSync(
                file,
                yaml.stringify({
                    groups: [{ name: "bad", rules: [{ alert: "Broken", expr: "histogram_quantile(0.95, sum by (le) (rate(x[5m]))" }] }],
                }),
            );
            const result = spawnSync(PROMTOOL, ["check", "rules", file], { encoding: "utf8" });
            assert.notStrictEqual(result.status, 0);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
