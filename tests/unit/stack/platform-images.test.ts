import * as assert from "assert";
import { DEFAULT_IMAGES } from "../../../components/config";
import { runProgram } from "../../../tools/mock-runner/harness";
import { RecordedResource } from "../../../tools/mock-runner/recorded-resource";
import { K } from "../../../policies/lib/kubernetes/types";

/** Every container image of every pod-bearing object the stack registers. */
function images(resources: RecordedResource[]): string[] {
    return resources.flatMap((r) => {
        const spec = r.inputs?.spec?.jobTemplate?.spec?.template?.spec ?? r.inputs?.spec?.template?.spec;
        return spec ? [...(spec.containers ?? []), ...(spec.initContainers ?? [])].map((c: { image: string }) => c.image) : [];
    });
}

describe("platform images", function () {
    this.timeout(60000);

    it("dev runs the tag-pinned defaults, and no Vault (its backend is plain Kubernetes Secrets)", async () => {
        const all = images(await runProgram({ stack: "dev" }));
        for (const ref of [DEFAULT_IMAGES.pgbouncer, DEFAULT_IMAGES.redis, DEFAULT_IMAGES.postgres, DEFAULT_IMAGES.backupPostgres]) {
            assert.ok(all.includes(ref), `${ref} not run in dev`);
        }
        assert.ok(!all.includes(DEFAULT_IMAGES.vault), "no Vault bootstrap Jobs in dev");
    });

    it("an override replaces the image wherever it runs", async () => {
        const mirror = "registry.example.com/mirror/redis:7.4.2";
        const all = images(
            await runProgram({
                stack: "dev",
                edit: (r) => {
                    r.images = { redis: mirror };
                },
            }),
        );
        assert.ok(all.includes(mirror));
        assert.ok(!all.includes(DEFAULT_IMAGES.redis));
    });

    it("prod runs only digest-pinned images", async () => {
        const unpinned = images(await runProgram({ stack: "prod" })).filter((ref) => !/@sha256:[a-f0-9]{64}$/.test(ref));
        assert.deepStrictEqual(unpinned, []);
    });
});

describe("tria: Redis reaches the app as REDIS_HOST/PORT/PASSWORD", function () {
    this.timeout(60000);
    it("host and port in the ConfigMap, the password as a secret reference, no REDIS_URL", async () => {
        const resources = await runProgram({ configFile: "examples/tria.yaml" });
        const cm = resources.find((r) => r.type === K.ConfigMap && r.name === "backend-env")!;
        assert.match(String(cm.inputs.data.REDIS_HOST), /cache\.amazonaws\.com$/);
        assert.strictEqual(cm.inputs.data.REDIS_PORT, "6379");
        assert.strictEqual(cm.inputs.data.REDIS_SSL, "true");
        const dep = resources.find((r) => r.type === K.Deployment && r.name === "backend-deployment")!;
        const env = dep.inputs.spec.template.spec.containers[0].env.map((e: { name: string }) => e.name);
        assert.ok(env.includes("REDIS_PASSWORD") && !env.includes("REDIS_URL"), env.join(","));
    });
});
