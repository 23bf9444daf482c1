/**
 * Required flows derived from the stack (contract 3): every pod -> kube-dns :53 UDP and TCP; the stack's
 * Prometheus -> every port a ServiceMonitor/PodMonitor scrapes; the gateway's Envoy proxies -> the pods of every
 * Service an HTTPRoute routes to; and the flows to data and secrets services (data-flows.ts).
 */
import { selects } from "../kubernetes/objects";
import type { PodRef } from "../network/evaluator";
import { dataFlows } from "./data-flows";
import { objectsOfKind, StackModel } from "./model";
import { podRef, RequiredFlow, resolvePort } from "./required-flow";

export type { AddressRef, RequiredFlow } from "./required-flow";
export { podRef } from "./required-flow";

/** kube-dns as every distribution labels it (kube-system, `k8s-app: kube-dns`). */
export const KUBE_DNS: PodRef = { namespace: "kube-system", labels: { "k8s-app": "kube-dns" }, name: "kube-dns" };

export function requiredFlows(model: StackModel): RequiredFlow[] {
    const flows: RequiredFlow[] = [];
    for (const w of model.workloads.filter((x) => x.origin === "declared"))
        for (const protocol of ["UDP", "TCP"] as const) flows.push({ from: w, to: KUBE_DNS, port: 53, protocol, why: "DNS" });

    const services = objectsOfKind(model, "Service");
    const podsOf = (ns: string, selector: Record<string, string> | undefined) =>
        selector && Object.keys(selector).length > 0
            ? model.workloads.filter((w) => w.namespace === ns && selects({ matchLabels: selector }, w.podLabels))
            : [];

    const prometheus = model.workloads.find((w) => w.kind === "prometheus");
    if (prometheus) {
        for (const m of objectsOfKind(model, "ServiceMonitor")) {
            const nsOk = (ns: string) => (m.props.spec?.namespaceSelector?.matchNames ?? [m.namespace]).includes(ns);
            for (const s of services.filter(
                (x) => nsOk(x.namespace) && selects(m.props.spec?.selector ?? {}, x.props.metadata?.labels ?? {}),
            ))
                for (const e of m.props.spec?.endpoints ?? []) {
                    const sp = (s.props.spec?.ports ?? []).find((p: any) => p.name === e.port || p.port === e.port);
                    for (const pod of podsOf(s.namespace, s.props.spec?.selector)) {
                        const port = resolvePort(sp?.targetPort ?? sp?.port, pod);
                        if (port !== undefined)
                            flows.push({ from: prometheus, to: podRef(pod), port, protocol: "TCP", why: `scrape ${m.kind} ${m.name}` });
                    }
                }
        }
        for (const m of objectsOfKind(model, "PodMonitor")) {
            const nsOk = (ns: string) => (m.props.spec?.namespaceSelector?.matchNames ?? [m.namespace]).includes(ns);
            for (const pod of model.workloads.filter((w) => nsOk(w.namespace) && selects(m.props.spec?.selector ?? {}, w.podLabels)))
                for (const e of m.props.spec?.podMetricsEndpoints ?? []) {
                    const port = resolvePort(e.port ?? e.targetPort, pod);
                    if (port !== undefined)
                        flows.push({ from: prometheus, to: podRef(pod), port, protocol: "TCP", why: `scrape ${m.kind} ${m.name}` });
                }
        }
    }

    const envoy = model.workloads.find((w) => w.kind === "envoy-proxy");
    if (envoy) {
        for (const r of objectsOfKind(model, "HTTPRoute"))
            for (const rule of r.props.spec?.rules ?? [])
                for (const b of rule.backendRefs ?? []) {
                    const s = services.find((x) => x.name === b.name && x.namespace === (b.namespace ?? r.namespace));
                    const sp = (s?.props.spec?.ports ?? []).find((p: any) => p.port === b.port) ?? s?.props.spec?.ports?.[0];
                    for (const pod of s ? podsOf(s.namespace, s.props.spec?.selector) : []) {
                        const port = resolvePort(sp?.targetPort ?? sp?.port, pod);
                        if (port !== undefined) flows.push({ from: envoy, to: podRef(pod), port, protocol: "TCP", why: `route ${r.name}` });
                    }
                }
    }
    return [...flows, ...dataFlows(model).flows];
}
