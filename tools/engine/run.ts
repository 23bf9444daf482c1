import { defaultPolicyConfig, writePolicyLauncher } from "./policy";
import { type Finding, Progress } from "./progress";
import type { EngineOptions, EngineStack } from "./workspace";

export const ACTIONS = ["preview", "up", "destroy", "refresh"] as const;
export type Action = (typeof ACTIONS)[number];

/** What one command did, as `--json` prints it. */
export interface RunResult {
    action: Action;
    stack: string;
    ok: boolean;
    /** True when `up` stopped at its pre-flight preview: nothing was changed. */
    blocked: boolean;
    /** Resource change counts by operation, without the unchanged ("same") entry. */
    changes: Record<string, number>;
    unchanged: number;
    findings: Finding[];
    /** The policy packs the engine ran (name -> version): proof the pack was loaded, not just configured. */
    policyPacks: Record<string, string>;
    /** How many of the packs' rules ran (passed or failed somewhere). */
    rulesEvaluated: number;
    errors: string[];
    outputs?: Record<string, unknown>;
}

function counts(summary: Record<string, number> | undefined): { changes: Record<string, number>; unchanged: number } {
    const entries = Object.entries(summary ?? {});
    return {
        changes: Object.fromEntries(entries.filter(([op, n]) => op !== "same" && n > 0)),
        unchanged: summary?.same ?? 0,
    };
}

function failure(e: unknown): string {
    // A CommandError's message carries the CLI's whole stderr; the events already showed the useful part.
    const text = e instanceof Error ? e.message : String(e);
    const lines = text.split("\n").filter((l) => l.trim() !== "");
    return lines.slice(-12).join("\n");
}

/** The pack flags of one engine command: the launcher (for a preview or an update) and the stack's policy config. */
function packArgs(es: EngineStack, opts: EngineOptions, dryRun: boolean): { policyPacks: string[]; policyPackConfigs: string[] } {
    return {
        policyPacks: [writePolicyLauncher(es.workDir, { project: es.project, stack: opts.stack, dryRun })],
        policyPackConfigs: [opts.policyConfig ?? defaultPolicyConfig(opts.stack)],
    };
}

/** A command's result from what its events reported, its change summary and the errors it threw. */
function resultOf(
    action: Action,
    opts: EngineOptions,
    progress: Progress,
    summary: Record<string, number> | undefined,
    errors: string[],
): RunResult {
    return {
        action,
        stack: opts.stack,
        ok: errors.length === 0 && progress.mandatory().length === 0,
        blocked: false,
        ...counts(summary),
        findings: progress.findings,
        policyPacks: progress.policyPacks,
        rulesEvaluated: progress.rulesEvaluated.size,
        errors: [...progress.errors, ...errors],
    };
}

async function preview(es: EngineStack, opts: EngineOptions, phase: string): Promise<RunResult> {
    const progress = new Progress(phase);
    const withPack = !(opts.noPolicy && phase === "preview");
    const pack = withPack ? packArgs(es, opts, true) : { policyPacks: [], policyPackConfigs: [] };
    let summary: Record<string, number> | undefined;
    const errors: string[] = [];
    try {
        const r = await es.stack.preview({ ...pack, onEvent: progress.onEvent, color: "never" });
        summary = r.changeSummary as Record<string, number>;
    } catch (e) {
        errors.push(failure(e));
    }
    return resultOf("preview", opts, progress, summary, errors);
}

/**
 * `up` never half-deploys: the Automation API's up runs with --skip-preview, so a mandatory policy violation would
 * only surface once resources are already being created. A preview with the same pack runs first, and any mandatory
 * finding or error there stops the command before the engine changes anything.
 */
async function up(es: EngineStack, opts: EngineOptions): Promise<RunResult> {
    const check = await preview(es, opts, "preflight");
    if (!check.ok) return { ...check, action: "up", blocked: true };
    const progress = new Progress("up");
    const errors: string[] = [];
    let summary: Record<string, number> | undefined;
    let outputs: Record<string, unknown> | undefined;
    try {
        const r = await es.stack.up({ ...packArgs(es, opts, false), onEvent: progress.onEvent, color: "never" });
        summary = r.summary.resourceChanges as Record<string, number> | undefined;
        outputs = Object.fromEntries(Object.entries(r.outputs).map(([k, v]) => [k, v.secret ? "[secret]" : v.value]));
    } catch (e) {
        errors.push(failure(e));
    }
    return { ...resultOf("up", opts, progress, summary, errors), outputs };
}

async function lifecycle(es: EngineStack, opts: EngineOptions, action: "destroy" | "refresh"): Promise<RunResult> {
    const progress = new Progress(action);
    const errors: string[] = [];
    let summary: Record<string, number> | undefined;
    try {
        const r =
            action === "destroy"
                ? await es.stack.destroy({ onEvent: progress.onEvent, color: "never" })
                : await es.stack.refresh({ onEvent: progress.onEvent, color: "never" });
        summary = r.summary.resourceChanges as Record<string, number> | undefined;
    } catch (e) {
        errors.push(failure(e));
    }
    return resultOf(action, opts, progress, summary, errors);
}

export function runAction(action: Action, es: EngineStack, opts: EngineOptions): Promise<RunResult> {
    switch (action) {
        case "preview":
            return preview(es, opts, "preview");
        case "up":
            return up(es, opts);
        case "destroy":
        case "refresh":
            return lifecycle(es, opts, action);
    }
}
