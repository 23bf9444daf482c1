import type {
    EnforcementLevel,
    Policies,
    Policy,
    ReportViolation,
    ResourceValidationArgs,
    Severity,
    StackValidationArgs,
} from "@pulumi/policy";
import type { RecordedResource } from "../mock-runner/recorded-resource";
import { allRules } from "../../policies/rules";
import { withClock } from "../../policies/lib/clock";
import { isUnknownValueError } from "../../policies/lib/preview";
import { PackConfigFile, resolvePackConfig } from "./config";
import { serverOpts, serverProps, stackResources, typeCheckers } from "./policy-args";

export interface Violation {
    rule: string;
    severity?: Severity;
    enforcementLevel: EnforcementLevel;
    message: string;
    urn?: string;
}

export interface NotApplicable {
    rule: string;
    urn?: string;
    reason?: string;
}

export interface CheckResult {
    violations: Violation[];
    notApplicable: NotApplicable[];
    /** The policies that ran, for formatters that describe rules (SARIF). */
    policies: Policy[];
}

export interface CheckOptions {
    config: PackConfigFile;
    stackTags?: Record<string, string>;
    /** Date exemptions are checked against (default: now). */
    now?: Date;
    /** Defaults to the whole pack. */
    policies?: Policies;
}

class NotApplicableError extends Error {
    constructor(readonly reason?: string) {
        super(reason ?? "Policy does not apply");
    }
}
const notApplicable = (reason?: string): never => {
    throw new NotApplicableError(reason);
};

function freezeTags(tags: Record<string, string>): ReadonlyMap<string, string> {
    return new Map(Object.entries(tags));
}

/**
 * Runs the pack in-process with arguments shaped as @pulumi/policy's analyzer server shapes them
 * (unknownCheckingProxy props, notApplicable, getConfig without enforcementLevel, stackTags, opts), and
 * with the same treatment of exceptions: an unknown value turns into an advisory "can't run during preview"
 * diagnostic, notApplicable is recorded, anything else is a crash of the check.
 */
export async function runPolicies(resources: RecordedResource[], options: CheckOptions): Promise<CheckResult> {
    const policies = options.policies ?? allRules;
    const config = resolvePackConfig(options.config, policies);
    const stackTags = freezeTags(options.stackTags ?? {});
    const violations: Violation[] = [];
    const skipped: NotApplicable[] = [];

    const run = async (policy: Policy, urn: string | undefined, fn: (report: ReportViolation, level: EnforcementLevel) => unknown) => {
        const resolved = config.get(policy.name)!;
        const level: EnforcementLevel = resolved.enforcementLevel === "remediate" ? "mandatory" : resolved.enforcementLevel;
        const report: ReportViolation = (message, at) =>
            violations.push({ rule: policy.name, severity: policy.severity, enforcementLevel: level, message, urn: at ?? urn });
        try {
            await fn(report, level);
        } catch (e) {
            if (e instanceof NotApplicableError) skipped.push({ rule: policy.name, urn, reason: e.reason });
            else if (isUnknownValueError(e)) {
                violations.push({
                    rule: policy.name,
                    severity: policy.severity,
                    enforcementLevel: "advisory",
                    urn,
                    message: `can't run policy '${policy.name}' during preview: ${(e as Error).message}`,
                });
            } else throw new Error(`policy ${policy.name} crashed${urn ? ` on ${urn}` : ""}: ${(e as Error).stack ?? e}`, { cause: e });
        }
    };

    const check = async () => {
        for (const policy of policies) {
            const resolved = config.get(policy.name)!;
            if (resolved.enforcementLevel === "disabled") continue;
            const getConfig = <T extends object>() => ({ ...resolved.properties }) as T;
            if ("validateResource" in policy && policy.validateResource) {
                const validations = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
                for (const r of resources) {
                    for (const validate of validations) {
                        await run(policy, r.urn, (report) => {
                            // A fresh copy per policy as the server makes, but only for the policies that read it
                            // (most return on the type): copying every resource for every rule was half the suite.
                            let copy: Record<string, any> | undefined;
                            const props = () => (copy ??= serverProps(r.inputs));
                            const { matches } = typeCheckers(r.type);
                            const args: ResourceValidationArgs = {
                                type: r.type,
                                get props() {
                                    return props();
                                },
                                urn: r.urn,
                                name: r.name,
                                opts: serverOpts(r),
                                stackTags,
                                isType: (cls) => matches(cls),
                                asType: ((cls: any) => (matches(cls) ? props() : undefined)) as ResourceValidationArgs["asType"],
                                getConfig,
                                notApplicable,
                            };
                            return validate(args, report);
                        });
                    }
                }
            }
            if ("validateStack" in policy && policy.validateStack) {
                const validateStack = policy.validateStack;
                await run(policy, undefined, (report) => {
                    const args: StackValidationArgs = { resources: stackResources(resources), stackTags, getConfig, notApplicable };
                    return validateStack(args, report);
                });
            }
        }
    };
    await withClock(options.now ?? new Date(), check);
    return { violations, notApplicable: skipped, policies };
}

export function groupByRule(violations: Violation[]): Map<string, Violation[]> {
    const out = new Map<string, Violation[]>();
    for (const v of violations) out.set(v.rule, [...(out.get(v.rule) ?? []), v]);
    return out;
}

/** 1 when any mandatory violation exists (the engine would block the update), else 0. */
export function exitCodeOf(result: CheckResult): number {
    return result.violations.some((v) => v.enforcementLevel === "mandatory") ? 1 : 0;
}
