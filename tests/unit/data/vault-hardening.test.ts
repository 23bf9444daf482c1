import * as assert from "assert";
import { named, ofType, rawConfigFor } from "../../../tools/mock-runner/harness";
import { parseStackConfig } from "../../../components/config";
import { K } from "../../../policies/lib/kubernetes/types";
import { runData } from "./support/context";

const CHART = K.HelmChartV4;
const CERT = "kubernetes:cert-manager.io/v1:Certificate";

/** Vault installed by the stack on prod's aws target, snapshots into a named bucket. */
function prodVault(raw: Record<string, any>, secrets: Record<string, unknown> = {}): void {
    raw.addons = { ...raw.addons, secretsBackend: true };
    raw.secrets = { backend: "vault", ...secrets };
    raw.backup.destination = { ...raw.backup.destination, bucket: "webapp-prod-backups" };
    // Vault delivers secrets as a file the command sources; prod pins every platform image by digest.
    for (const svc of raw.services) svc.command ??= ["/app/start"];
    raw.images = { ...raw.images, vault: `hashicorp/vault:1.21.2@sha256:${"a".repeat(64)}` };
}

function vaultChart(resources: Awaited<ReturnType<typeof runData>>["resources"]) {
    return ofType(resources, CHART).find((c) => c.inputs.chart === "vault")!;
}

function script(job: { inputs: Record<string, any> }): string {
    return job.inputs.spec.template.spec.containers[0].command[2];
}

