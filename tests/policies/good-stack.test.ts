import * as assert from "assert";
import { allRules } from "../../policies/rules";
import { check, describeViolations, goodStack } from "./support/check";

describe("compliant fixture stack", () => {
    for (const stack of ["dev", "staging", "prod"] as const) {
        it(`has no violation under the ${stack} policy config`, async () => {
            const result = await check(goodStack(), stack);
            assert.deepStrictEqual(result.violations, [], describeViolations(result.violations));
        });
    }

    it("declares name, description, remediation, severity and tags on every rule, with unique names", () => {
        const names = allRules.map((r) => r.name);
        assert.strictEqual(new Set(names).size, names.length);
        for (const r of allRules) {
            assert.match(r.name, /^[a-z0-9]+(-[a-z0-9]+)*$/, r.name);
            assert.ok(r.description && r.remediationSteps && r.severity, `${r.name} lacks metadata`);
        }
    });
});
