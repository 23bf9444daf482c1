import * as assert from "assert";
import * as path from "path";
import { REPO_ROOT } from "../../tools/cli/target";
import { allRules } from "../../policies/rules";
import { K } from "../../policies/lib/kubernetes/types";
import { main } from "../../tools/policy-check/cli";
import { loadPackConfig, resolvePackConfig } from "../../tools/policy-check/config";
import { formatJson } from "../../tools/policy-check/formatters/json";
import { formatSarif } from "../../tools/policy-check/formatters/sarif";
import { formatText } from "../../tools/policy-check/formatters/text";
import { exitCodeOf, groupByRule } from "../../tools/policy-check/runner";
import { check, goodStack, TODAY } from "./support/check";
import { byName, loadYaml } from "./support/recorded";

function insecureStack() {
    const all = goodStack();
    byName(all, "api", K.Service).inputs.spec.type = "LoadBalancer";
    byName(all, "api", K.Deployment).inputs.spec.template.spec.containers[0].image = "ghcr.io/example/api:latest";
    return all;
}

describe("policy config files", () => {
    it("make staging and prod mandatory and dev advisory", () => {
        for (const [stack, level] of [
            ["dev", "advisory"],
            ["staging", "mandatory"],
            ["prod", "mandatory"],
        ] as const) {
            const resolved = resolvePackConfig(loadPackConfig(stack), allRules);
            assert.strictEqual(resolved.get("rds-not-public")!.enforcementLevel, level, stack);
        }
    });
    it("carry the environment parameters and fill schema defaults", () => {
        const prod = resolvePackConfig(loadPackConfig("prod"), allRules);
        const dev = resolvePackConfig(loadPackConfig("dev"), allRules);
        assert.deepStrictEqual(prod.get("k8s-workload-min-replicas")!.properties, { minReplicas: 3 });
        assert.deepStrictEqual(dev.get("k8s-workload-min-replicas")!.properties, { minReplicas: 1 });
        assert.deepStrictEqual(prod.get("rds-backup-retention")!.properties, { minDays: 30 });
        assert.deepStrictEqual(prod.get("k8s-container-drop-all-capabilities")!.properties, { allowedAdd: ["NET_BIND_SERVICE"] });
        assert.strictEqual(dev.get("k8s-topology-spread")!.enforcementLevel, "disabled");
    });
    it("rejects unknown rules, unknown properties and wrongly typed values, all at once", () => {
        const bad = {
            all: "mandatory",
            "rds-not-pubic": "advisory",
            "rds-multi-az": { requried: true },
            "rds-backup-retention": { minDays: "30" },
        } as const;
        assert.throws(
            () => resolvePackConfig(bad as never, allRules),
            (e: Error) =>
                /unknown policy "rds-not-pubic"/.test(e.message) &&
                /rds-multi-az: unknown property "requried"/.test(e.message) &&
                /rds-backup-retention.minDays: expected integer, found string/.test(e.message),
        );
    });
});

describe("in-process check results", () => {
    it("groups violations by rule with URNs and the configured enforcement level", async () => {
        const result = await check(insecureStack(), "prod");
        const groups = groupByRule(result.violations);
        assert.deepStrictEqual([...groups.keys()].sort(), ["k8s-image-pinned", "k8s-no-external-service"]);
        assert.strictEqual(groups.get("k8s-no-external-service")![0].urn, byName(goodStack(), "api", K.Service).urn);
        assert.ok(result.violations.every((v) => v.enforcementLevel === "mandatory"));
        assert.strictEqual(exitCodeOf(result), 1);
    });
    it("is advisory, hence non-blocking, under dev", async () => {
        const result = await check(insecureStack(), "dev");
        assert.ok(result.violations.length > 0 && result.violations.every((v) => v.enforcementLevel === "advisory"));
        assert.strictEqual(exitCodeOf(result), 0);
    });
    it("records notApplicable for rules the environment does not require", async () => {
        const result = await check(goodStack(), "dev");
        assert.ok(result.notApplicable.some((n) => n.rule === "rds-multi-az" && /not required/.test(n.reason ?? "")));
    });
    it("reports every violation in the Polaris-style bad fixtures", async () => {
        const rules = new Set(
            (await check([...loadYaml("bad/privileged-pod.yaml"), ...loadYaml("bad/ingress-nginx.yaml")], "dev")).violations.map(
                (v) => v.rule,
            ),
        );
        for (const r of [
            "k8s-container-not-privileged",
            "k8s-pod-no-host-namespaces",
            "k8s-pod-no-host-path",
            "k8s-pod-no-host-ports",
            "k8s-pod-run-as-non-root",
            "k8s-container-drop-all-capabilities",
            "k8s-no-literal-secrets-in-env",
            "k8s-image-pinned",
            "k8s-no-default-namespace",
            "edge-no-retired-ingress-nginx",
            "edge-no-nginx-snippets",
            "edge-tls-cert-manager",
        ]) {
            assert.ok(rules.has(r), `missing ${r}`);
        }
    });
});

