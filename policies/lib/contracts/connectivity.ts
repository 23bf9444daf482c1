/** Contract 3 (partial): every required flow is allowed by the NetworkPolicies (source egress AND destination ingress). */
import { NetworkModel } from "../network/evaluator";
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
    for (const f of requiredFlows(model)) {
        const from = podRef(f.from);
        if (net.allowed({ from: { pod: from }, to: { pod: f.to }, port: f.port, protocol: f.protocol })) continue;
        findings.push({
            contract: "connectivity",
            resource: f.from.resource,
            message: `${f.why}: ${from.name} -> ${f.to.name} :${f.port}/${f.protocol} is denied by the NetworkPolicies. Allow it in the source's egress and the destination's ingress.`,
        });
    }
    return findings;
}
