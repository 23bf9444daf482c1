import type { PolicyResource } from "@pulumi/policy";
import { known, Maybe } from "../../preview";

/** One broken controller contract: the resource the engineer must change and a message ending in a `fix:` line. */
export interface Finding {
    resource: PolicyResource;
    message: string;
}

/** A contract over all resources of one stack. */
export type Contract = (resources: PolicyResource[]) => Finding[];

/**
 * A plain copy of what `read` returns, or UNKNOWN when any value inside is not known yet (preview). Contracts copy
 * the part of a resource they reason about, so one unknown leaves that resource undecided instead of aborting the
 * whole stack check.
 */
export function plain<T>(read: () => T): Maybe<T> {
    return known(() => {
        const value = read();
        return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
    });
}
