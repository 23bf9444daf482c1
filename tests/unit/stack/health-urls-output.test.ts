import { strict as assert } from "assert";
import { ofType, rawConfigFor, runProgramFull } from "../../../tools/mock-runner/harness";
import { K } from "../../../policies/lib/kubernetes/types";
import { routeServes } from "../../../components/config";

type HealthUrl = { service: string; url: string };

// The deploy workflow smoke-tests these (scripts/ci/smoke-test.sh reads .healthUrls[].url from `pulumi stack output`).
describe("stack outputs: the public health URLs the deploy workflow smoke-tests", () => {
    it("prod lists each routed host at a probe path its route serves, over HTTPS", async () => {
        const { outputs, error } = await runProgramFull({ stack: "prod" });
        assert.ifError(error);
        const urls = outputs.healthUrls as HealthUrl[];
        assert.ok(Array.isArray(urls) && urls.length > 0, JSON.stringify(outputs));
        const services = rawConfigFor({ stack: "prod" }).services as { name: string; route?: { paths?: string[] } }[];
        for (const u of urls) {
            assert.match(u.url, /^https:\/\/[a-z0-9.-]+\/[A-Za-z0-9/_.-]*$/, u.url);
            const paths = services.find((s) => s.name === u.service)?.route?.paths ?? ["/"];
            assert.ok(routeServes(paths, new URL(u.url).pathname), `${u.url} is not under ${u.service}'s route.paths ${paths.join(", ")}`);
        }
        // api routes [/api, /health]: its readiness path /ready would be a 404 at the edge, its liveness /health is routed.
        assert.deepEqual(
            urls.filter((u) => u.service === "api"),
            [{ service: "api", url: "https://api.example.com/health" }],
        );
        assert.deepEqual(
            urls.find((u) => u.url.startsWith("https://app.example.com/")),
            { service: "portal", url: "https://app.example.com/healthz" },
        );
    });

    it("readiness is preferred where the route serves it", async () => {
        const { outputs, error } = await runProgramFull({
            stack: "prod",
            edit: (raw) => {
                raw.services.find((s: any) => s.name === "api").route.paths.push("/ready");
            },
        });
        assert.ifError(error);
        assert.deepEqual(
            (outputs.healthUrls as HealthUrl[]).filter((u) => u.service === "api"),
            [{ service: "api", url: "https://api.example.com/ready" }],
        );
    });

    it("the blackbox Probes target exactly the health URLs", async () => {
        const { outputs, resources, error } = await runProgramFull({ stack: "prod" });
        assert.ifError(error);
        const probes = ofType(resources, K.Probe);
        assert.ok(probes.length > 0, "no Probe in prod");
        const probed = probes.flatMap((p) => p.inputs.spec.targets.staticConfig.static as string[]).sort();
        assert.deepEqual(probed, (outputs.healthUrls as HealthUrl[]).map((u) => u.url).sort());
    });

    it("a route reaching none of the probe paths is a config error naming route.paths, the probes and the fix", async () => {
        const { error } = await runProgramFull({
            stack: "prod",
            edit: (raw) => {
                raw.services.find((s: any) => s.name === "api").route.paths = ["/api"];
            },
        });
        assert.ok(error, "config accepted");
        assert.match(error.message, /services\[api\]\.route\.paths: expected a path prefix reaching one of the service's probe paths/);
        assert.match(error.message, /probes\.readiness\.path \/ready, probes\.liveness\.path \/health, probes\.startup\.path \/health/);
        assert.match(error.message, /found \[\/api\]/);
        assert.match(error.message, /add \/ready \(probes\.readiness\.path\) to route\.paths/);
    });

    it("a service without a route has no health URL", async () => {
        const { outputs } = await runProgramFull({
            stack: "prod",
            edit: (raw) => {
                for (const svc of raw.services) delete svc.route;
            },
        });
        assert.deepEqual(outputs.healthUrls, []);
    });
});
