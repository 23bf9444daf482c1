import * as assert from "assert";
import { isSecretAt, named, ofType, runWithMocks } from "../../../tools/mock-runner/harness";
import { KubernetesSecretsBackend } from "../../../components/secrets/kubernetes-backend";
import { K } from "../../../policies/lib/kubernetes/types";
import { EXTERNAL_REFS_ANNOTATION } from "../../../components/peers";
import { EXTERNAL_REFS_ANNOTATION as PACK_EXTERNAL_REFS } from "../../../policies/lib/contracts";
import { configFor, contextFor, runData } from "./support/context";

describe("secrets: kubernetes (dev)", () => {
    it("declares external Secrets under the key the pack's references contract reads", () => {
        assert.strictEqual(EXTERNAL_REFS_ANNOTATION, PACK_EXTERNAL_REFS);
    });

    it("stores generated values as Kubernetes Secrets whose data is a secret output, and installs nothing", async () => {
        const { resources } = await runData("dev");
        assert.strictEqual(ofType(resources, K.HelmChartV4).length, 0);
        assert.strictEqual(ofType(resources, K.Job).length, 0, "no bootstrap Jobs: nothing to write into");
        assert.strictEqual(ofType(resources, K.ExternalSecret).length, 0);
        const admin = ofType(resources, K.Secret).find((s) => s.inputs.metadata.name === "webapp-postgres-admin")!;
        assert.ok(admin, "the database's admin credentials are a Secret of the app namespace");
        assert.strictEqual(admin.inputs.metadata.namespace, "webapp-dev");
        assert.ok(isSecretAt(admin, "stringData"), admin.secretPaths.join());
        assert.deepStrictEqual(Object.keys(admin.inputs.stringData).sort(), ["dbname", "host", "password", "port", "url", "user"]);
        for (const cm of ofType(resources, K.ConfigMap)) assert.doesNotMatch(JSON.stringify(cm.inputs), /MOCKSECRET/, cm.name);
    });

    it("delivers every value with secretKeyRef and declares the out-of-band API key on the pod template", async () => {
        const { layers } = await runData("dev");
        const api = layers.api!;
        assert.deepStrictEqual(
            api.env.map((e: any) => [e.name, e.valueFrom.secretKeyRef.name, e.valueFrom.secretKeyRef.key]),
            [
                ["DATABASE_URL", "webapp-postgres-app", "url"],
                ["OPENAI_API_KEY", "openai-api-key", "value"],
                ["REDIS_URL", "webapp-redis-auth", "url"],
            ],
        );
        assert.deepStrictEqual(api.podAnnotations, { [EXTERNAL_REFS_ANNOTATION]: "Secret/openai-api-key" });
        assert.strictEqual(api.envFile, undefined, "no agent file to source");
        assert.strictEqual(api.dependsOn.length, 2, "pods wait for the two Secrets the stack writes, not for the external one");
    });

    it("a stored name cannot also be external (one owner per Secret)", async () => {
        const result = await runWithMocks(() => {
            const backend = new KubernetesSecretsBackend("s", { ctx: contextFor(configFor("dev")) });
            backend.store("db-admin", { password: "p" });
            backend.external("db-admin");
        });
        assert.match(String(result.error), /"db-admin" is stored by the stack and cannot also be external/);
    });

    it("the same Secret names as the other backends, so pods read the same keys whichever is chosen", async () => {
        const { resources } = await runData("dev");
        const { resources: vault } = await runData("dev", (raw) => {
            raw.secrets = { backend: "vault" };
        });
        const names = (rs: typeof resources) =>
            ofType(rs, K.Secret)
                .map((s) => s.inputs.metadata.name)
                .sort();
        assert.deepStrictEqual(names(resources), names(vault));
        named(resources, K.Secret, "webapp-secrets-webapp-redis-auth");
    });
});
