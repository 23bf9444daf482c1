import { createHash } from "crypto";
import type { Severity } from "@pulumi/policy";
import { ReportContext, shortResourceName } from "../report-context";
import { CheckResult } from "../runner";

/** GitHub code scanning ranks results by this property (0-10). */
const SECURITY_SEVERITY: Record<Severity, string> = { low: "3.0", medium: "5.5", high: "8.0", critical: "9.5" };
/** GitHub truncates longer rule descriptions (and refuses some fields past it). */
const MAX_DESCRIPTION = 1024;
const FALLBACK_ARTIFACT = "Pulumi.yaml";

const clip = (text: string) => (text.length > MAX_DESCRIPTION ? `${text.slice(0, MAX_DESCRIPTION - 1)}…` : text);

/** Stable across runs for the same finding, so GitHub tracks one alert instead of opening a new one per upload. */
function fingerprint(rule: string, urn: string | undefined, message: string): string {
    return createHash("sha256")
        .update(`${rule}\u0000${urn ?? "(stack)"}\u0000${message}`)
        .digest("hex");
}

/** `k8s-image-pinned` -> `K8sImagePinned`: GitHub shows `name` as the rule's title. */
function ruleName(id: string): string {
    return id
        .split("-")
        .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
        .join("");
}

/**
 * SARIF 2.1.0 as GitHub code scanning accepts it: each result at a physical location (the stack file, at the line of
 * the config key that produced the resource, else line 1) with the resource's URN as its logical location, and
 * partialFingerprints; mandatory violations are `error`, advisory ones `warning`.
 */
export function formatSarif(result: CheckResult, context: ReportContext = {}, toolVersion = "0.1.0"): string {
    const base = context.sourceBaseUri;
    const rules = result.policies.map((p) => {
        const source = context.ruleSource?.(p.name);
        const helpUri = base ? `${base}/${source ?? "policies/rules/index.ts"}` : undefined;
        return {
            id: p.name,
            name: ruleName(p.name),
            shortDescription: { text: clip(p.description) },
            fullDescription: { text: clip(p.description) },
            help: {
                text: p.remediationSteps ?? p.description,
                markdown: `${p.description}\n\n**Fix:** ${p.remediationSteps ?? "see the rule's source."}`,
            },
            ...(helpUri ? { helpUri } : {}),
            properties: {
                tags: ((p as { tags?: string[] }).tags ?? []).slice(0, 20),
                ...(p.severity ? { "security-severity": SECURITY_SEVERITY[p.severity], severity: p.severity } : {}),
            },
        };
    });
    const index = new Map(rules.map((r, i) => [r.id, i]));
    const artifact = context.stackFile ?? FALLBACK_ARTIFACT;
    const results = result.violations.map((v) => {
        const where = context.locate?.(v.urn) ?? { line: 1 };
        return {
            ruleId: v.rule,
            ...(index.has(v.rule) ? { ruleIndex: index.get(v.rule)! } : {}),
            level: v.enforcementLevel === "mandatory" ? "error" : "warning",
            message: { text: v.message },
            locations: [
                {
                    physicalLocation: { artifactLocation: { uri: artifact }, region: { startLine: Math.max(1, where.line) } },
                    logicalLocations: [
                        { fullyQualifiedName: v.urn ?? "stack", name: v.urn ? shortResourceName(v.urn) : "stack", kind: "resource" },
                    ],
                },
            ],
            partialFingerprints: { "policyFinding/v1": fingerprint(v.rule, v.urn, v.message) },
            properties: {
                enforcementLevel: v.enforcementLevel,
                ...(v.severity ? { severity: v.severity } : {}),
                ...(where.key ? { configKey: where.key } : {}),
            },
        };
    });
    return (
        JSON.stringify(
            {
                $schema: "https://json.schemastore.org/sarif-2.1.0.json",
                version: "2.1.0",
                runs: [
                    {
                        tool: {
                            driver: {
                                name: "prod-stack-policy-check",
                                version: toolVersion,
                                semanticVersion: toolVersion,
                                ...(base ? { informationUri: `${base}/README.md` } : {}),
                                rules,
                            },
                        },
                        ...(context.stackFile ? { artifacts: [{ location: { uri: artifact } }] } : {}),
                        results,
                    },
                ],
            },
            null,
            2,
        ) + "\n"
    );
}
