import { strict as assert } from "assert";
import { Flow, NetworkModel, NetworkPolicyRef, PodRef } from "../../policies/lib/network/evaluator";
import { inCidr } from "../../policies/lib/network/cidr";

// The NetworkPolicy evaluator against the cases the Kubernetes documentation spells out, one semantic rule each.
const api: PodRef = { namespace: "shop", labels: { app: "api" }, namedPorts: { http: 8000 } };
const db: PodRef = { namespace: "shop", labels: { app: "db" }, namedPorts: { postgres: 5432 } };
const prom: PodRef = { namespace: "monitoring", labels: { app: "prometheus" } };
const stranger: PodRef = { namespace: "other", labels: { app: "api" } };
const namespaces = [
    { name: "shop", labels: { team: "shop" } },
    { name: "monitoring", labels: { team: "platform" } },
    { name: "other", labels: { team: "shop" } },
];
const model = (...policies: NetworkPolicyRef[]) => new NetworkModel(namespaces, policies);
const tcp = (from: PodRef | string, to: PodRef | string, port: number): Flow => ({
    from: typeof from === "string" ? { ip: from } : { pod: from },
    to: typeof to === "string" ? { ip: to } : { pod: to },
    port,
});
const denyAll = (namespace: string): NetworkPolicyRef => ({ namespace, spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] } });
const allowEgressEverywhere = (namespace: string): NetworkPolicyRef => ({
    namespace,
    spec: { podSelector: {}, policyTypes: ["Egress"], egress: [{}] },
});

