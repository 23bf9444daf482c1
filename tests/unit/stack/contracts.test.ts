/**
 * The whole-stack contracts over every stack and example: no finding outside the commented KNOWN_DEFECTS list
 * (tests/unit/support/contracts.ts), and no entry in that list that the stack no longer shows.
 */
import * as assert from "assert";
import { runProgram } from "../../../tools/mock-runner/harness";
import { RecordedResource } from "../../../tools/mock-runner/recorded-resource";
import { allTargets } from "../../../tools/mock-runner/targets";
import { contractFindings, unexpectedContractFindings } from "../support/contracts";

describe("whole-stack contracts over every stack and example", function () {
    this.timeout(180000);
    for (const target of allTargets()) {
        describe(target, () => {
            let resources: RecordedResource[] = [];
            before(async () => {
                resources = await runProgram(target.startsWith("examples/") ? { configFile: target } : { stack: target });
            });
            it("no contract finding beyond the known defects", () => {
                assert.deepStrictEqual(unexpectedContractFindings(target, resources).unexpected, []);
            });
            it("every known defect listed for it still shows (delete entries as their fixes merge)", () => {
                assert.deepStrictEqual(unexpectedContractFindings(target, resources).stale, []);
            });
            it("the verifier sees the stack's workloads (a model that sees nothing would pass everything)", () => {
                // Breaking one Service's selector must produce a finding on every target that has a Service with one.
                const svc = resources.find(
                    (r) => r.type === "kubernetes:core/v1:Service" && Object.keys(r.inputs.spec?.selector ?? {}).length > 0,
                );
                assert.ok(svc, `${target} has a Service with a selector`);
                const broken = resources.map((r) =>
                    r === svc ? { ...r, inputs: { ...r.inputs, spec: { ...r.inputs.spec, selector: { nobody: "x" } } } } : r,
                );
                assert.ok(contractFindings(broken).some((f) => f.urn === svc.urn));
            });
        });
    }
});
