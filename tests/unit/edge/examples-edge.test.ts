/** The examples whose guides ask for an edge feature carry it (third-eye: guide 000, health-agent: 001, metrics: 003). */
import * as assert from "assert";
import * as path from "path";
import { parseStackConfig, StackConfig } from "../../../components/config";
import { named, readStackFile, REPO_ROOT } from "../../../tools/mock-runner/harness";
import { runLayers, T } from "../support/run-layers";

function example(name: string): StackConfig {
    const result = parseStackConfig(readStackFile(path.join(REPO_ROOT, "examples", `${name}.yaml`)));
    if (!result.ok) assert.fail(`examples/${name}.yaml is invalid: ${result.issues.map((i) => i.path).join(", ")}`);
    return result.config;
}

const headersOf = (rule: any): Record<string, string> =>
    Object.fromEntries(rule.filters[0].responseHeaderModifier.set.map((h: any) => [h.name, h.value]));

describe("examples: the guides' edge settings", () => {
    it("third-eye (guide 000): X-Frame-Options SAMEORIGIN, and 600 s only on /ws/ of the api", async () => {
        const { resources } = await runLayers(example("third-eye"));
        const rules = named(resources, T.httpRoute, "api-public-route").inputs.spec.rules;
        const ws = rules.find((r: any) => r.name === "websocket");
        const app = rules.find((r: any) => r.name === "app");
        assert.deepStrictEqual(ws.matches, [{ path: { type: "PathPrefix", value: "/ws/" } }]);
        assert.strictEqual(ws.timeouts.request, "600s");
        assert.strictEqual(app.timeouts.request, "60s");
        assert.strictEqual(headersOf(app)["X-Frame-Options"], "SAMEORIGIN");
    });

    it("metrics-service (guide 003): HSTS with preload", () => {
        const edge = example("metrics-service").edge;
        assert.strictEqual(edge.hstsPreload, true);
        assert.strictEqual(edge.hstsMaxAgeSeconds, 63072000);
    });

    it("health-agent (guide 001, domain configured): external-dns into the Route53 zone", () => {
        const dns = example("health-agent").edge.dns;
        assert.strictEqual(dns.enabled, true);
        assert.strictEqual(dns.provider, "aws");
        assert.match(dns.hostedZoneId ?? "", /^Z/);
    });
});
