import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { RecordedResource } from "../../tools/mock-runner/recorded-resource";
import { REPO_ROOT, runProgram } from "../../tools/mock-runner/harness";
import { main } from "../../tools/policy-check/cli";
import { githubUploadProblems } from "./support/github-sarif";
import { sarifValidator } from "./support/sarif-schema";

/** The dev stack checked against prod's policy config: many findings, from services and data sections alike. */
const ARGV = ["--stack", "dev", "--policy-config", "prod"];

describe("policy:check output (dev stack under prod's policy config)", function () {
    this.timeout(120_000);
    let resources: RecordedResource[] = [];
    const run = async (argv: string[], env: NodeJS.ProcessEnv = {}) => {
        const out: string[] = [];
        const err: string[] = [];
        const code = await main(argv, {
            runProgram: async () => resources,
            stdout: (t) => out.push(t),
            stderr: (t) => err.push(t),
            env,
            now: new Date("2026-06-01T00:00:00Z"),
        });
        return { code, out: out.join(""), err: err.join("") };
    };
    const devText = fs.readFileSync(path.join(REPO_ROOT, "Pulumi.dev.yaml"), "utf8");
    /** Line of `- name: <svc>` in the dev stack file, found without the loader under test. */
    const serviceLine = (svc: string) => devText.split("\n").findIndex((l) => new RegExp(`^\\s*- name: ${svc}\\s*$`).test(l)) + 1;

    before(async () => {
        resources = await runProgram({ stack: "dev" });
    });

    describe("SARIF", () => {
        let sarif: any;
        before(async () => {
            const r = await run([...ARGV, "--format=sarif"], {
                GITHUB_SERVER_URL: "https://github.com",
                GITHUB_REPOSITORY: "acme/prod-stack",
                GITHUB_SHA: "0123456789abcdef0123456789abcdef01234567",
            });
            assert.strictEqual(r.code, 1, r.err);
            sarif = JSON.parse(r.out);
            assert.ok(sarif.runs[0].results.length > 10, `only ${sarif.runs[0].results.length} results`);
        });

        it("validates against the SARIF 2.1.0 schema", () => {
            assert.deepStrictEqual(sarifValidator()(sarif), []);
        });

        it("passes the checks GitHub applies to uploads", () => {
            assert.deepStrictEqual(githubUploadProblems(sarif), []);
        });

        it("places each finding at the stack file line of the config key that produced the resource", () => {
            const results: any[] = sarif.runs[0].results;
            const at = (name: string) => results.find((r) => r.locations[0].logicalLocations[0].fullyQualifiedName.endsWith(`::${name}`));
            const api = at("api-deployment");
            assert.ok(api, "no finding on the api Deployment");
            assert.deepStrictEqual(api.locations[0].physicalLocation, {
                artifactLocation: { uri: "Pulumi.dev.yaml" },
                region: { startLine: serviceLine("api") },
            });
            assert.strictEqual(at("portal-deployment").locations[0].physicalLocation.region.startLine, serviceLine("portal"));
            const redis = devText.split("\n").findIndex((l) => /^\s*prod-stack:redis:/.test(l)) + 1;
            assert.strictEqual(at("webapp-cache-statefulset").locations[0].physicalLocation.region.startLine, redis);
            assert.ok(results.every((r) => r.locations[0].physicalLocation.region.startLine >= 1));
        });

        it("describes each rule with a name, links and descriptions, and fingerprints each result stably and distinctly", async () => {
            const rule = sarif.runs[0].tool.driver.rules.find((r: any) => r.id === "k8s-image-pinned");
            assert.strictEqual(rule.name, "K8sImagePinned");
            assert.strictEqual(
                rule.helpUri,
                "https://github.com/acme/prod-stack/blob/0123456789abcdef0123456789abcdef01234567/policies/rules/kubernetes/images.ts",
            );
            assert.ok(
                fs.existsSync(path.join(REPO_ROOT, rule.helpUri.split("/blob/")[1].split("/").slice(1).join("/"))),
                "helpUri points at a file that exists",
            );
            assert.ok(rule.shortDescription.text.length > 0 && rule.fullDescription.text.length > 0);
            assert.match(sarif.runs[0].tool.driver.informationUri, /^https:\/\/github\.com\/acme\/prod-stack\//);
            const fps = sarif.runs[0].results.map((r: any) => r.partialFingerprints["policyFinding/v1"]);
            assert.strictEqual(new Set(fps).size, fps.length, "two findings share a fingerprint");
            const again = JSON.parse((await run([...ARGV, "--format", "sarif"])).out);
            assert.deepStrictEqual(
                again.runs[0].results.map((r: any) => r.partialFingerprints["policyFinding/v1"]),
                fps,
            );
        });

        it("the checks themselves reject what GitHub rejects (the logical-location-only output of before)", () => {
            const old = JSON.parse(JSON.stringify(sarif));
            for (const r of old.runs[0].results) {
                delete r.partialFingerprints;
                delete r.locations[0].physicalLocation;
            }
            old.runs[0].tool.driver.rules[0].helpUri = "policies/rules/index.ts";
            const problems = githubUploadProblems(old).join("\n");
            assert.match(problems, /partialFingerprints: required/);
            assert.match(problems, /physicalLocation: required/);
            assert.match(problems, /helpUri: must be an absolute URI/);
            const bad = JSON.parse(JSON.stringify(sarif));
            bad.runs[0].results[0].level = "fatal";
            assert.ok(sarifValidator()(bad).length > 0, "the schema accepted level: fatal");
        });
    });

    describe("text", () => {
        it("groups one rule's identical message over many resources, with short names and a summary line", async () => {
            const r = await run(ARGV);
            assert.strictEqual(r.code, 1);
            const spread = r.out.split("\n").findIndex((l) => l.startsWith("k8s-topology-spread "));
            assert.ok(spread >= 0, r.out);
            assert.match(
                r.out
                    .split("\n")
                    .slice(spread + 1, spread + 4)
                    .join("\n"),
                / {2}- pod template has neither topologySpreadConstraints nor podAntiAffinity\.\n {4}on \d+ resources:\n {6}(Deployment|StatefulSet) \S+ \(Pulumi\.dev\.yaml:\d+/,
            );
            assert.doesNotMatch(r.out, /urn:pulumi:/);
            assert.match(r.out, /Deployment api-deployment \(Pulumi\.dev\.yaml:\d+ services\[api\]\)/);
            const summary = r.out.trim().split("\n").pop()!;
            assert.match(
                summary,
                new RegExp(
                    `^\\d+ violation\\(s\\): \\d+ mandatory, 0 advisory; ${resources.length} resources, \\d+ rules, config Pulumi\\.dev\\.yaml \\+ policy config prod$`,
                ),
            );
        });

        it("shows URNs with --urns", async () => {
            const r = await run([...ARGV, "--urns"]);
            assert.match(r.out, /urn:pulumi:dev::prod-stack::\S+::api-deployment/);
        });
    });

    describe("exit codes and arguments", () => {
        it("0 for a clean stack, 1 for mandatory violations, 2 for usage; --format=x and --format x alike", async () => {
            assert.strictEqual((await run(["--stack", "dev"])).code, 0, "dev under its own (advisory) config");
            assert.strictEqual((await run(ARGV)).code, 1);
            const eq = await run([...ARGV, "--format=json"]);
            const sp = await run([...ARGV, "--format", "json"]);
            assert.strictEqual(eq.out, sp.out);
            assert.ok(JSON.parse(eq.out).summary.blocking);
            for (const argv of [
                [],
                ["--stack", "qa"],
                ["--format=xml", "--stack", "dev"],
                ["--stack"],
                ["--verbose"],
                ["--stack", "dev", "--policy-config", "qa"],
                ["--urns=yes", "--stack", "dev"],
            ]) {
                const r = await run(argv);
                assert.strictEqual(r.code, 2, argv.join(" "));
                assert.match(r.err, /usage:/);
            }
        });

        it("names the known stacks for an unknown one, and the file for a missing one (no ENOENT)", async () => {
            const stack = await run(["--stack", "qa"]);
            assert.match(stack.err, /unknown stack "qa"; known stacks: dev, prod, staging/);
            const file = await run(["--config", "examples/nope.yaml"]);
            assert.strictEqual(file.code, 2);
            assert.match(file.err, /no such stack file: examples\/nope\.yaml/);
            assert.doesNotMatch(stack.err + file.err, /ENOENT/);
        });

        it("exits 1 on an invalid config, with file and line, before running the program", async () => {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "policy-check-"));
            try {
                const file = path.join(dir, "bad.yaml");
                fs.writeFileSync(file, devText.replace(/(- name: api\n(?:.*\n)*?\s*port:) \d+/, "$1 0"));
                let ran = false;
                const err: string[] = [];
                const code = await main(["--config", file], {
                    runProgram: async () => {
                        ran = true;
                        return resources;
                    },
                    stdout: () => undefined,
                    stderr: (t) => err.push(t),
                });
                assert.strictEqual(code, 1);
                assert.strictEqual(ran, false, "the program ran on an invalid config");
                assert.match(err.join(""), /bad\.yaml:\d+: prod-stack:services\[api\]\.port: expected >= 1, found 0; fix: /);
            } finally {
                fs.rmSync(dir, { recursive: true, force: true });
            }
        });
    });
});
