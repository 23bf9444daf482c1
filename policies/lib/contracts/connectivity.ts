/**
 * Contract 3: every required flow is allowed by the NetworkPolicies (source egress AND destination ingress), every
 * service a pod needs runs in the stack (or is declared external), and nothing else between the stack's pods is
 * allowed (default-deny.ts).
 */
import { NetworkModel } from "../network/evaluator";
import { dataFlows, EXTERNAL_SERVICES_ANNOTATION } from "./data-flows";
import { extraAllowedFlows } from "./default-deny";
import type { Finding } from "./finding";
import { podRef, requiredFlows } from "./flows";
import { objectsOfKind, StackModel } from "./model";

export function networkOf(model: StackModel): NetworkModel {
    return new NetworkModel(
        objectsOfKind(model, "Namespace").map((n) => ({ name: n.name, labels: n.props.metadata?.labels ?? {} })),
        objectsOfKind(model, "NetworkPolicy").map((p) => ({ namespace: p.namespace, name: p.name, spec: p.props.spec ?? {} })),
    );
}

export function checkConnectivity(model: StackModel): Finding[] {
    if (!model.complete) return [];
    const net = networkOf(model);
    const findings: Finding[] = [];
    const required = requiredFlows(model);
    for (const f of required) {
        const from = podRef(f.from);
        const targets = "ips" in f.to ? f.to.ips.map((ip) => ({ ip })) : [{ pod: f.to }];
        if (targets.some((to) => net.allowed({ from: { pod: from }, to, port: f.port, protocol: f.protocol }))) continue;
        findings.push({
            contract: "connectivity",
            resource: f.from.resource,
            message: `${f.why}: ${from.name} -> ${f.to.name} :${f.port}/${f.protocol} is denied by the NetworkPolicies. Allow it in the source's egress and the destination's ingress.`,
        });
    }
    for (const m of dataFlows(model).missing)
        findings.push({
            contract: "connectivity",
            resource: m.from.resource,
            message: `${m.why}: ${podRef(m.from).name} needs ${m.service}, but no ${m.service} runs in this stack. Run it here, point the setting at one that does, or declare it external (annotation ${EXTERNAL_SERVICES_ANNOTATION}: "${m.service}").`,
        });
    for (const x of extraAllowedFlows(model, net, required))
        findings.push({
            contract: "connectivity",
            resource: x.from.resource,
            message: `default deny: ${podRef(x.from).name} -> ${podRef(x.to).name} :${x.port}/TCP is allowed by the NetworkPolicies, but nothing in the stack needs it. Narrow the source's egress or the destination's ingress to the flows the stack uses.`,
        });
    return findings;
}
