import type { ResourceValidationPolicy } from "@pulumi/policy";
import { today } from "../../lib/clock";
import { AWS_EXEMPTION_PREFIX, exemptionsOf, isExpired, K8S_EXEMPTION_PREFIX } from "../../lib/exemptions";

export const EXEMPTION_RULE = "policy-exemption-valid";

/**
 * Flags exemptions that are expired, unparseable, incomplete or name no rule of the pack (a typo would
 * otherwise silently fail to exempt, or worse, look like an exemption in review). Built from the pack's rule
 * names, and deliberately not exemptable itself.
 */
export function exemptionValidity(ruleNames: string[]): ResourceValidationPolicy {
    return {
        name: EXEMPTION_RULE,
        description: `Exemptions (annotation ${K8S_EXEMPTION_PREFIX}<rule>, AWS tag ${AWS_EXEMPTION_PREFIX}<rule>) must read "expires=YYYY-MM-DD approver=<email> reason=<text>", be unexpired and name a rule of this pack.`,
        remediationSteps: "Fix the exemption's format, renew it with a new approval, or remove it and fix the underlying violation.",
        severity: "high",
        tags: ["governance"],
        validateResource: (args, reportViolation) => {
            for (const parsed of exemptionsOf(args.type, args.props)) {
                if (!parsed.ok) reportViolation(`exemption for ${parsed.rule} is invalid: ${parsed.problem}.`, args.urn);
                else if (parsed.exemption.rule === EXEMPTION_RULE) reportViolation(`${EXEMPTION_RULE} cannot be exempted.`, args.urn);
                else if (!ruleNames.includes(parsed.exemption.rule))
                    reportViolation(`exemption names unknown rule ${parsed.exemption.rule}.`, args.urn);
                else if (isExpired(parsed.exemption)) {
                    reportViolation(
                        `exemption for ${parsed.exemption.rule} expired on ${parsed.exemption.expires} (today is ${today()}); approver ${parsed.exemption.approver}.`,
                        args.urn,
                    );
                }
            }
        },
    };
}
