import * as assert from "assert";
import { K } from "../../policies/lib/kubernetes/types";
import { check, goodStack, violationsOf } from "./support/check";
import { byName, recorded } from "./support/recorded";

const hpa = (minReplicas: number, target = "api") =>
    recorded(K.HorizontalPodAutoscaler, "api-hpa", {
        metadata: { name: "api-hpa", namespace: "shop" },
        spec: { minReplicas, maxReplicas: 10, scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: target } },
    });

/** The compliant stack without its HPA, so each test decides which autoscaler (if any) targets the api Deployment. */
const withoutHpa = () => goodStack().filter((r) => r.type !== K.HorizontalPodAutoscaler);

describe("availability joins", () => {
    it("an HPA with minReplicas 3 satisfies the prod minimum for a 1-replica Deployment", async () => {
        const all = withoutHpa();
        byName(all, "api", K.Deployment).inputs.spec.replicas = 1;
        assert.strictEqual(violationsOf(await check(all), "k8s-workload-min-replicas").length, 1);
        all.push(hpa(3));
        assert.deepStrictEqual(violationsOf(await check(all), "k8s-workload-min-replicas"), []);
    });
    it("an HPA below the minimum is reported", async () => {
        const all = [...withoutHpa(), hpa(2)];
        assert.match(violationsOf(await check(all), "k8s-workload-min-replicas")[0].message, /keeps 2 replica\(s\).*HPA/);
    });
    it("an HPA makes a single-replica Deployment with an RWO claim a violation", async () => {
        const all = withoutHpa();
        const d = byName(all, "api", K.Deployment);
        d.inputs.spec.replicas = 1;
        byName(all, "uploads", K.PersistentVolumeClaim).inputs.spec.accessModes = ["ReadWriteOnce"];
        assert.deepStrictEqual(violationsOf(await check(all), "k8s-no-shared-rwo-volume"), []);
        all.push(hpa(3));
        assert.strictEqual(violationsOf(await check(all), "k8s-no-shared-rwo-volume")[0].urn, d.urn);
    });
    it("a single-replica workload needs no PDB", async () => {
        const all = withoutHpa().filter((r) => !(r.type === K.PodDisruptionBudget && r.name === "api"));
        byName(all, "api", K.Deployment).inputs.spec.replicas = 1;
        assert.deepStrictEqual(violationsOf(await check(all, "dev"), "k8s-pdb-required"), []);
    });
});

describe("service account token", () => {
    it("a workload annotated as needing the API may mount the token", async () => {
        const all = goodStack();
        const d = byName(all, "api", K.Deployment);
        delete d.inputs.spec.template.spec.automountServiceAccountToken;
        d.inputs.metadata.annotations = { "prod-stack.io/needs-api-token": "true" };
        assert.deepStrictEqual(violationsOf(await check(all), "k8s-sa-token-automount"), []);
    });
});
