import * as assert from "assert";
import { isSecretAt } from "../../support/harness";
import { RecordedResource } from "../../support/recorded-resource";
import { runData } from "./support/context";

/** Every dot path whose value contains a mock password. */
function pathsWithSecret(value: unknown, prefix = ""): string[] {
    if (typeof value === "string") return value.includes("MOCKSECRET") ? [prefix] : [];
    if (Array.isArray(value)) return value.flatMap((v, i) => pathsWithSecret(v, `${prefix}[${i}]`));
    if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => pathsWithSecret(v, prefix ? `${prefix}.${k}` : k));
    return [];
}

function leaks(resources: RecordedResource[]): string[] {
    return resources
        .filter((r) => r.type !== "random:index/randomPassword:RandomPassword")
        .flatMap((r) => pathsWithSecret(r.inputs).filter((p) => !isSecretAt(r, p)).map((p) => `${r.type} ${r.name} ${p}`));
}

describe("data layer: generated passwords travel only as secrets", () => {
    for (const stack of ["dev", "staging", "prod"] as const) {
        it(`${stack}: every occurrence of a generated password is at a secret path`, async () => {
            const { resources } = await runData(stack);
            const occurrences = resources.flatMap((r) => pathsWithSecret(r.inputs).map((p) => `${r.name}:${p}`));
            assert.ok(occurrences.length >= 3, `the scan must see the passwords somewhere: ${occurrences}`);
            assert.deepStrictEqual(leaks(resources), []);
        });
    }

    it("detects a leak (the scan can fail)", () => {
        const fake: RecordedResource = {
            type: "kubernetes:core/v1:ConfigMap", name: "x", urn: "u", custom: true, inputs: { data: { a: "MOCKSECRETabc" } }, secretPaths: [],
            options: { protect: false, retainOnDelete: false, dependsOn: [], ignoreChanges: [], deleteBeforeReplace: false },
        };
        assert.deepStrictEqual(leaks([fake]), ["kubernetes:core/v1:ConfigMap x data.a"]);
    });
});
