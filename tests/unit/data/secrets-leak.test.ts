import * as assert from "assert";
import { pathsWithGeneratedSecret, secretLeaks } from "../../support/secret-scan";
import { RecordedResource } from "../../../tools/mock-runner/recorded-resource";
import { runData } from "./support/context";
import { K } from "../../../policies/lib/kubernetes/types";

describe("data layer: generated passwords travel only as secrets", () => {
    for (const stack of ["dev", "staging", "prod"] as const) {
        it(`${stack}: every occurrence of a generated password is at a secret path`, async () => {
            const { resources } = await runData(stack);
            const occurrences = resources.flatMap((r) => pathsWithGeneratedSecret(r).map((p) => `${r.name}:${p}`));
            assert.ok(occurrences.length >= 3, `the scan must see the passwords somewhere: ${occurrences}`);
            assert.deepStrictEqual(secretLeaks(resources), []);
        });
    }

    it("detects a leak (the scan can fail)", () => {
        const fake: RecordedResource = {
            type: K.ConfigMap,
            name: "x",
            urn: "u",
            custom: true,
            inputs: { data: { a: "MOCKSECRETabc" } },
            secretPaths: [],
            options: { protect: false, retainOnDelete: false, dependsOn: [], ignoreChanges: [], deleteBeforeReplace: false },
        };
        assert.deepStrictEqual(secretLeaks([fake]), ["kubernetes:core/v1:ConfigMap x data.a"]);
    });
});
