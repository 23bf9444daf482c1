import * as assert from "assert";
import { named, runProgramFull } from "../../../tools/mock-runner/harness";

const HTTP_ROUTE = "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute";
const IMMUTABLE = "public, max-age=31536000, immutable";

/** The Cache-Control each path prefix of a route's rules gets ("" where none is set). */
async function cacheControlByPrefix(example: string, route: string): Promise<Record<string, string>> {
    const run = await runProgramFull({ configFile: `examples/${example}.yaml` });
    if (run.error) throw run.error;
    const rules: any[] = named(run.resources, HTTP_ROUTE, route).inputs.spec.rules;
    const out: Record<string, string> = {};
    for (const rule of rules) {
        const set = rule.filters.find((f: any) => f.type === "ResponseHeaderModifier").responseHeaderModifier.set;
        const value = set.find((h: any) => h.name === "Cache-Control")?.value ?? "";
        for (const m of rule.matches ?? []) out[m.path.value] = value;
    }
    return out;
}

describe("cdn: the guides' static-asset Cache-Control in the examples (guides 000, 002)", () => {
    it("SEI (002): the frontend's /static is immutable for a year, its other paths and the API are not", async () => {
        const frontend = await cacheControlByPrefix("sei-platform", "frontend-service-public-route");
        assert.strictEqual(frontend["/static"], IMMUTABLE);
        assert.strictEqual(frontend["/"], "");
        const api = await cacheControlByPrefix("sei-platform", "api-service-public-route");
        assert.ok(
            Object.values(api).every((v) => v === ""),
            JSON.stringify(api),
        );
    });

    it("Third Eye (000): the portal's /assets is immutable, the API's routes are not", async () => {
        const portal = await cacheControlByPrefix("third-eye", "portal-public-route");
        assert.strictEqual(portal["/assets"], IMMUTABLE);
        const api = await cacheControlByPrefix("third-eye", "api-public-route");
        assert.ok(
            Object.values(api).every((v) => v === ""),
            JSON.stringify(api),
        );
    });
});
