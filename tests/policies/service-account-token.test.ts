import * as assert from "assert";
import { check, describeViolations, goodStack, violationsOf } from "./support/check";
import { K } from "../../policies/lib/kubernetes/types";

/** The declaration may sit on the workload or on its pod template (where Jobs that log in to Vault carry it). */
describe("k8s-sa-token-automount: where the declaration may sit", () => {
    function apiDeployment(all: ReturnType<typeof goodStack>) {
        return all.find((r) => r.type === K.Deployment && r.inputs.metadata?.name === "api")!;
    }

    it("a mounted token declared on the pod template is compliant", async () => {
        const all = goodStack();
        const dep = apiDeployment(all);
        dep.inputs.spec.template.spec.automountServiceAccountToken = true;
        dep.inputs.spec.template.metadata.annotations = {
            ...(dep.inputs.spec.template.metadata.annotations ?? {}),
            "prod-stack.io/needs-api-token": "true",
        };
        const vs = violationsOf(await check(all), "k8s-sa-token-automount");
        assert.deepStrictEqual(vs, [], describeViolations(vs));
    });

    it("a mounted token declared nowhere is a violation", async () => {
        const all = goodStack();
        apiDeployment(all).inputs.spec.template.spec.automountServiceAccountToken = true;
        assert.strictEqual(violationsOf(await check(all), "k8s-sa-token-automount").length, 1);
    });
});
