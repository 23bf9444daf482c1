import { strict as assert } from "assert";
import { runProgramFull } from "../../../tools/mock-runner/harness";

// The deploy workflow smoke-tests these (scripts/ci/smoke-test.sh reads .healthUrls[].url from `pulumi stack output`).
describe("stack outputs: the public health URLs the deploy workflow smoke-tests", () => {
    it("prod lists each routed host at the service's readiness path, over HTTPS", async () => {
        const { outputs, error } = await runProgramFull({ stack: "prod" });
        assert.ifError(error);
        const urls = outputs.healthUrls as { service: string; url: string }[];
        assert.ok(Array.isArray(urls) && urls.length > 0, JSON.stringify(outputs));
        for (const u of urls) assert.match(u.url, /^https:\/\/[a-z0-9.-]+\/[A-Za-z0-9/_.-]*$/, u.url);
        assert.deepEqual(
            urls.find((u) => u.url.startsWith("https://app.example.com/")),
            { service: "portal", url: "https://app.example.com/healthz" },
        );
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
