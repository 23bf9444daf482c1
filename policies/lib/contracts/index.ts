/** The whole-stack contracts verifier: one model per stack, each contract a function of it. */
import type { PolicyResource } from "@pulumi/policy";
import type { Finding } from "./finding";
import { buildModel } from "./model";
import { checkConnectivity } from "./connectivity";
import { checkReferences } from "./references";
import { checkSelectors } from "./selectors";

export type { Finding } from "./finding";
export { buildModel } from "./model";
export type { ModelWorkload, StackModel } from "./model";
export { EXTERNAL_REFS_ANNOTATION } from "./references";
export { EXTERNAL_SERVICES_ANNOTATION } from "./data-flows";
export { checkConnectivity, checkReferences, checkSelectors };
export { requiredFlows } from "./flows";

export function verifyContracts(resources: PolicyResource[]): Finding[] {
    const model = buildModel(resources);
    return [...checkReferences(model), ...checkSelectors(model), ...checkConnectivity(model)];
}
