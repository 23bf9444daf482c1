/**
 * The unit helper every stack and example test can call: the whole-stack contracts verifier over a recorded stack,
 * with the findings that are known defects (being fixed by other work) set apart.
 */
import { verifyContracts } from "../../../policies/lib/contracts";
import { RecordedResource } from "../../../tools/mock-runner/recorded-resource";
import { stackResources } from "../../../tools/policy-check/policy-args";

/** Contract -> the pack rule that reports it. */
export const CONTRACT_RULES = {
    references: "stack-references-resolve",
    selectors: "stack-selectors-select",
    connectivity: "stack-connectivity",
} as const;

export interface KnownDefect {
    rule: string;
    /** Matches the finding's message. */
    match: RegExp;
    why: string;
}

/**
 * Found by the connectivity contract (V3) on every in-cluster database (plain StatefulSet, Spilo) and cache: the
 * migration Job connects with the admin URL straight to the server and gets REDIS_URL, but the server's ingress admits
 * only PgBouncer, the backup jobs and Prometheus, and the cache's (or its proxy's) ingress only `component: app` pods,
 * so the Job that gates every Deployment cannot connect. RDS / ElastiCache stacks pass (their egress goes to the VPC).
 */
/**
 * Expected findings per target while a fix is in flight: each entry names its defect. Empty: every defect issue #12's
 * review found, and what these contracts found on top (the backups' S3 credentials Secret, the SQLite jobs' replica
 * claims, migration Jobs denied by the database and cache ingress, restore drills allowed to reach the production
 * server), is fixed or declared. The all-stacks test fails on an entry that no longer matches anything.
 */
export const KNOWN_DEFECTS: Record<string, KnownDefect[]> = {};

export interface ContractFinding {
    rule: string;
    urn: string;
    message: string;
}

export function contractFindings(recorded: RecordedResource[]): ContractFinding[] {
    return verifyContracts(stackResources(recorded)).map((f) => ({
        rule: CONTRACT_RULES[f.contract],
        urn: f.resource.urn,
        message: f.message,
    }));
}

export function isKnownDefect(target: string, rule: string, message: string): boolean {
    return (KNOWN_DEFECTS[target] ?? []).some((d) => d.rule === rule && d.match.test(message));
}

/** The findings of a target that are not known defects, and the known-defect entries that matched nothing. */
export function unexpectedContractFindings(target: string, recorded: RecordedResource[]): { unexpected: string[]; stale: string[] } {
    const found = contractFindings(recorded);
    return {
        unexpected: found.filter((f) => !isKnownDefect(target, f.rule, f.message)).map((f) => `${f.rule} @ ${f.urn}: ${f.message}`),
        stale: (KNOWN_DEFECTS[target] ?? [])
            .filter((d) => !found.some((f) => f.rule === d.rule && d.match.test(f.message)))
            .map((d) => `${d.why} (${d.match})`),
    };
}
