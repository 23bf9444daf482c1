import * as assert from "assert";
import { K } from "../../policies/lib/kubernetes/types";
import { recorded } from "./support/recorded";
import { contractStack, findings, named } from "./support/contracts-fixtures";

describe("contract: selectors select", () => {
    it("passes on a stack whose every selector matches and whose monitor the Prometheus selects", () => {
        assert.deepStrictEqual(findings(contractStack(), "selectors"), []);
    });

    it("flags a Service whose selector matches no pod", () => {
        const s = contractStack();
        named(s, "svc").spec.selector = { "app.kubernetes.io/name": "apj" };
        assert.match(findings(s, "selectors").join("\n"), /Service app\/api: selector .* matches no pod/);
    });

    it("flags a PDB whose selector matches no pod", () => {
        const s = contractStack();
        named(s, "pdb").spec.selector.matchLabels = { x: "y" };
        assert.match(findings(s, "selectors").join("\n"), /PodDisruptionBudget app\/api: selector/);
    });

    it("flags a NetworkPolicy podSelector that matches no pod (an empty one governs the namespace and passes)", () => {
        const s = contractStack();
        named(s, "np").spec.podSelector = { matchLabels: { x: "y" } };
        assert.match(findings(s, "selectors").join("\n"), /NetworkPolicy app\/api: podSelector/);
        named(s, "np").spec.podSelector = {};
        assert.deepStrictEqual(findings(s, "selectors"), []);
    });

    it("flags an HPA whose scaleTargetRef does not exist", () => {
        const s = contractStack();
        named(s, "hpa").spec.scaleTargetRef.kind = "StatefulSet";
        assert.match(
            findings(s, "selectors").join("\n"),
            /HorizontalPodAutoscaler app\/api: scaleTargetRef StatefulSet\/api does not exist/,
        );
    });

    it("flags an HTTPRoute backendRef to a missing Service and to a port the Service lacks", () => {
        const s = contractStack();
        named(s, "route").spec.rules[0].backendRefs[0].port = 81;
        assert.match(findings(s, "selectors").join("\n"), /backendRef app\/api port 81 is not a port/);
        named(s, "route").spec.rules[0].backendRefs[0].name = "web";
        assert.match(findings(s, "selectors").join("\n"), /backendRef Service app\/web does not exist/);
    });

    it("flags a ServiceMonitor that selects no Service, and a PodMonitor that selects no pod (operator pods count)", () => {
        const s = contractStack();
        named(s, "sm").spec.selector.matchLabels = { x: "y" };
        assert.match(findings(s, "selectors").join("\n"), /ServiceMonitor app\/api: selector matches no Service/);
        const t = contractStack();
        t.push(
            recorded(K.PodMonitor, "pm", {
                metadata: { name: "pg", namespace: "app" },
                spec: { selector: { matchLabels: { application: "spilo" } } },
            }),
        );
        assert.match(findings(t, "selectors").join("\n"), /PodMonitor app\/pg: selector .* matches no pod the stack runs/);
        t.push(recorded(K.Postgresql, "pgcr", { metadata: { name: "db", namespace: "app" }, spec: {} }));
        assert.deepStrictEqual(findings(t, "selectors"), []);
    });

    it("selects a per-member Service by the StatefulSet controller's pod-name label", () => {
        const s = contractStack();
        s.push(
            recorded(K.StatefulSet, "redis", {
                metadata: { name: "redis", namespace: "app" },
                spec: { replicas: 3, template: { metadata: { labels: { r: "1" } }, spec: { containers: [{ name: "r" }] } } },
            }),
        );
        s.push(
            recorded(K.Service, "redis-2", {
                metadata: { name: "redis-2", namespace: "app" },
                spec: { selector: { "statefulset.kubernetes.io/pod-name": "redis-2" } },
            }),
        );
        assert.deepStrictEqual(findings(s, "selectors"), []);
        s[s.length - 1].inputs.spec.selector["statefulset.kubernetes.io/pod-name"] = "redis-3";
        assert.match(findings(s, "selectors").join("\n"), /Service app\/redis-2: selector/);
    });

    it("flags a monitor the Prometheus does not select (chart default: release label) and one per monitor when no Prometheus runs", () => {
        const s = contractStack();
        named(s, "kps").values.prometheus.prometheusSpec.serviceMonitorSelectorNilUsesHelmValues = true;
        assert.match(
            findings(s, "selectors").join("\n"),
            /ServiceMonitor app\/api: the stack's Prometheus does not select it .*"release":"kps"/,
        );
        named(s, "sm").metadata.labels = { release: "kps" };
        assert.deepStrictEqual(findings(s, "selectors"), []);
        const none = contractStack().filter((r) => r.name !== "kps");
        assert.deepStrictEqual(findings(none, "selectors"), [
            "ServiceMonitor app/api: no Prometheus runs in this stack, so nothing scrapes this monitor. Enable monitoring (kube-prometheus-stack) or drop the monitor.",
        ]);
    });

    it("reads a Prometheus CR's selectors: unset selects no monitor, a matching one picks the monitor up", () => {
        const s = contractStack().filter((r) => r.name !== "kps");
        const prom = recorded("kubernetes:monitoring.coreos.com/v1:Prometheus", "prom", {
            metadata: { name: "p", namespace: "app" },
            spec: {},
        });
        s.push(prom);
        assert.match(findings(s, "selectors").join("\n"), /ServiceMonitor app\/api: the stack's Prometheus does not select it/);
        prom.inputs.spec.serviceMonitorSelector = {};
        assert.deepStrictEqual(findings(s, "selectors"), []);
    });
});
