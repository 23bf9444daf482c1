import * as assert from "assert";
import { named, ofType } from "../../../tools/mock-runner/harness";
import type { RecordedResource } from "../../../tools/mock-runner/recorded-resource";
import { buildConfig, minimalService, pinnedImage } from "../support/config-fixtures";
import { runLayers, T } from "../support/run-layers";

type Header = { name: string; value: string };
const headersOf = (rule: any): Record<string, string> =>
    Object.fromEntries(
        rule.filters.find((f: any) => f.type === "ResponseHeaderModifier").responseHeaderModifier.set.map((h: Header) => [h.name, h.value]),
    );
const prefixesOf = (rule: any): string[] => rule.matches.map((m: any) => m.path.value);
const rulesOf = (resources: RecordedResource[], route: string): any[] => named(resources, T.httpRoute, `${route}-route`).inputs.spec.rules;

/** dev (cluster target, CDN off) with a frontend `web` beside the api and the guide's static paths. */
function withStaticPaths(cdn: Record<string, unknown>) {
    return buildConfig("dev", (r) => {
        r.services.push({
            ...minimalService("dev"),
            name: "web",
            image: pinnedImage("ghcr.io/example/web"),
            route: { hosts: ["www.dev.example.com"] },
        });
        r.cdn = cdn;
    });
}

describe("cdn: Cache-Control on the static paths at the cluster edge (any target)", () => {
    it("no static paths configured: no rule of the public route sends Cache-Control", async () => {
        const { resources } = await runLayers(buildConfig("dev"));
        const routes = ofType(resources, T.httpRoute).filter((r) => r.name.endsWith("-public-route"));
        assert.strictEqual(routes.length, 1);
        for (const route of routes) {
            for (const rule of route.inputs.spec.rules) assert.strictEqual(headersOf(rule)["Cache-Control"], undefined);
        }
    });

    it("each static path gets a rule with the route's backends, security headers and the immutable Cache-Control", async () => {
        const { resources } = await runLayers(withStaticPaths({ staticPaths: ["/static/*", "/_next/static/*"], servedBy: ["web"] }));
        const rules = rulesOf(resources, "web-public");
        const statics = rules.filter((r) => headersOf(r)["Cache-Control"] !== undefined);
        assert.strictEqual(statics.length, 1);
        assert.deepStrictEqual(prefixesOf(statics[0]), ["/static", "/_next/static"]);
        assert.strictEqual(headersOf(statics[0])["Cache-Control"], "public, max-age=31536000, immutable");
        const main = rules.find((r) => prefixesOf(r).includes("/"));
        assert.deepStrictEqual(statics[0].backendRefs, main.backendRefs);
        assert.deepStrictEqual(statics[0].timeouts, main.timeouts);
        // The security headers are the route's own, plus Cache-Control.
        const { "Cache-Control": cacheControl, ...security } = headersOf(statics[0]);
        assert.ok(cacheControl);
        assert.deepStrictEqual(security, headersOf(main));
        assert.strictEqual(headersOf(main)["Cache-Control"], undefined, "the rest of the site must not be cached as immutable");
    });

    it("cdn.servedBy limits the rules to the services that serve the assets", async () => {
        const { resources } = await runLayers(withStaticPaths({ staticPaths: ["/static/*"], servedBy: ["web"] }));
        assert.ok(rulesOf(resources, "api-public").every((r) => headersOf(r)["Cache-Control"] === undefined));
        const everyone = await runLayers(withStaticPaths({ staticPaths: ["/static/*"] }));
        assert.ok(rulesOf(everyone.resources, "api-public").some((r) => headersOf(r)["Cache-Control"] !== undefined));
    });

    it("a route whose paths do not cover a static path gets no rule for it; a custom Cache-Control is used as given", async () => {
        const config = buildConfig("dev", (r) => {
            // /health: a route must reach a probe path (the public health URL); it covers no static path.
            r.services[0].route.paths = ["/api", "/assets", "/health"];
            r.cdn = { staticPaths: ["/static/*", "/assets/*"], cacheControl: "public, max-age=600" };
        });
        const { resources } = await runLayers(config);
        const statics = rulesOf(resources, "api-public").filter((r) => headersOf(r)["Cache-Control"] !== undefined);
        assert.deepStrictEqual(statics.map(prefixesOf), [["/assets"]]);
        assert.strictEqual(headersOf(statics[0])["Cache-Control"], "public, max-age=600");
    });
});