describe("secrets: vault hardening (TLS, auto-unseal, audit, Raft snapshots)", () => {
    it("serves TLS with a cert-manager certificate of a per-stack CA, and every client verifies it", async () => {
        const { resources, layers } = await runData("prod", (raw) => prodVault(raw));
        const values = vaultChart(resources).inputs.values;
        const config: string = values.server.ha.raft.config;
        assert.match(config, /tls_cert_file = "\/vault\/userconfig\/vault-server-tls\/tls.crt"/);
        assert.doesNotMatch(config, /tls_disable/);
        assert.match(config, /leader_api_addr = "https:\/\/vault-chart-0\.vault-chart-internal:8200"\n {4}leader_ca_cert_file/);
        assert.strictEqual(values.global.tlsDisable, false);
        assert.deepStrictEqual(values.server.extraVolumes, [{ type: "secret", name: "vault-server-tls" }]);

        const server = ofType(resources, CERT).find((c) => c.inputs.spec.secretName === "vault-server-tls")!;
        assert.strictEqual(server.inputs.metadata.namespace, "vault");
        assert.ok(server.inputs.spec.dnsNames.includes("*.vault-chart-internal"));
        assert.ok(server.inputs.spec.dnsNames.includes("vault-chart.vault.svc"));
        assert.deepStrictEqual(server.inputs.spec.issuerRef, {
            name: "webapp-prod-vault-ca",
            kind: "ClusterIssuer",
            group: "cert-manager.io",
        });
        const trust = ofType(resources, CERT).find((c) => c.inputs.spec.secretName === "vault-ca")!;
        assert.strictEqual(trust.inputs.metadata.namespace, "webapp-prod");
        const issuer = ofType(resources, "kubernetes:cert-manager.io/v1:ClusterIssuer").find(
            (i) => i.inputs.metadata.name === "webapp-prod-vault-ca",
        )!;
        assert.deepStrictEqual(issuer.inputs.spec, { ca: { secretName: "webapp-prod-vault-ca" } });

        const job = ofType(resources, K.Job)[0];
        const env = job.inputs.spec.template.spec.containers[0].env;
        assert.ok(env.some((e: any) => e.name === "VAULT_ADDR" && e.value === "https://vault-chart.vault.svc:8200"));
        assert.ok(env.some((e: any) => e.name === "VAULT_CACERT" && e.value === "/vault/tls/ca.crt"));
        assert.ok(job.inputs.spec.template.spec.volumes.some((v: any) => v.secret?.secretName === "vault-ca"));
        assert.strictEqual(layers.api!.podAnnotations["vault.hashicorp.com/tls-secret"], "vault-ca");
        assert.strictEqual(layers.api!.podAnnotations["vault.hashicorp.com/ca-cert"], "/vault/tls/ca.crt");
    });

    it("stays on plain HTTP where the environment does not require TLS (dev), and no certificate is requested", async () => {
        const { resources, layers } = await runData("dev", (raw) => {
            raw.addons = { ...raw.addons, secretsBackend: true };
            raw.secrets = { backend: "vault" };
        });
        assert.match(vaultChart(resources).inputs.values.server.ha.raft.config, /tls_disable = 1/);
        assert.strictEqual(ofType(resources, CERT).length, 0);
        assert.strictEqual(layers.api!.podAnnotations["vault.hashicorp.com/tls-secret"], undefined);
    });

    it("auto-unseals with a stack KMS key through IRSA on the aws target", async () => {
        const { resources } = await runData("prod", (raw) => prodVault(raw));
        const values = vaultChart(resources).inputs.values;
        const key = named(resources, "aws:kms/key:Key", "webapp-secrets-seal-unseal-key");
        assert.strictEqual(key.inputs.enableKeyRotation, true);
        assert.strictEqual(key.options.protect, true);
        assert.match(values.server.ha.raft.config, /seal "awskms" \{\n {2}region = "eu-west-1"\n {2}kms_key_id = "arn:aws:kms:[^"]+"/);
        const role = named(resources, "aws:iam/role:Role", "webapp-secrets-seal-unseal-role");
        const trust = JSON.parse(role.inputs.assumeRolePolicy);
        assert.deepStrictEqual(Object.values(trust.Statement[0].Condition.StringEquals)[0], "system:serviceaccount:vault:vault-chart");
        assert.ok(String(values.server.serviceAccount.annotations["eks.amazonaws.com/role-arn"]).length > 0);
        const policy = JSON.parse(named(resources, "aws:iam/rolePolicy:RolePolicy", "webapp-secrets-seal-unseal-policy").inputs.policy);
        assert.deepStrictEqual(policy.Statement[0].Action, ["kms:Encrypt", "kms:Decrypt", "kms:DescribeKey"]);
    });

    it("uses the transit seal when configured, with its token from a Secret, and Shamir (no seal stanza) by default on the cluster target", async () => {
        const { resources: transit } = await runData("dev", (raw) => {
            raw.addons = { ...raw.addons, secretsBackend: true };
            raw.secrets = {
                backend: "vault",
                seal: {
                    kind: "transit",
                    address: "https://unseal.example.com:8200",
                    keyName: "webapp-unseal",
                    tokenSecret: "vault-transit-token",
                },
            };
        });
        const values = vaultChart(transit).inputs.values;
        assert.match(
            values.server.ha.raft.config,
            /seal "transit" \{\n {2}address = "https:\/\/unseal.example.com:8200"\n {2}key_name = "webapp-unseal"/,
        );
        assert.deepStrictEqual(values.server.extraSecretEnvironmentVars, [
            { envName: "VAULT_TOKEN", secretName: "vault-transit-token", secretKey: "token" },
        ]);
        const { resources: shamir } = await runData("dev", (raw) => {
            raw.addons = { ...raw.addons, secretsBackend: true };
            raw.secrets = { backend: "vault" };
        });
        assert.doesNotMatch(vaultChart(shamir).inputs.values.server.ha.raft.config, /seal "/);
        assert.strictEqual(ofType(shamir, "aws:kms/key:Key").length, 0);
    });

    it("enables an audit device from the config Job: a file on the audit volume by default, stdout when asked", async () => {
        const { resources } = await runData("prod", (raw) => prodVault(raw));
        const audit = named(resources, K.Job, "webapp-secrets-audit");
        assert.match(script(audit), /vault audit enable -path='webapp-prod-audit' file file_path='\/vault\/audit\/vault-audit.log'/);
        assert.strictEqual(vaultChart(resources).inputs.values.server.auditStorage.enabled, true);
        const { resources: stdout } = await runData("prod", (raw) => prodVault(raw, { audit: "stdout" }));
        assert.match(script(named(stdout, K.Job, "webapp-secrets-audit")), /file file_path='stdout'/);
    });

    it("takes scheduled Raft snapshots with a snapshot-only role and uploads them SSE-KMS to the backup bucket", async () => {
        const { resources } = await runData("prod", (raw) => prodVault(raw));
        const cron = named(resources, K.CronJob, "webapp-secrets-snapshot-cronjob");
        assert.strictEqual(cron.inputs.spec.schedule, "30 1 * * *");
        assert.strictEqual(cron.inputs.spec.concurrencyPolicy, "Forbid");
        const pod = cron.inputs.spec.jobTemplate.spec.template.spec;
        assert.strictEqual(pod.serviceAccountName, "vault-snapshot");
        assert.match(
            pod.initContainers[0].command[2],
            /role='webapp-prod-snapshot'[\s\S]*vault operator raft snapshot save \/snapshot\/vault.snap/,
        );
        assert.match(pod.containers[0].command[2], /aws s3 cp \/snapshot\/vault.snap "s3:\/\/webapp-prod-backups\/\$key" --sse aws:kms/);
        assert.match(pod.containers[0].command[2], /vault-snapshots\/webapp-prod\//);
        assert.strictEqual(pod.volumes.find((v: any) => v.name === "snapshot").emptyDir.medium, "Memory");
        const role = script(named(resources, K.Job, "webapp-secrets-role-snapshot"));
        assert.match(role, /path "sys\/storage\/raft\/snapshot" \{\n {2}capabilities = \["read"\]/);
        assert.match(role, /bound_service_account_names='vault-snapshot'/);

        const { resources: off } = await runData("prod", (raw) => prodVault(raw, { snapshots: { enabled: false } }));
        assert.strictEqual(ofType(off, K.CronJob).filter((c) => c.name.includes("snapshot")).length, 0);
    });

    it("rejects awskms on the cluster target and snapshots with no bucket to go to, naming the key and the fix", () => {
        const seal = parseStackConfig(
            rawConfigFor({
                stack: "dev",
                edit: (raw) => {
                    raw.secrets = { backend: "vault", seal: { kind: "awskms" } };
                },
            }),
        );
        assert.ok(!seal.ok && seal.issues.some((i) => i.path === "secrets.seal.kind" && /transit|shamir/.test(i.fix ?? "")));
        const bucket = parseStackConfig(
            rawConfigFor({
                stack: "prod",
                edit: (raw) => {
                    raw.secrets = { backend: "vault" };
                },
            }),
        );
        assert.ok(
            !bucket.ok &&
                bucket.issues.some((i) => i.path === "secrets.snapshots.enabled" && /backup.destination.bucket/.test(i.fix ?? "")),
        );
    });
});
