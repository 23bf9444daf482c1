import * as assert from "assert";
import * as k8s from "@pulumi/kubernetes";
import * as random from "@pulumi/random";
import * as pulumi from "@pulumi/pulumi";
import { isSecretAt, runProgram, runWithMocks } from "../../tools/mock-runner/harness";
import { recordingEvaluations } from "../../tools/mock-runner/recording-memo";
import { FULL_STACKS_HINT } from "../../tools/mock-runner/shallow-stacks";
import { K } from "../../policies/lib/kubernetes/types";

describe("mock harness", () => {
    it("records type, name, URN, inputs, options and secret paths", async () => {
        const { resources } = await runWithMocks(() => {
            class Box extends pulumi.ComponentResource {
                constructor(name: string) {
                    super("stack:test:Box", name, {}, {});
                    const pw = new random.RandomPassword(`${name}-pw`, { length: 24 }, { parent: this });
                    const ns = new k8s.core.v1.Namespace(`${name}-ns`, { metadata: { name: "demo" } }, { parent: this, protect: true });
                    new k8s.core.v1.Secret(
                        `${name}-secret`,
                        { metadata: { namespace: "demo" }, stringData: { password: pw.result } },
                        { parent: this, dependsOn: [ns] },
                    );
                    this.registerOutputs({});
                }
            }
            new Box("box");
        });
        const secret = resources.find((r) => r.name === "box-secret")!;
        assert.strictEqual(secret.type, K.Secret);
        assert.strictEqual(secret.urn, "urn:pulumi:dev::prod-stack::stack:test:Box$kubernetes:core/v1:Secret::box-secret");
        assert.deepStrictEqual(secret.options.dependsOn, [
            "urn:pulumi:dev::prod-stack::stack:test:Box$kubernetes:core/v1:Namespace::box-ns",
        ]);
        assert.ok(isSecretAt(secret, "stringData.password"), `secret paths: ${secret.secretPaths}`);
        assert.ok(!isSecretAt(secret, "metadata.namespace"));
        assert.match(String(secret.inputs.stringData.password), /^MOCKSECRET/);
        const ns = resources.find((r) => r.name === "box-ns")!;
        assert.strictEqual(ns.options.protect, true);
        assert.strictEqual(ns.options.parent, "urn:pulumi:dev::prod-stack::stack:test:Box::box");
        const box = resources.find((r) => r.name === "box")!;
        assert.strictEqual(box.custom, false);
    });

    it("evaluates one config once per process and hands every caller its own copy", async function () {
        this.timeout(60000);
        const first = await runProgram({ stack: "dev" });
        const pristine = JSON.stringify(first);
        const before = recordingEvaluations();
        const second = await runProgram({ stack: "dev" });
        assert.strictEqual(recordingEvaluations(), before, "the same stack was evaluated again");
        assert.deepStrictEqual(second, first);
        second[0].inputs.mutatedByTest = true;
        second.splice(1, 1);
        const third = await runProgram({ stack: "dev" });
        assert.notStrictEqual(second, first);
        assert.strictEqual(JSON.stringify(third), pristine, "a caller's edits leaked into the shared recording");
        assert.strictEqual(JSON.stringify(first), pristine, "a caller's edits leaked into another caller's copy");
        const edited = await runProgram({
            stack: "dev",
            edit: (r) => {
                r.services[0].env.MEMO_PROBE = "on";
            },
        });
        assert.strictEqual(recordingEvaluations(), before + 1, "a changed config must be evaluated, not served from the memo");
        const probe = (rs: typeof first) => JSON.stringify(rs).includes("MEMO_PROBE");
        assert.ok(probe(edited) && !probe(first), "the edited config's recording must show the edit, the original's must not");
    });

    it("evaluates with shallow stack traces, says so on a program error, and restores the limit", async () => {
        const limit = Error.stackTraceLimit;
        let inside = -1;
        const { error } = await runWithMocks(() => {
            inside = Error.stackTraceLimit;
            throw new Error("component bug");
        });
        assert.ok(inside >= 0 && inside < limit, `limit during the evaluation: ${inside}, outside: ${limit}`);
        assert.strictEqual(Error.stackTraceLimit, limit);
        assert.strictEqual(error?.message, "component bug");
        assert.ok(error?.stack?.includes(FULL_STACKS_HINT), `stack: ${error?.stack}`);
    });
});
