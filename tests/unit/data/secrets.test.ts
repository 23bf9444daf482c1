import * as assert from "assert";
import { named, ofType } from "../../../tools/mock-runner/harness";
import { runData } from "./support/context";
import { K } from "../../../policies/lib/kubernetes/types";

describe("secrets: aws-secrets-manager", () => {
    it("encrypts every secret with a rotating CMK, names them <prefix>/<name>, recovery window from config", async () => {
        const { resources } = await runData("prod");
        const key = named(resources, "aws:kms/key:Key", "webapp-secrets-key");
        assert.strictEqual(key.inputs.enableKeyRotation, true);
        assert.strictEqual(key.options.protect, true);
        const secrets = ofType(resources, "aws:secretsmanager/secret:Secret");
        assert.ok(secrets.length >= 4);
        for (const s of secrets) {
            assert.match(s.inputs.name, /^webapp\/prod\//);
            assert.ok(String(s.inputs.kmsKeyId).includes("key/"), s.name);
            assert.strictEqual(s.inputs.recoveryWindowInDays, 30);
            assert.strictEqual(s.options.protect, true);
        }
        const { resources: changed } = await runData("prod", (raw) => {
            raw.secrets = {
                backend: "aws-secrets-manager",
                recoveryWindowDays: 14,
                prefix: "acme/webapp",
                replicaRegions: ["eu-central-1"],
            };
        });
        for (const s of ofType(changed, "aws:secretsmanager/secret:Secret")) {
            assert.strictEqual(s.inputs.recoveryWindowInDays, 14);
            assert.match(s.inputs.name, /^acme\/webapp\//);
        }
    });

    it("syncs each secret through an ExternalSecret of a SecretStore using IRSA scoped to exact ARNs", async () => {
        const { resources, layers } = await runData("staging");
        const store = ofType(resources, K.SecretStore)[0];
        assert.deepStrictEqual(store.inputs.spec.provider.aws.auth.jwt.serviceAccountRef, { name: "external-secrets-reader" });
        const role = named(resources, "aws:iam/role:Role", "webapp-secrets-reader");
        const trust = JSON.parse(role.inputs.assumeRolePolicy);
        assert.strictEqual(
            Object.values(trust.Statement[0].Condition.StringEquals)[0],
            "system:serviceaccount:webapp-staging:external-secrets-reader",
        );
        const policies = ofType(resources, "aws:iam/rolePolicy:RolePolicy").map((p) => JSON.parse(p.inputs.policy));
        const resourcesGranted = policies.flatMap((p) => p.Statement.flatMap((s: any) => s.Resource));
        assert.ok(
            resourcesGranted.every((arn: string) => !arn.includes("*")),
            String(resourcesGranted),
        );
        assert.ok(
            resourcesGranted.some((arn: string) => arn.includes(":secret:webapp/staging/openai-api-key")),
            "external secret readable",
        );
        assert.ok(policies.some((p) => p.Statement[0].Action.includes("kms:Decrypt")));
        const es = ofType(resources, K.ExternalSecret);
        const names = es.map((e) => e.inputs.metadata.name);
        assert.ok(names.includes("openai-api-key") && names.includes("webapp-postgres-admin"), String(names));
        for (const e of es) assert.strictEqual(e.inputs.spec.target.name, e.inputs.metadata.name);
        assert.deepStrictEqual(
            layers.api!.env.map((e: any) => e.valueFrom.secretKeyRef.name),
            ["webapp-postgres-app", "openai-api-key", "webapp-redis"],
        );
        assert.strictEqual(layers.api!.dependsOn.length, 3);
    });

    it("installs External Secrets from its pinned chart only when addons.secretsBackend", async () => {
        const { resources } = await runData("prod");
        const chart = ofType(resources, K.HelmChartV4)[0];
        assert.strictEqual(chart.inputs.chart, "external-secrets");
        assert.match(chart.inputs.version, /^[0-9]+\.[0-9]+\.[0-9]+$/);
        const { resources: off } = await runData("prod", (raw) => {
            raw.addons = { secretsBackend: false };
        });
        assert.strictEqual(ofType(off, K.HelmChartV4).length, 0);
    });
});

/** Dev's stack file on the Vault backend (dev itself uses the kubernetes backend). */
const onVault = (raw: Record<string, any>) => {
    raw.secrets = { backend: "vault" };
};

describe("secrets: vault", () => {
    it("writes generated values to Vault KV with bootstrap Jobs and injects them into app pods", async () => {
        const { resources, layers } = await runData("dev", onVault);
        const jobs = ofType(resources, K.Job);
        const write = jobs.find((j) => j.name === "webapp-secrets-webapp-postgres-admin-to-vault")!;
        const script = write.inputs.spec.template.spec.containers[0].command[2];
        assert.match(script, /vault kv put -mount='secret' 'webapp\/dev\/webapp-postgres-admin'/);
        assert.doesNotMatch(script, /MOCKSECRET/);
        assert.strictEqual(write.inputs.spec.template.spec.volumes[0].secret.secretName, "webapp-postgres-admin");
        const check = jobs.find((j) => j.name === "webapp-secrets-openai-api-key-check")!;
        assert.match(check.inputs.spec.template.spec.containers[0].command[2], /is missing/);
        const role = jobs.find((j) => j.name === "webapp-secrets-role-api")!;
        assert.match(role.inputs.spec.template.spec.containers[0].command[2], /bound_service_account_names='api'/);
        const a = layers.api!.podAnnotations;
        assert.strictEqual(a["vault.hashicorp.com/agent-inject"], "true");
        assert.strictEqual(a["vault.hashicorp.com/role"], "webapp-dev-api");
        assert.match(String(a["vault.hashicorp.com/agent-inject-template-env"]), /export OPENAI_API_KEY=/);
        // Generated values also as secretKeyRef env; the external one only through the agent file.
        assert.deepStrictEqual(
            layers.api!.env.map((e: any) => e.name),
            ["DATABASE_URL", "REDIS_URL"],
        );
        assert.strictEqual(layers.api!.envFile, "/vault/secrets/env");
    });

    it("installs Vault HA (Raft, injector, replicas from config) unless an address is given or the add-on is off", async () => {
        const { resources } = await runData("dev", (raw) => {
            raw.addons = { ...raw.addons, secretsBackend: true };
            raw.secrets = { backend: "vault", replicas: 3 };
        });
        const chart = ofType(resources, K.HelmChartV4).find((c) => c.inputs.chart === "vault")!;
        assert.strictEqual(chart.inputs.values.server.ha.replicas, 3);
        assert.strictEqual(chart.inputs.values.server.ha.raft.enabled, true);
        assert.strictEqual(chart.inputs.values.injector.enabled, true);
        assert.deepStrictEqual(chart.inputs.values.server.persistentVolumeClaimRetentionPolicy, {
            whenDeleted: "Retain",
            whenScaled: "Retain",
        });
        const { resources: external } = await runData("dev", (raw) => {
            raw.addons = { ...raw.addons, secretsBackend: true };
            raw.secrets = { backend: "vault", address: "https://vault.example.com" };
        });
        assert.ok(!ofType(external, K.HelmChartV4).some((c) => c.inputs.chart === "vault"));
        const job = ofType(external, K.Job)[0];
        assert.strictEqual(job.inputs.spec.template.spec.containers[0].env[0].value, "https://vault.example.com");
    });
});
