import { strict as assert } from "assert";
import { formatText } from "../../tools/policy-check/formatters/text";
import type { CheckResult } from "../../tools/policy-check/runner";

describe("policy-check text output", () => {
    const urn = (name: string) => `urn:pulumi:dev::prod-stack::kubernetes:apps/v1:Deployment::${name}`;
    const message = "pod sets no priorityClassName.\nfix: set spec.template.spec.priorityClassName.";

    it("keeps a multi-line finding's later lines (its fix:) under its first, alone or grouped", () => {
        const result: CheckResult = {
            violations: [{ rule: "k8s-priority-class", enforcementLevel: "advisory", message, urn: urn("api") }],
            notApplicable: [],
            policies: [],
        };
        const single = formatText(result).split("\n");
        const i = single.indexOf("    pod sets no priorityClassName.");
        assert.ok(i > 0, single.join("\n"));
        assert.equal(single[i + 1], "    fix: set spec.template.spec.priorityClassName.");

        result.violations.push({ ...result.violations[0], urn: urn("portal") });
        const grouped = formatText(result).split("\n");
        const j = grouped.indexOf("  - pod sets no priorityClassName.");
        assert.ok(j > 0, grouped.join("\n"));
        assert.equal(grouped[j + 1], "    fix: set spec.template.spec.priorityClassName.");
        assert.equal(grouped[j + 2], "    on 2 resources:");
    });
});
