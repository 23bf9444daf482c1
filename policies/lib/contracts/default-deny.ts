/**
 * Contract 3, the other half: default deny holds. Among the stack's own pods (declared workloads and the pods its
 * operators create) in the namespaces where it runs workloads, every pod -> pod flow on a destination container
 * port that the NetworkPolicies allow must be a required flow (flows.ts) or a call between two app services (the
 * app policies admit exactly the callers that config's `uses.services` names). Anything else is an over-permission,
 * reported once per (source workload, destination workload, port).
 */
import type { NetworkModel } from "../network/evaluator";
import { podRef, RequiredFlow } from "./required-flow";
import type { ModelWorkload, StackModel } from "./model";

export interface ExtraFlow {
    from: ModelWorkload;
    to: ModelWorkload;
    port: number;
}

const APP = (w: ModelWorkload) => w.podLabels["app.kubernetes.io/component"] === "app";

function flowKey(fromUrn: string, toName: string | undefined, port: number): string {
    return `${fromUrn}|${toName ?? "?"}|${port}`;
}

export function extraAllowedFlows(model: StackModel, net: NetworkModel, required: RequiredFlow[]): ExtraFlow[] {
    const needed = new Set(required.filter((f) => !("ips" in f.to)).map((f) => flowKey(f.from.resource.urn, f.to.name, f.port)));
    const namespaces = new Set(model.workloads.filter((w) => w.origin === "declared").map((w) => w.namespace));
    const pods = model.workloads.filter((w) => w.origin !== "chart" && namespaces.has(w.namespace));
    const seen = new Set<string>();
    const extra: ExtraFlow[] = [];
    for (const from of pods.filter((w) => w.origin === "declared"))
        for (const to of pods) {
            if (to === from || (APP(from) && APP(to))) continue;
            const target = podRef(to);
            for (const port of new Set(to.ports)) {
                const key = flowKey(from.resource.urn, target.name, port);
                if (needed.has(key) || seen.has(key)) continue;
                if (!net.allowed({ from: { pod: podRef(from) }, to: { pod: target }, port, protocol: "TCP" })) continue;
                seen.add(key);
                extra.push({ from, to, port });
            }
        }
    return extra;
}
