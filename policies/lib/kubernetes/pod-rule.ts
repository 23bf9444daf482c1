import type { ResourceValidationPolicy } from "@pulumi/policy";
import { resourceRule, ResourceContext, RuleInfo } from "../rule";
import { containerLabel, containersOf, PodTemplate, podTemplateOf } from "./pod-spec";
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

/**
 * A pod rule checking each container (init containers included) on its own: `findings` returns what is wrong with one
 * container, phrased to follow its label (`container "api" is privileged.`).
 */
export function containerRule<C = Record<string, never>>(
    info: Omit<RuleInfo, "tags">,
    findings: (container: Record<string, any>, pod: PodTemplate, config: C) => string[],
): ResourceValidationPolicy {
    return podRule<C>(info, (ctx, pod) => {
        for (const ref of containersOf(pod.spec)) {
            for (const finding of findings(ref.container, pod, ctx.config)) ctx.report(`${containerLabel(ref)} ${finding}`);
        }
    });
}
