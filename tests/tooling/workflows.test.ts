import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "yaml";

const root = path.resolve(__dirname, "../..");
const workflowsDir = path.join(root, ".github/workflows");
const actionlint = path.join(root, ".tools/bin/actionlint");

function workflowFiles(): string[] {
    return fs
        .readdirSync(workflowsDir)
        .filter((f) => /\.ya?ml$/.test(f))
        .map((f) => path.join(workflowsDir, f));
}

function runActionlint(files: string[]): { status: number | null; output: string } {
    if (!fs.existsSync(actionlint)) {
        throw new Error(`${actionlint} is missing: run 'bash scripts/install-go-tools.sh actionlint'`);
    }
    const result = spawnSync(actionlint, ["-no-color", ...files], { cwd: root, encoding: "utf8" });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** Every step of every job, across all workflow files, with the file it came from. */
function allSteps(): { file: string; step: Record<string, unknown> }[] {
    return workflowFiles().flatMap((file) => {
        const doc = parse(fs.readFileSync(file, "utf8")) as { jobs?: Record<string, { steps?: Record<string, unknown>[] }> };
        return Object.values(doc.jobs ?? {}).flatMap((job) => (job.steps ?? []).map((step) => ({ file, step })));
    });
}

describe("GitHub workflows", () => {
    it("pass actionlint with no findings", () => {
        const { status, output } = runActionlint(workflowFiles());
        assert.equal(status, 0, `actionlint findings:\n${output}`);
    });

    it("are checked by an actionlint that does report findings", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "actionlint-"));
        try {
            const bad = path.join(dir, "bad.yml");
            fs.writeFileSync(
                bad,
                "on: push\njobs:\n  x:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo ${{ github.no_such_field.x }}\n",
            );
            const { status, output } = runActionlint([bad]);
            assert.notEqual(status, 0, "actionlint accepted a workflow with an invalid expression");
            assert.match(output, /no_such_field/);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("pin every third-party action to a full commit SHA", () => {
        const unpinned = allSteps()
            .map(({ file, step }) => ({ file, uses: step.uses }))
            .filter((s): s is { file: string; uses: string } => typeof s.uses === "string")
            .filter(({ uses }) => !uses.startsWith("./") && !/@[0-9a-f]{40}$/.test(uses));
        assert.deepEqual(unpinned, [], "actions must be pinned by commit SHA (tags can be moved)");
    });

    it("get cloud credentials through OIDC only", () => {
        const awsSteps = allSteps().filter(({ step }) => String(step.uses ?? "").startsWith("aws-actions/configure-aws-credentials@"));
        assert.ok(awsSteps.length > 0, "no aws-actions/configure-aws-credentials step found");
        for (const { file, step } of awsSteps) {
            const inputs = (step.with ?? {}) as Record<string, unknown>;
            assert.ok(inputs["role-to-assume"], `${file}: configure-aws-credentials without role-to-assume`);
            assert.equal(inputs["aws-access-key-id"], undefined, `${file}: long-lived access key in a workflow`);
        }
        const text = workflowFiles()
            .map((f) => fs.readFileSync(f, "utf8"))
            .join("\n");
        assert.doesNotMatch(text, /AWS_SECRET_ACCESS_KEY|aws-secret-access-key/);
        assert.match(text, /id-token: write/);
    });

    it("preview every stack with the policy pack and its per-stack config", () => {
        const preview = parse(fs.readFileSync(path.join(workflowsDir, "preview.yml"), "utf8"));
        assert.deepEqual(preview.jobs.preview.strategy.matrix.stack, ["dev", "staging", "prod"]);
        const stack = fs.readFileSync(path.join(workflowsDir, "stack.yml"), "utf8");
        assert.match(stack, /--policy-pack policies --policy-pack-config "policies\/config\/\$\{STACK\}\.json"/);
        assert.match(stack, /--refresh --expect-no-changes/);
    });

    it("deploy prod only after staging, behind the production environment", () => {
        const deploy = parse(fs.readFileSync(path.join(workflowsDir, "deploy.yml"), "utf8"));
        assert.equal(deploy.jobs.prod.needs, "staging");
        assert.equal(deploy.jobs.prod.with.environment, "production");
        assert.equal(deploy.concurrency["cancel-in-progress"], false);
    });
});
