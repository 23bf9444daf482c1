import type { RecordedResource } from "../../../tools/mock-runner/recorded-resource";
import { CheckResult, runPolicies, Violation } from "../../../tools/policy-check/runner";
import { loadPackConfig, PackConfigFile } from "../../../tools/policy-check/config";
import { goodAwsStack } from "../fixtures/good/aws";
import { loadYaml } from "./recorded";

/** The date every test evaluates exemptions against. */
export const TODAY = new Date("2026-06-15T12:00:00Z");

/** A fresh copy of the whole compliant stack (Kubernetes app namespace, Traefik Ingress, AWS data services). */
export function goodStack(): RecordedResource[] {
    return [...loadYaml("good/app-stack.yaml"), ...loadYaml("good/ingress.yaml"), ...goodAwsStack()];
}

export async function check(
    resources: RecordedResource[],
    stack: "dev" | "staging" | "prod" | PackConfigFile = "prod",
): Promise<CheckResult> {
    return runPolicies(resources, { config: typeof stack === "string" ? loadPackConfig(stack) : stack, now: TODAY });
}

export function violationsOf(result: CheckResult, rule: string): Violation[] {
    return result.violations.filter((v) => v.rule === rule);
}

export function describeViolations(vs: Violation[]): string {
    return vs.map((v) => `${v.rule} @ ${v.urn}: ${v.message}`).join("\n");
}

/** Adds a valid exemption for `rule` the way each provider family carries it. */
export function exempt(r: RecordedResource, rule: string, value = "expires=2026-12-31 approver=lead@example.com reason=tracked in OPS-42") {
    if (r.type.startsWith("kubernetes:")) {
        r.inputs.metadata.annotations = { ...(r.inputs.metadata.annotations ?? {}), [`exemptions.policy.prod-stack.io/${rule}`]: value };
    } else {
        r.inputs.tags = { ...(r.inputs.tags ?? {}), [`policy-exemption:${rule}`]: value };
    }
}
