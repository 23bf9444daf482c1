import type { PolicyResource } from "@pulumi/policy";
import { known, UNKNOWN } from "../preview";

/** URN of the resource's parent, from the URN's type chain when options do not carry it. */
function parentUrn(r: PolicyResource): string | undefined {
    return r.opts.parent ?? r.parent?.urn;
}

export type JoinResult = "match" | "no-match" | "unknown";

/**
 * Whether `dependent` (a bucket policy, a parameter-group reference, a rule…) refers to `target` through the
 * property `prop`. Tried in order of certainty:
 *  1. the engine's propertyDependencies for `prop` list the target;
 *  2. the value equals one of the target's identifying outputs (`id`, `arn`, or the explicit physical name);
 *  3. the dependent is a child of the target, or a sibling whose logical name extends the target's
 *     (`backups` → `backups-versioning`), which is how components name per-resource children.
 * When the value is unknown (preview) or absent (mocks record unknowns as undefined) and no structural link
 * exists, the answer is "unknown" so callers never report a violation they cannot prove.
 */
export function refersTo(dependent: PolicyResource, prop: string, target: PolicyResource, nameProps: string[]): JoinResult {
    if ((dependent.propertyDependencies?.[prop] ?? []).some((d) => d.urn === target.urn)) return "match";
    const parent = parentUrn(dependent);
    if (parent === target.urn) return "match";
    if (parent !== undefined && parent === parentUrn(target) && dependent.name.startsWith(`${target.name}-`)) return "match";
    const value = known(() => dependent.props[prop]);
    if (value === UNKNOWN || value === undefined) return "unknown";
    const identities = ["id", "arn", ...nameProps]
        .map((key) => known(() => target.props[key]))
        .filter((v) => v !== UNKNOWN && v !== undefined);
    if (identities.includes(value)) return "match";
    // Without a known identity of the target (mocks record inputs only) a known value proves nothing either way.
    return identities.length > 0 ? "no-match" : "unknown";
}

/**
 * Dependents of `target` among `candidates`; `undetermined` is true when some candidate could not be
 * attributed (its reference is unknown), in which case a missing dependent is not a provable violation.
 */
export function dependentsOf(target: PolicyResource, candidates: PolicyResource[], prop: string, nameProps: string[]) {
    const matches: PolicyResource[] = [];
    let undetermined = false;
    for (const c of candidates) {
        const j = refersTo(c, prop, target, nameProps);
        if (j === "match") matches.push(c);
        else if (j === "unknown") undetermined = true;
    }
    return { matches, undetermined };
}
