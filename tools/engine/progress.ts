import type { EngineEvent, PolicyEvent } from "@pulumi/pulumi/automation";

/** A policy finding as the engine reported it. */
export interface Finding {
    policy: string;
    /** "advisory", "mandatory" (the pack's levels; "disabled" rules report nothing). */
    level: string;
    urn?: string;
    message: string;
}

interface PackSummary {
    policyPackName: string;
    policyPackVersion: string;
    passed?: string[];
    failed?: string[];
}

const SYMBOL: Record<string, string> = { create: "+", update: "~", delete: "-", replace: "+-", same: " ", read: ">", refresh: "~" };

/** The name part of a URN (urn:pulumi:stack::project::type::name). */
export function shortName(urn: string): string {
    return urn.slice(urn.lastIndexOf("::") + 2);
}

function finding(e: PolicyEvent): Finding {
    return { policy: e.policyName, level: e.enforcementLevel, urn: e.resourceUrn, message: e.message.trim() };
}

/**
 * Follows the engine's event stream: one line per resource step a person can follow (with elapsed time), engine
 * errors as they come, and the policy findings collected for the summary. Lines go to `log` (stderr by default), so
 * stdout stays free for a JSON result.
 */
export class Progress {
    readonly findings: Finding[] = [];
    readonly errors: string[] = [];
    /** Policy packs the engine ran, name -> version, from its analysis events. */
    readonly policyPacks: Record<string, string> = {};
    /** Names of the rules the packs evaluated (passed or failed) on at least one resource or the stack. */
    readonly rulesEvaluated = new Set<string>();
    private readonly started = Date.now();

    constructor(
        private readonly phase: string,
        private readonly log: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
    ) {}

    private elapsed(): string {
        return `${((Date.now() - this.started) / 1000).toFixed(1).padStart(6)}s`;
    }

    readonly onEvent = (event: EngineEvent): void => {
        // Newer engines report each pack's analysis (passed/failed rule names) in events the SDK's types do not list yet.
        const analysis = event as EngineEvent & { policyAnalyzeSummaryEvent?: PackSummary; policyAnalyzeStackSummaryEvent?: PackSummary };
        for (const s of [analysis.policyAnalyzeSummaryEvent, analysis.policyAnalyzeStackSummaryEvent]) {
            if (!s) continue;
            this.policyPacks[s.policyPackName] = s.policyPackVersion;
            for (const rule of [...(s.passed ?? []), ...(s.failed ?? [])]) this.rulesEvaluated.add(rule);
        }
        const pre = event.resourcePreEvent;
        if (pre && pre.metadata.op !== "same" && pre.metadata.type !== "pulumi:pulumi:Stack") {
            const m = pre.metadata;
            this.log(`${this.elapsed()} ${this.phase} ${(SYMBOL[m.op] ?? m.op).padEnd(2)} ${m.op.padEnd(7)} ${m.type} ${shortName(m.urn)}`);
        }
        const failed = event.resOpFailedEvent;
        if (failed) this.log(`${this.elapsed()} ${this.phase} FAILED ${failed.metadata.type} ${shortName(failed.metadata.urn)}`);
        const diag = event.diagnosticEvent;
        if (diag && diag.severity === "error") {
            const text = diag.message.trim();
            this.errors.push(text);
            this.log(`${this.elapsed()} ${this.phase} error: ${diag.urn ? `${shortName(diag.urn)}: ` : ""}${text}`);
        }
        if (event.policyEvent) this.findings.push(finding(event.policyEvent));
        const summary = event.summaryEvent;
        if (summary) {
            const changes = Object.entries(summary.resourceChanges ?? {})
                .map(([op, n]) => `${op} ${n}`)
                .join(", ");
            this.log(`${this.elapsed()} ${this.phase} done in ${summary.durationSeconds}s: ${changes || "no resources"}`);
        }
    };

    mandatory(): Finding[] {
        return this.findings.filter((f) => f.level === "mandatory");
    }

    /** The findings as a person reads them: mandatory first, one line each. */
    report(): string[] {
        const order = (f: Finding) => (f.level === "mandatory" ? 0 : 1);
        return [...this.findings]
            .sort((a, b) => order(a) - order(b) || a.policy.localeCompare(b.policy))
            .map((f) => `  [${f.level}] ${f.policy}${f.urn ? ` (${shortName(f.urn)})` : ""}: ${f.message.split("\n")[0]}`);
    }
}
