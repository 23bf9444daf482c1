import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT, crossLayerImports, floorUpwardImports, importCycles, importGraph, toolsIntoTests } from "../../../tools/import-graph";
import { WRITTEN_FOR_SDK } from "../../../tools/mock-runner/sdk-internals";

describe("structure: the import graph keeps its rules", () => {
    const graph = importGraph();
    const show = (edges: { from: string; to: string }[]) => edges.map((e) => `${e.from} -> ${e.to}`).join("\n");

    it("sees the whole tree (the measure is not vacuous)", () => {
        assert.ok(graph.size > 150, `only ${graph.size} modules`);
        assert.ok(graph.get(path.join("components", "cache", "redis-cluster.ts"))?.includes(path.join("components", "peers.ts")));
    });
    it("no layer imports another layer's internal module", () => {
        assert.strictEqual(show(crossLayerImports(graph)), "");
    });
    it("the shared floors import no layer", () => {
        assert.strictEqual(show(floorUpwardImports(graph)), "");
    });
    it("no import cycles", () => {
        assert.deepStrictEqual(importCycles(graph), []);
    });
    it("tools import nothing from tests", () => {
        assert.strictEqual(show(toolsIntoTests(graph)), "");
    });
    it("a cycle and a cross-layer import are detected when present", () => {
        const fake = new Map(
            [
                ["components/cache/a.ts", ["components/database/b.ts"]],
                ["components/database/b.ts", ["components/cache/a.ts"]],
            ].map(([k, v]) => [path.normalize(k as string), (v as string[]).map(path.normalize)]),
        );
        assert.strictEqual(importCycles(fake).length, 1);
        assert.strictEqual(crossLayerImports(fake).length, 2);
    });
    it("the mock runner's SDK internals were written for the pinned @pulumi/pulumi", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"));
        assert.strictEqual(pkg.dependencies["@pulumi/pulumi"], WRITTEN_FOR_SDK);
    });
});
