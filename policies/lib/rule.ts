import type {
    PolicyConfigSchema,
    PolicyResource,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    Severity,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import { readConfig } from "./config";
import { isExempt } from "./exemptions";

/** What every rule declares; `remediationSteps` is shown to the engineer next to the violation. */
export interface RuleInfo {
    name: string;
    description: string;
    remediationSteps: string;
    severity: Severity;
    /** Resource family, used for grouping in reports. */
    tags: string[];
    configSchema?: PolicyConfigSchema;
}

export interface ResourceContext<C> {
    type: string;
    name: string;
    urn: string;
    props: Record<string, any>;
    config: C;
    args: ResourceValidationArgs;
    report(message: string): void;
}

export interface StackContext<C> {
    resources: PolicyResource[];
    config: C;
    args: StackValidationArgs;
    report(resource: PolicyResource, message: string): void;
}

function configOf<C>(info: RuleInfo, getConfig: () => object): C {
    return info.configSchema ? readConfig<C>(info.configSchema, getConfig) : ({} as C);
}

/**
 * Builds a resource policy. Type filtering happens here (rules never see other types) and so does exemption
 * handling, so no rule can forget either. `policy-exemption-valid` reports bad exemptions separately.
 */
export function resourceRule<C = Record<string, never>>(
    info: RuleInfo,
    appliesTo: (type: string) => boolean,
    check: (ctx: ResourceContext<C>) => void,
): ResourceValidationPolicy {
    return {
        ...info,
        validateResource: (args, reportViolation) => {
            if (!appliesTo(args.type) || isExempt(info.name, args.type, args.props)) return;
            check({
                type: args.type,
                name: args.name,
                urn: args.urn,
                props: args.props,
                config: configOf<C>(info, args.getConfig),
                args,
                report: (message) => reportViolation(message, args.urn),
            });
        },
    };
}

/** Builds a stack policy whose violations name a resource; that resource's exemptions apply. */
export function stackRule<C = Record<string, never>>(info: RuleInfo, check: (ctx: StackContext<C>) => void): StackValidationPolicy {
    return {
        ...info,
        validateStack: (args, reportViolation) => {
            check({
                resources: args.resources,
                config: configOf<C>(info, args.getConfig),
                args,
                report: (resource, message) => {
                    if (!isExempt(info.name, resource.type, resource.props)) reportViolation(message, resource.urn);
                },
            });
        },
    };
}
