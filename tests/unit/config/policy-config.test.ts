import * as assert from "assert";
import { PRESETS } from "../../../components/config";
import {
    ENVIRONMENTS,
    derivedEntries,
    disagreements,
    readPackConfig,
    renderPackConfig,
    withDerived,
} from "../../../tools/policy-config/generate";

describe("policy pack config follows the environment presets", () => {
    for (const env of ENVIRONMENTS) {
        it(`policies/config/${env}.json holds the presets' floors (regenerate with tools/policy-config/generate.ts)`, () => {
            assert.deepStrictEqual(disagreements(readPackConfig(env), env), []);
        });
    }

    it("a floor edited in the file alone is reported with the rule, the file's value and the preset's", () => {
        const edited = { ...readPackConfig("prod"), "k8s-workload-min-replicas": { minReplicas: 2 } };
        assert.deepStrictEqual(disagreements(edited, "prod"), [
            `prod.json k8s-workload-min-replicas: file {"minReplicas":2}, presets give {"minReplicas":${PRESETS.prod.minReplicas}}`,
        ]);
    });

    it("regenerating keeps rules and properties the presets do not know", () => {
        const current = {
            all: "advisory" as const,
            "some-new-rule": { limit: 4 },
            "k8s-image-pinned": { requireDigest: true, allowRegistries: ["a"] },
        };
        const out = withDerived(current, "dev");
        assert.deepStrictEqual(out["some-new-rule"], { limit: 4 });
        assert.deepStrictEqual(out["k8s-image-pinned"], { requireDigest: false, allowRegistries: ["a"] });
        assert.deepStrictEqual(disagreements(out, "dev"), []);
    });

    it("the pack's enforcement of each stack is its preset's policyEnforcement", () => {
        for (const env of ENVIRONMENTS) assert.strictEqual(derivedEntries(PRESETS[env]).all, PRESETS[env].policyEnforcement);
        assert.strictEqual(readPackConfig("dev").all, "advisory");
        assert.strictEqual(readPackConfig("prod").all, "mandatory");
    });

    it("renders one rule per line and parses back to the same config", () => {
        const config = readPackConfig("prod");
        const text = renderPackConfig(config);
        assert.deepStrictEqual(JSON.parse(text), config);
        assert.strictEqual(text.split("\n").length, Object.keys(config).length + 3);
    });
});
