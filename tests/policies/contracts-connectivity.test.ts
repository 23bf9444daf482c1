import * as assert from "assert";
import { buildModel } from "../../policies/lib/contracts/model";
import { checkConnectivity } from "../../policies/lib/contracts/connectivity";
import { requiredFlows } from "../../policies/lib/contracts/flows";
import { K } from "../../policies/lib/kubernetes/types";
import { stackResources } from "../../tools/policy-check/policy-args";
import { recorded } from "./support/recorded";
import { contractStack, named } from "./support/contracts-fixtures";

const DNS_EGRESS = {
    to: [
        {
            namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
            podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
        },
    ],
    ports: [
        { protocol: "UDP", port: 53 },
        { protocol: "TCP", port: 53 },
    ],
};

function stack() {
    const s = contractStack();
    s.push(recorded(K.HelmChartV4, "eg", { chart: "oci://docker.io/envoyproxy/gateway-helm", namespace: "envoy-gateway-system" }));
    named(s, "svc").spec.ports[0].name = "http";
    named(s, "np").spec = {
        podSelector: {},
        policyTypes: ["Ingress", "Egress"],
        egress: [structuredClone(DNS_EGRESS)],
        ingress: [
            {
                from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "envoy-gateway-system" } } }],
                ports: [{ port: 8080 }],
            },
            { from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } } }], ports: [{ port: "http" }] },
        ],
    };
    return s;
}
const model = (s: ReturnType<typeof stack>) => buildModel(stackResources(s));

describe("contract: connectivity (required flows allowed)", () => {
    it("derives DNS (UDP+TCP), Prometheus -> scraped port and gateway -> routed pods", () => {
        const flows = requiredFlows(model(stack())).map((f) => `${f.why} ${f.from.kind} -> ${f.to.name}:${f.port}/${f.protocol}`);
        assert.deepStrictEqual(flows.sort(), [
            "DNS Deployment -> kube-dns:53/TCP",
            "DNS Deployment -> kube-dns:53/UDP",
            "route api envoy-proxy -> Deployment app/api:8080/TCP",
            "scrape ServiceMonitor api prometheus -> Deployment app/api:8080/TCP",
        ]);
    });

    it("passes when the policies allow every required flow", () => {
        assert.deepStrictEqual(checkConnectivity(model(stack())), []);
    });

    it("flags DNS over TCP when egress allows only UDP", () => {
        const s = stack();
        named(s, "np").spec.egress[0].ports = [{ protocol: "UDP", port: 53 }];
        assert.deepStrictEqual(
            checkConnectivity(model(s)).map((f) => f.message),
            [
                "DNS: Deployment app/api -> kube-dns :53/TCP is denied by the NetworkPolicies. Allow it in the source's egress and the destination's ingress.",
            ],
        );
    });

    it("flags the gateway's flow when ingress admits the gateway namespace on another port", () => {
        const s = stack();
        named(s, "np").spec.ingress[0].ports = [{ port: 9090 }];
        assert.match(
            checkConnectivity(model(s))
                .map((f) => f.message)
                .join("\n"),
            /route api: envoy-proxy .* -> Deployment app\/api :8080\/TCP is denied/,
        );
    });

    it("flags the scrape when ingress from the monitoring namespace is missing", () => {
        const s = stack();
        named(s, "np").spec.ingress.pop();
        assert.match(
            checkConnectivity(model(s))
                .map((f) => f.message)
                .join("\n"),
            /scrape ServiceMonitor api: prometheus .* -> Deployment app\/api :8080\/TCP is denied/,
        );
    });
});