describe("formatters", () => {
    it("SARIF 2.1.0: one run, every rule described, results referencing rules by id and index, levels by enforcement", async () => {
        const result = await check(insecureStack(), "prod");
        const sarif = JSON.parse(formatSarif(result));
        assert.strictEqual(sarif.version, "2.1.0");
        assert.match(sarif.$schema, /sarif-2\.1\.0/);
        assert.strictEqual(sarif.runs.length, 1);
        const { driver } = sarif.runs[0].tool;
        assert.strictEqual(driver.rules.length, allRules.length);
        for (const res of sarif.runs[0].results) {
            assert.strictEqual(driver.rules[res.ruleIndex].id, res.ruleId);
            assert.strictEqual(res.level, "error");
            assert.ok(res.message.text);
            assert.match(res.locations[0].logicalLocations[0].fullyQualifiedName, /^urn:pulumi:/);
        }
        const rule = driver.rules.find((r: any) => r.id === "k8s-no-external-service");
        assert.strictEqual(rule.properties["security-severity"], "8.0");
        assert.ok(rule.help.text.length > 0);
        const advisory = JSON.parse(formatSarif(await check(insecureStack(), "dev")));
        assert.ok(advisory.runs[0].results.every((r: any) => r.level === "warning"));
    });
    it("JSON groups by rule and summarises blocking", async () => {
        const json = JSON.parse(formatJson(await check(insecureStack(), "prod")));
        assert.deepStrictEqual(json.summary, { total: 2, mandatory: 2, advisory: 0, blocking: true });
        assert.deepStrictEqual(json.rules.map((r: any) => r.rule).sort(), ["k8s-image-pinned", "k8s-no-external-service"]);
    });
    it("text names rule, resource, message and fix", async () => {
        const text = formatText(await check(insecureStack(), "prod"));
        assert.match(text, /k8s-no-external-service \[mandatory, high\]/);
        assert.match(text, /fix: Use type ClusterIP/);
        assert.match(text, /2 violation\(s\): 2 mandatory, 0 advisory/);
    });
});

describe("policy-check CLI (library path)", () => {
    const run = async (argv: string[], resources = goodStack()) => {
        const out: string[] = [];
        const err: string[] = [];
        const files = new Map<string, string>();
        const calls: unknown[] = [];
        const code = await main(argv, {
            runProgram: async (o) => {
                calls.push(o);
                return resources;
            },
            stdout: (t) => out.push(t),
            stderr: (t) => err.push(t),
            writeFile: (f, t) => files.set(f, t),
            now: TODAY,
        });
        return { code, out: out.join(""), err: err.join(""), files, calls };
    };
    it("exits 0 on a compliant stack", async () => {
        const r = await run(["--stack", "prod"]);
        assert.strictEqual(r.code, 0, r.out + r.err);
        assert.deepStrictEqual(r.calls, [{ stack: "prod", configFile: undefined }]);
    });
    it("exits 1 on a mandatory violation and writes the chosen format to --output", async () => {
        const r = await run(["--stack", "prod", "--format", "sarif", "--output", "out.sarif"], insecureStack());
        assert.strictEqual(r.code, 1);
        assert.strictEqual(JSON.parse(r.files.get("out.sarif")!).version, "2.1.0");
    });
    it("exits 0 when violations are advisory (dev)", async () => {
        assert.strictEqual((await run(["--stack", "dev"], insecureStack())).code, 0);
    });
    it("checks an example config against prod's policy config unless told otherwise", async () => {
        const r = await run(["--config", "examples/tria.yaml"], insecureStack());
        assert.strictEqual(r.code, 1);
        assert.deepStrictEqual(r.calls, [{ stack: undefined, configFile: path.join(REPO_ROOT, "examples/tria.yaml") }]);
        assert.strictEqual((await run(["--config", "examples/tria.yaml", "--policy-config", "dev"], insecureStack())).code, 0);
    });
    it("exits 2 with usage on bad arguments", async () => {
        for (const argv of [[], ["--stack", "qa"], ["--stack", "prod", "--format", "xml"], ["--stack"], ["--verbose"]]) {
            const r = await run(argv);
            assert.strictEqual(r.code, 2, argv.join(" "));
            assert.match(r.err, /usage:/);
        }
    });
    it("exits 1 when the program fails (2 is for usage errors only)", async () => {
        const err: string[] = [];
        const code = await main(["--stack", "prod"], {
            runProgram: async () => {
                throw new Error("provider crashed");
            },
            stdout: () => undefined,
            stderr: (t) => err.push(t),
        });
        assert.strictEqual(code, 1);
        assert.match(err.join(""), /policy-check failed: provider crashed/);
    });
});
