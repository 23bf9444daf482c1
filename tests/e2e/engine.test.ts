import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import { repoRoot } from "../../tools/engine/paths";
import { EngineSandbox, manifestFiles, stackFileHashes } from "./support/engine";
import { requiredTools } from "./support/toolchain";

// The real Pulumi engine (CLI, kubernetes and random plugins) over the dev stack, driven exactly as
// `npm run preview|up|destroy -- dev` drives it: local file backend, the policy pack through the engine, the
// kubernetes provider rendering manifests to a directory (no cluster, no cloud account).
describe("dev stack through the real Pulumi engine", function () {
    this.timeout(15 * 60_000);
    const sandbox = new EngineSandbox();
    const renderDir = path.join(sandbox.dir, "manifests");
    const devPolicy = path.join(repoRoot, "policies/config/dev.json");
    let hashesBefore: Record<string, string>;
    let kubeScore: string;

    before(function () {
        const tools = requiredTools();
        // Mandatory: scripts/setup.sh installs the toolchain (or fails naming what is missing), so a gap is a failure.
        if (tools.missing.length > 0) throw new Error(`Pulumi toolchain incomplete:\n  ${tools.missing.join("\n  ")}`);
        kubeScore = tools.kubeScore;
        hashesBefore = stackFileHashes();
    });

    after(() => sandbox.remove());

    it("previews with the policy pack loaded by the engine and no mandatory finding", function () {
        const { status, result, stderr } = sandbox.engine(["preview", "dev", "--render-dir", renderDir]);
        assert.equal(status, 0, stderr.slice(-6000));
        assert.ok(result?.ok, stderr.slice(-6000));
        assert.ok("prod-stack" in result!.policyPacks, `the engine ran no prod-stack pack: ${JSON.stringify(result!.policyPacks)}`);
        assert.ok(result!.rulesEvaluated > 40, `the engine evaluated only ${result!.rulesEvaluated} rules`);
        assert.ok(
            (result!.changes.create ?? 0) > 50,
            `preview of an empty stack should create the whole stack, got ${JSON.stringify(result!.changes)}`,
        );
        assert.deepEqual(
            result!.findings.filter((f) => f.level === "mandatory"),
            [],
        );
    });

    it("deploys by rendering manifests, and a second up changes nothing", function () {
        const first = sandbox.engine(["up", "dev", "--render-dir", renderDir, "--policy-config", devPolicy]);
        assert.equal(first.status, 0, first.stderr.slice(-6000));
        const created = first.result!.changes.create ?? 0;
        assert.ok(created > 50, `first up created ${created}`);
        assert.ok(sandbox.resourceCount("dev") >= created, "the state holds every created resource");
        assert.ok(manifestFiles(renderDir).length > 20, `too few manifests rendered under ${renderDir}`);
        assert.equal(first.result!.outputs?.environment, "dev");

        const second = sandbox.engine(["up", "dev", "--render-dir", renderDir]);
        assert.equal(second.status, 0, second.stderr.slice(-6000));
        assert.deepEqual(second.result!.changes, {}, "a second up of an unchanged program must be a no-op");
        assert.equal(second.result!.unchanged, created);
    });

    it("renders manifests that kube-score rates without a CRITICAL finding", function () {
        const files = manifestFiles(renderDir);
        assert.ok(files.length > 0, "nothing rendered to score");
        const r = spawnSync(kubeScore, ["score", "--output-format", "ci", ...files], { encoding: "utf8" });
        const critical = r.stdout.split("\n").filter((line) => line.startsWith("[CRITICAL]"));
        assert.deepEqual(critical, [], `kube-score CRITICAL findings:\n${critical.join("\n")}`);
    });

    it("blocks an insecure up (mutable image tag) before anything is created", function () {
        const insecure = new EngineSandbox();
        try {
            const settings = YAML.parse(fs.readFileSync(path.join(repoRoot, "Pulumi.dev.yaml"), "utf8"));
            settings.config["prod-stack:services"][0].image = "ghcr.io/example/webapp-api:latest";
            const variant = path.join(insecure.dir, "Pulumi.dev.yaml");
            fs.writeFileSync(variant, YAML.stringify(settings));
            const fixture = path.join(__dirname, "fixtures/policy-image-pinned-mandatory.json");
            const r = insecure.engine([
                "up",
                "dev",
                "--config",
                variant,
                "--policy-config",
                fixture,
                "--render-dir",
                path.join(insecure.dir, "out"),
            ]);
            assert.equal(r.status, 1, r.stderr.slice(-6000));
            assert.equal(r.result?.blocked, true, "up must stop at its pre-flight preview");
            const rules = r.result!.findings.filter((f) => f.level === "mandatory").map((f) => f.policy);
            assert.ok(rules.includes("k8s-image-pinned"), `expected k8s-image-pinned among ${rules.join(", ")}`);
            assert.equal(insecure.resourceCount("dev"), 0, "a blocked up must leave the stack empty");
            assert.deepEqual(manifestFiles(path.join(insecure.dir, "out")), [], "a blocked up must render nothing");
        } finally {
            insecure.remove();
        }
    });

    it("destroys everything it created", function () {
        const r = sandbox.engine(["destroy", "dev"]);
        assert.equal(r.status, 0, r.stderr.slice(-6000));
        assert.ok((r.result!.changes.delete ?? 0) > 50, `destroy deleted ${JSON.stringify(r.result!.changes)}`);
        assert.equal(sandbox.resourceCount("dev"), 0);
        assert.deepEqual(manifestFiles(renderDir), [], "destroy must remove the rendered manifests");
    });

    it("leaves the committed stack files as they were", () => {
        assert.deepEqual(stackFileHashes(), hashesBefore);
    });
});
