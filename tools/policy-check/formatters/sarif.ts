import type { Severity } from "@pulumi/policy";
import { CheckResult } from "../runner";

/** GitHub code scanning ranks results by this property (0-10). */
const SECURITY_SEVERITY: Record<Severity, string> = { low: "3.0", medium: "5.5", high: "8.0", critical: "9.5" };

/**
 * SARIF 2.1.0. Resources have no source position, so each result carries a logical location whose
 * fullyQualifiedName is the resource URN; mandatory violations are `error`, advisory ones `warning`.
 */
export function formatSarif(result: CheckResult, toolVersion = "0.1.0"): string {
    const rules = result.policies.map((p) => ({
        id: p.name,
        name: p.name,
        shortDescription: { text: p.description },
        fullDescription: { text: p.description },
        help: { text: p.remediationSteps ?? p.description },
        properties: {
            tags: (p as { tags?: string[] }).tags ?? [],
            ...(p.severity ? { "security-severity": SECURITY_SEVERITY[p.severity], severity: p.severity } : {}),
        },
    }));
    const index = new Map(rules.map((r, i) => [r.id, i]));
    const results = result.violations.map((v) => ({
        ruleId: v.rule,
        ruleIndex: index.get(v.rule) ?? -1,
        level: v.enforcementLevel === "mandatory" ? "error" : "warning",
        message: { text: v.message },
        locations: [{
            logicalLocations: [{ fullyQualifiedName: v.urn ?? "stack", name: v.urn?.split("::").pop() ?? "stack", kind: "resource" }],
        }],
        properties: { enforcementLevel: v.enforcementLevel, ...(v.severity ? { severity: v.severity } : {}) },
    }));
    return JSON.stringify({
        $schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [{ tool: { driver: { name: "prod-stack-policy-check", version: toolVersion, rules } }, results }],
    }, null, 2) + "\n";
}
