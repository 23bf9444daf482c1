import { ReportContext, shortResourceName } from "../report-context";
import { CheckResult, groupByRule, Violation } from "../runner";

/** Resources named once per (rule, message); beyond this many, the rest are counted, not listed. */
const MAX_LISTED = 8;

/**
 * Human-readable report: one block per rule (mandatory first), findings with the same message grouped under it with
 * the resources they hit (short names; URNs with --urns), then one summary line: resources, rules, config used.
 */
export function formatText(result: CheckResult, context: ReportContext = {}): string {
    const groups = [...groupByRule(result.violations).entries()].sort(
        ([, a], [, b]) =>
            Number(b.some((v) => v.enforcementLevel === "mandatory")) - Number(a.some((v) => v.enforcementLevel === "mandatory")),
    );
    const lines: string[] = [];
    const nameOf = (urn: string | undefined) => (context.showUrns ? (urn ?? "(stack)") : shortResourceName(urn));
    for (const [rule, vs] of groups) {
        const policy = result.policies.find((p) => p.name === rule);
        lines.push(`${rule} [${vs[0].enforcementLevel}, ${policy?.severity ?? "unknown"}] ${policy?.description ?? ""}`);
        for (const [message, same] of byMessage(vs)) {
            const where = (urn: string | undefined) => {
                const loc = context.locate?.(urn);
                return loc?.key && context.stackFile ? ` (${context.stackFile}:${loc.line} ${loc.key})` : "";
            };
            if (same.length === 1) {
                lines.push(`  - ${nameOf(same[0].urn)}${where(same[0].urn)}`, `    ${continued(message)}`);
                continue;
            }
            lines.push(`  - ${continued(message)}`, `    on ${same.length} resources:`);
            for (const v of same.slice(0, MAX_LISTED)) lines.push(`      ${nameOf(v.urn)}${where(v.urn)}`);
            if (same.length > MAX_LISTED) lines.push(`      ... and ${same.length - MAX_LISTED} more (--format json lists every one)`);
        }
        if (policy?.remediationSteps) lines.push(`  fix: ${policy.remediationSteps}`);
    }
    lines.push(summaryLine(result, context));
    return lines.join("\n") + "\n";
}

/** A multi-line message (a finding and its `fix:` line) keeps its later lines under its first. */
function continued(message: string): string {
    return message.split("\n").join("\n    ");
}

function byMessage(vs: readonly Violation[]): Map<string, Violation[]> {
    const out = new Map<string, Violation[]>();
    for (const v of vs) out.set(v.message, [...(out.get(v.message) ?? []), v]);
    return out;
}

/** `12 violation(s): 2 mandatory, 10 advisory; 180 resources, 96 rules, config Pulumi.prod.yaml + policy config prod`. */
export function summaryLine(result: CheckResult, context: ReportContext = {}): string {
    const mandatory = result.violations.filter((v) => v.enforcementLevel === "mandatory").length;
    const scope = [
        context.resourceCount === undefined ? undefined : `${context.resourceCount} resources`,
        `${context.rulesRun ?? result.policies.length} rules`,
        context.stackFile || context.policyConfig
            ? `config ${[context.stackFile, context.policyConfig && `policy config ${context.policyConfig}`].filter(Boolean).join(" + ")}`
            : undefined,
    ]
        .filter(Boolean)
        .join(", ");
    return `${result.violations.length} violation(s): ${mandatory} mandatory, ${result.violations.length - mandatory} advisory; ${scope}`;
}
