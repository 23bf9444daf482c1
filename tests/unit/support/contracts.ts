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
const MIGRATION_TO_SERVER: KnownDefect = {
    rule: CONTRACT_RULES.connectivity,
    match: /^connect DATABASE_URL \(Secret \S+-admin key url\) .*: Job \S+-migrate -> (StatefulSet|spilo) \S+ :5432\/TCP is denied/,
    why: "migration Job -> database server denied by the server's ingress (new, reported by V3)",
};
const MIGRATION_TO_CACHE: KnownDefect = {
    rule: CONTRACT_RULES.connectivity,
    match: /^connect REDIS_URL .*: Job \S+-migrate -> (StatefulSet|Deployment) \S+ :6379\/TCP is denied/,
    why: "migration Job -> Redis (or its proxy) denied: the cache ingress admits component=app only (new, reported by V3)",
};
/**
 * Over-permission found by default deny (V3): restore drills run against their own scratch server on 127.0.0.1, yet
 * they carry the `prod-stack.io/backup-of` label that the backup egress policy and the server's ingress admit, so a
 * verification pod can reach the production database on 5432.
 */
const VERIFY_REACHES_SERVER: KnownDefect = {
    rule: CONTRACT_RULES.connectivity,
    match: /^default deny: CronJob \S+-verify-\S+ -> (StatefulSet|spilo) \S+ :5432\/TCP is allowed/,
    why: "restore-verification pods may reach the production server (new, reported by V3)",
};
const IN_CLUSTER_DATA = [MIGRATION_TO_SERVER, MIGRATION_TO_CACHE, VERIFY_REACHES_SERVER];

/**
 * Expected findings per target while a fix is in flight: each entry names its defect. Every defect issue #12's review
 * found and the references/selectors contracts found on top is fixed or declared; what is left are the connectivity
 * defects above (components/database and components/cache NetworkPolicies). The all-stacks test fails on an entry
 * that no longer matches anything, so the list cannot go stale.
 */
export const KNOWN_DEFECTS: Record<string, KnownDefect[]> = {
    dev: IN_CLUSTER_DATA,
    "examples/sei-platform.yaml": IN_CLUSTER_DATA,
    "examples/third-eye.yaml": IN_CLUSTER_DATA,
};

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