describe("NetworkPolicy evaluator (Kubernetes semantics)", () => {
    it("no policy selecting a pod allows everything to and from it", () => {
        assert.ok(model().allowed(tcp(api, db, 5432)));
        assert.ok(
            model({ namespace: "shop", spec: { podSelector: { matchLabels: { app: "other" } }, policyTypes: ["Ingress"] } }).allowed(
                tcp(api, db, 5432),
            ),
        );
    });

    it("default deny in both directions blocks pod-to-pod and pod-to-address flows", () => {
        const m = model(denyAll("shop"));
        assert.ok(!m.allowed(tcp(api, db, 5432)));
        assert.ok(!m.allowed(tcp(api, "203.0.113.10", 443)));
        assert.ok(!m.allowed(tcp(prom, api, 8000)), "ingress into an isolated pod needs a rule");
        assert.ok(m.allowed(tcp(prom, stranger, 80)), "pods outside the namespace are not isolated by it");
    });

    it("policyTypes defaults to Ingress, plus Egress only when the policy has an egress section", () => {
        const ingressOnly = model({ namespace: "shop", spec: { podSelector: {}, ingress: [] } });
        assert.ok(ingressOnly.isolated(api, "Ingress") && !ingressOnly.isolated(api, "Egress"));
        const withEgress = model({ namespace: "shop", spec: { podSelector: {}, egress: [] } });
        assert.ok(withEgress.isolated(api, "Ingress") && withEgress.isolated(api, "Egress"));
    });

    it("a flow needs the source's egress and the destination's ingress", () => {
        const ingressToDb: NetworkPolicyRef = {
            namespace: "shop",
            spec: {
                podSelector: { matchLabels: { app: "db" } },
                policyTypes: ["Ingress"],
                ingress: [{ from: [{ podSelector: { matchLabels: { app: "api" } } }] }],
            },
        };
        assert.ok(!model(denyAll("shop"), ingressToDb).allowed(tcp(api, db, 5432)), "api's egress is still denied");
        assert.ok(model(denyAll("shop"), ingressToDb, allowEgressEverywhere("shop")).allowed(tcp(api, db, 5432)));
        assert.ok(!model(denyAll("shop"), allowEgressEverywhere("shop")).allowed(tcp(api, db, 5432)), "db's ingress is still denied");
    });

    it("namespaceSelector and podSelector in one peer are ANDed; in two peers ORed", () => {
        const and: NetworkPolicyRef = {
            namespace: "shop",
            spec: {
                podSelector: { matchLabels: { app: "db" } },
                policyTypes: ["Ingress"],
                ingress: [
                    { from: [{ namespaceSelector: { matchLabels: { team: "platform" } }, podSelector: { matchLabels: { app: "api" } } }] },
                ],
            },
        };
        assert.ok(!model(and).allowed(tcp(prom, db, 5432)), "prometheus is in the namespace but is not an api pod");
        assert.ok(!model(and).allowed(tcp(api, db, 5432)), "api is an api pod but not in a platform namespace");
        const or: NetworkPolicyRef = {
            namespace: "shop",
            spec: {
                podSelector: { matchLabels: { app: "db" } },
                policyTypes: ["Ingress"],
                ingress: [
                    {
                        from: [
                            { namespaceSelector: { matchLabels: { team: "platform" } } },
                            { podSelector: { matchLabels: { app: "api" } } },
                        ],
                    },
                ],
            },
        };
        assert.ok(model(or).allowed(tcp(prom, db, 5432)) && model(or).allowed(tcp(api, db, 5432)));
    });

    it("a podSelector alone means the policy's own namespace; a namespaceSelector matches the automatic name label", () => {
        const sameNs: NetworkPolicyRef = {
            namespace: "shop",
            spec: {
                podSelector: { matchLabels: { app: "db" } },
                policyTypes: ["Ingress"],
                ingress: [{ from: [{ podSelector: { matchLabels: { app: "api" } } }] }],
            },
        };
        assert.ok(model(sameNs).allowed(tcp(api, db, 5432)));
        assert.ok(!model(sameNs).allowed(tcp(stranger, db, 5432)), "an api pod of another namespace");
        const byName: NetworkPolicyRef = {
            namespace: "shop",
            spec: {
                podSelector: {},
                policyTypes: ["Ingress"],
                ingress: [{ from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } } }] }],
            },
        };
        assert.ok(model(byName).allowed(tcp(prom, api, 8000)) && !model(byName).allowed(tcp(stranger, api, 8000)));
    });

    it("ipBlock matches addresses in the CIDR minus its exceptions, never pods", () => {
        const egress: NetworkPolicyRef = {
            namespace: "shop",
            spec: {
                podSelector: {},
                policyTypes: ["Egress"],
                egress: [{ to: [{ ipBlock: { cidr: "10.0.0.0/16", except: ["10.0.5.0/24"] } }] }],
            },
        };
        assert.ok(model(egress).allowed(tcp(api, "10.0.1.7", 5432)));
        assert.ok(!model(egress).allowed(tcp(api, "10.0.5.7", 5432)));
        assert.ok(!model(egress).allowed(tcp(api, "10.1.0.1", 5432)));
        assert.ok(!model(egress).allowed(tcp(api, db, 5432)), "an ipBlock peer does not match pods");
        assert.ok(inCidr("0.0.0.1", "0.0.0.0/0") && !inCidr("10.0.0.1", "not-a-cidr"));
    });

    it("ports: protocol (default TCP), numbers, endPort ranges and the destination's named ports", () => {
        const rule = (ports: Record<string, unknown>[]): NetworkPolicyRef => ({
            namespace: "shop",
            spec: { podSelector: { matchLabels: { app: "db" } }, policyTypes: ["Ingress"], ingress: [{ ports }] },
        });
        assert.ok(model(rule([{ port: 5432 }])).allowed(tcp(api, db, 5432)));
        assert.ok(!model(rule([{ port: 5432, protocol: "UDP" }])).allowed(tcp(api, db, 5432)));
        assert.ok(model(rule([{ port: 5000, endPort: 6000 }])).allowed(tcp(api, db, 5432)));
        assert.ok(!model(rule([{ port: 5000, endPort: 5400 }])).allowed(tcp(api, db, 5432)));
        assert.ok(model(rule([{ port: "postgres" }])).allowed(tcp(api, db, 5432)));
        assert.ok(!model(rule([{ port: "http" }])).allowed(tcp(api, db, 5432)), "db has no port named http");
        assert.ok(model(rule([{ protocol: "TCP" }])).allowed(tcp(api, db, 9187)), "a protocol without a port allows every port of it");
    });

    it("policies selecting a pod add up, and a rule without peers matches every peer", () => {
        const fromApi: NetworkPolicyRef = {
            namespace: "shop",
            spec: {
                podSelector: { matchLabels: { app: "db" } },
                policyTypes: ["Ingress"],
                ingress: [{ from: [{ podSelector: { matchLabels: { app: "api" } } }], ports: [{ port: 5432 }] }],
            },
        };
        const fromProm: NetworkPolicyRef = {
            namespace: "shop",
            spec: {
                podSelector: { matchLabels: { app: "db" } },
                policyTypes: ["Ingress"],
                ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: "platform" } } }], ports: [{ port: 9187 }] }],
            },
        };
        const m = model(fromApi, fromProm);
        assert.ok(m.allowed(tcp(api, db, 5432)) && m.allowed(tcp(prom, db, 9187)));
        assert.ok(!m.allowed(tcp(prom, db, 5432)) && !m.allowed(tcp(api, db, 9187)), "each rule keeps its own ports");
        const anyone = model({ namespace: "shop", spec: { podSelector: { matchLabels: { app: "db" } }, ingress: [{}] } });
        assert.ok(anyone.allowed(tcp(stranger, db, 1)));
    });
});
