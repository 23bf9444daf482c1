import * as assert from "assert";
import { named, ofType, rawConfigFor } from "../../../tools/mock-runner/harness";
import { parseStackConfig } from "../../../components/config";
import { runData } from "./support/context";

describe("secrets: aws-secrets-manager replica regions (disaster recovery, backup key escrow)", () => {
    it("replicates every secret to each configured region, encrypted with a rotating key of that region", async () => {
        const { resources } = await runData("prod");
        const key = named(resources, "aws:kms/key:Key", "webapp-secrets-replica-eu-central-1-key");
        assert.strictEqual(key.inputs.enableKeyRotation, true);
        assert.strictEqual(key.options.protect, true);
        const provider = named(resources, "pulumi:providers:aws", "webapp-secrets-replica-eu-central-1-provider");
        assert.strictEqual(provider.inputs.region, "eu-central-1");
        const secrets = ofType(resources, "aws:secretsmanager/secret:Secret");
        assert.ok(secrets.length >= 4);
        for (const s of secrets) {
            assert.deepStrictEqual(
                s.inputs.replicas.map((r: { region: string }) => r.region),
                ["eu-central-1"],
                s.name,
            );
            assert.ok(String(s.inputs.replicas[0].kmsKeyId).includes("key/"), s.name);
        }
    });

    it("replicates nothing where no region is configured (staging)", async () => {
        const { resources } = await runData("staging");
        for (const s of ofType(resources, "aws:secretsmanager/secret:Secret")) assert.strictEqual(s.inputs.replicas, undefined, s.name);
    });

    it("prod needs a replica region, and the backup replica region among them", () => {
        const none = parseStackConfig(
            rawConfigFor({
                stack: "prod",
                edit: (raw) => {
                    raw.secrets = { backend: "aws-secrets-manager" };
                },
            }),
        );
        assert.ok(!none.ok);
        const paths = none.issues.map((i) => `${i.path}: ${i.expected}`);
        assert.ok(
            paths.some((p) => /^secrets.replicaRegions: at least one replica region in prod/.test(p)),
            paths.join("\n"),
        );
        const elsewhere = parseStackConfig(
            rawConfigFor({
                stack: "prod",
                edit: (raw) => {
                    raw.secrets = { backend: "aws-secrets-manager", replicaRegions: ["us-east-2"] };
                },
            }),
        );
        assert.ok(!elsewhere.ok);
        assert.deepStrictEqual(
            elsewhere.issues.map((i) => [i.path, i.fix]),
            [["secrets.replicaRegions", "add eu-central-1 to secrets.replicaRegions"]],
        );
    });
});
