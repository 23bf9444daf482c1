import * as assert from "assert";
import { editDistance, knownKeysAt, nearestKey } from "../../../components/config/key-suggest";
import { PRESETS } from "../../../components/config/presets";
import { stackSchema } from "../../../components/config/schema/stack";

describe("nearest-key suggestions", () => {
    it("counts a swap of two adjacent letters as one edit", () => {
        assert.strictEqual(editDistance("mutliAz", "multiAz"), 1);
        assert.strictEqual(editDistance("replicas", "replicas"), 0);
        assert.strictEqual(editDistance("abc", "xyz"), 3);
    });

    it("suggests the closest key for a typo, a case slip or a separator slip, and nothing for an unrelated word", () => {
        const keys = ["autoscaling", "replicas", "disruptionBudget", "maxUnavailable"];
        assert.strictEqual(nearestKey("autoscalng", keys), "autoscaling");
        assert.strictEqual(nearestKey("Replicas", keys), "replicas");
        assert.strictEqual(nearestKey("disruption_budget", keys), "disruptionBudget");
        assert.strictEqual(nearestKey("healthcheck", keys), undefined);
    });

    it("reads the accepted keys off the schema, through lists, defaults and unions", () => {
        const schema = stackSchema(PRESETS.prod);
        assert.ok(knownKeysAt(schema, ["services", 0]).includes("autoscaling"));
        assert.ok(knownKeysAt(schema, ["edge", "tls"]).includes("acmeEmail"));
        const database = knownKeysAt(schema, ["database"]);
        assert.ok(database.includes("multiAz") && database.includes("members"), "both kinds of the database union");
        assert.deepStrictEqual(knownKeysAt(schema, ["appName"]), []);
    });
});
