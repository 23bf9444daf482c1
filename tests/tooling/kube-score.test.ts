/**
 * A peer tool judges what the stacks would apply: every Kubernetes object the program registers (rendered under mocks
 * by tools/render-manifests.ts, the same inputs the engine would send) is scored by kube-score, built by
 * scripts/install-go-tools.sh. No CRITICAL finding is allowed on any stack or example.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { REPO_ROOT } from "../../tools/mock-runner/harness";
import { renderManifests } from "../../tools/render-manifests";
import { allTargets } from "../../tools/mock-runner/targets";

const KUBE_SCORE = path.join(REPO_ROOT, ".tools", "bin", "kube-score");
const TARGETS = allTargets();

function score(files: string[]): string[] {
    const run = spawnSync(KUBE_SCORE, ["score", "--output-format", "ci", ...files], { encoding: "utf8" });
    assert.ok(run.status !== null, `kube-score did not run: ${run.error}`);
    return run.stdout.split("\n").filter((l) => l.startsWith("[CRITICAL]"));
}

describe("tooling: kube-score on the rendered manifests", function () {
    this.timeout(300000);

    before(function () {
        if (fs.existsSync(KUBE_SCORE)) return;
        if (process.env.CI === "true")
            throw new Error(`kube-score is missing at ${KUBE_SCORE}; CI must build it with scripts/install-go-tools.sh`);
        console.warn(`skipping: kube-score not found at ${KUBE_SCORE} (run scripts/install-go-tools.sh)`);
        this.skip();
    });

    it("flags a manifest that breaks its rules (the check can fail)", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kube-score-bad-"));
        const file = path.join(dir, "bad.yaml");
        fs.writeFileSync(
            file,
            [
                "apiVersion: apps/v1",
                "kind: Deployment",
                "metadata: {name: bad, namespace: x}",
                "spec:",
                "  selector: {matchLabels: {app: bad}}",
                "  template:",
                "    metadata: {labels: {app: bad}}",
                "    spec: {containers: [{name: c, image: 'nginx:latest'}]}",
            ].join("\n"),
        );
        assert.ok(score([file]).length > 0);
    });

    for (const target of TARGETS) {
        it(`${target}: no CRITICAL finding`, async () => {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kube-score-"));
            const files = await renderManifests(target, dir);
            assert.ok(files.length > 10, `only ${files.length} manifests rendered`);
            assert.deepStrictEqual(score(files), []);
        });
    }
});
