import type { ResourceValidationPolicy } from "@pulumi/policy";
import { resourceRule, ResourceContext, RuleInfo } from "../rule";
import { PodTemplate, podTemplateOf } from "./pod-spec";
import { ofType, POD_BEARING } from "./types";

/** A resource rule over every pod-bearing kind, handed the extracted pod template. */
export function podRule<C = Record<string, never>>(
    info: Omit<RuleInfo, "tags">,
    check: (ctx: ResourceContext<C>, pod: PodTemplate) => void,
): ResourceValidationPolicy {
    return resourceRule<C>({ ...info, tags: ["kubernetes", "pod"] }, ofType(...POD_BEARING), (ctx) => {
        const pod = podTemplateOf(ctx.type, ctx.props);
        if (pod) check(ctx, pod);
    });
}
