import { CheckResult, exitCodeOf, groupByRule } from "../runner";

/** Machine-readable report grouped by rule; stable key order so CI diffs stay readable. */
export function formatJson(result: CheckResult): string {
    const rules = [...groupByRule(result.violations).entries()].map(([rule, vs]) => {
        const policy = result.policies.find((p) => p.name === rule);
        return {
            rule,
            severity: policy?.severity,
            enforcementLevel: vs[0].enforcementLevel,
            description: policy?.description,
            remediationSteps: policy?.remediationSteps,
            violations: vs.map((v) => ({ urn: v.urn ?? null, message: v.message, enforcementLevel: v.enforcementLevel })),
        };
    });
    const mandatory = result.violations.filter((v) => v.enforcementLevel === "mandatory").length;
    return (
        JSON.stringify(
            {
                summary: {
                    total: result.violations.length,
                    mandatory,
                    advisory: result.violations.length - mandatory,
                    blocking: exitCodeOf(result) !== 0,
                },
                rules,
            },
            null,
            2,
        ) + "\n"
    );
}
