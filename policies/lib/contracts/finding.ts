import type { PolicyResource } from "@pulumi/policy";

/** One broken contract: the resource it is reported on and a message that names the missing piece and the fix. */
export interface Finding {
    contract: "references" | "selectors" | "connectivity";
    resource: PolicyResource;
    message: string;
}
