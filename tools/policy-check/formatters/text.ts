import { CheckResult, groupByRule } from "../runner";

/** Human-readable report: one block per rule, worst enforcement first, then a summary line. */
export function formatText(result: CheckResult): string {
    const groups = [...groupByRule(result.violations).entries()]
        .sort(([, a], [, b]) => Number(b.some((v) => v.enforcementLevel === "mandatory")) - Number(a.some((v) => v.enforcementLevel === "mandatory")));
    const lines: string[] = [];
    for (const [rule, vs] of groups) {
        const policy = result.policies.find((p) => p.name === rule);
        lines.push(`${rule} [${vs[0].enforcementLevel}, ${policy?.severity ?? "unknown"}] ${policy?.description ?? ""}`);
        for (const v of vs) lines.push(`  - ${v.urn ?? "(stack)"}\n    ${v.message}`);
        if (policy?.remediationSteps) lines.push(`  fix: ${policy.remediationSteps}`);
    }
    const mandatory = result.violations.filter((v) => v.enforcementLevel === "mandatory").length;
    lines.push(`${result.violations.length} violation(s): ${mandatory} mandatory, ${result.violations.length - mandatory} advisory`);
    return lines.join("\n") + "\n";
}
