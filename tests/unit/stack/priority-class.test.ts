import { strict as assert } from "assert";
import { runProgram, ofType } from "../../../tools/mock-runner/harness";
import { RecordedResource } from "../../../tools/mock-runner/recorded-resource";
import { K } from "../../../policies/lib/kubernetes/types";

const LONG_RUNNING: string[] = [K.Deployment, K.StatefulSet];
const podSpec = (r: RecordedResource) => r.inputs.spec.template.spec;

describe("stack: priority classes follow the preset", function () {
    this.timeout(120_000);

    it("prod: one PriorityClass named after the namespace, below the system classes, named by every long-running pod", async () => {
        const all = await runProgram({ stack: "prod" });
        const classes = ofType(all, K.PriorityClass);
        assert.equal(classes.length, 1);
        const pc = classes[0].inputs;
        const namespace = ofType(all, K.Namespace)[0].inputs.metadata.name;
        assert.equal(pc.metadata.name, `${namespace}-workloads`, "cluster-scoped: two stacks on one cluster must not share it");
        assert.ok(pc.value > 0 && pc.value < 1_000_000_000, `value ${pc.value} must sit between unclassed pods and system-*`);
        assert.equal(pc.globalDefault, false);
        const workloads = all.filter((r) => LONG_RUNNING.includes(r.type));
        assert.ok(workloads.length >= 3, `prod runs only ${workloads.length} long-running workloads`);
        assert.deepEqual(
            workloads.filter((w) => podSpec(w).priorityClassName !== pc.metadata.name).map((w) => w.name),
            [],
        );
    });

    it("dev: no PriorityClass and no pod naming one", async () => {
        const all = await runProgram({ stack: "dev" });
        assert.equal(ofType(all, K.PriorityClass).length, 0);
        assert.deepEqual(
            all.filter((r) => LONG_RUNNING.includes(r.type) && podSpec(r).priorityClassName !== undefined).map((r) => r.name),
            [],
        );
    });
});
