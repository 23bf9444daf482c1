/**
 * Alertmanager reads its receivers' Secrets itself, so each Secret the AlertmanagerConfig names must be one the chosen
 * secrets backend really produces: synced by External Secrets (aws, vault) or declared as created out of band
 * (kubernetes). One case per backend.
 */
import * as assert from "assert";
import { AlertRouting } from "../../../components/observability/alert-routing";
import { deploySecrets } from "../../../components/secrets/deploy";
import { EXTERNAL_REFS_ANNOTATION } from "../../../components/peers";
import { vaultSecretStoreSpec } from "../../../components/secrets/external-secret";
import { ofType, runWithMocks, rawConfigFor } from "../../../tools/mock-runner/harness";
import { RecordedResource } from "../../../tools/mock-runner/recorded-resource";
import { K } from "../../../policies/lib/kubernetes/types";
import { configFor, contextFor, StackName } from "../data/support/context";

const SLACK = "slack-webhook-url";
const PAGERDUTY = "pagerduty-routing-key";

async function routed(stack: StackName, edit: (raw: Record<string, any>) => void): Promise<RecordedResource[]> {
    const full = (raw: Record<string, any>) => {
        edit(raw);
        raw.monitoring = { ...(raw.monitoring ?? {}), enabled: true, alerting: { slackSecret: SLACK, pagerdutySecret: PAGERDUTY } };
        if (!raw.addons?.kubePrometheusStack) raw.monitoring.existingPrometheusOperator = true;
    };
    const config = configFor(stack, full);
    const result = await runWithMocks(
        () => {
            const ctx = contextFor(config);
            new AlertRouting("routing", { ctx, secrets: deploySecrets(ctx) });
        },
        { stack, config: rawConfigFor({ stack, edit: full }) },
    );
    if (result.error) throw result.error;
    return result.resources;
}

function receiverSecrets(resources: RecordedResource[]): { amc: RecordedResource; slack: any; pagerduty: any } {
    const [amc] = ofType(resources, K.AlertmanagerConfig);
    const receivers = amc.inputs.spec.receivers;
    return {
        amc,
        slack: receivers.find((r: any) => r.slackConfigs).slackConfigs[0].apiURL,
        pagerduty: receivers.find((r: any) => r.pagerdutyConfigs).pagerdutyConfigs[0].routingKey,
    };
}

/** The ExternalSecret writing Secret `name`, which the AlertmanagerConfig waits for. */
function syncOf(resources: RecordedResource[], amc: RecordedResource, name: string): RecordedResource {
    const sync = ofType(resources, K.ExternalSecret).find((e) => e.inputs.spec.target.name === name);
    assert.ok(sync, `no ExternalSecret writes the Secret ${name}`);
    assert.ok(amc.options.dependsOn.includes(sync.urn), `the AlertmanagerConfig does not wait for ${sync.name}`);
    return sync;
}

describe("alert receivers: the Secret the AlertmanagerConfig names is one the backend produces", () => {
    it("aws-secrets-manager: External Secrets syncs each receiver secret (every JSON key, so `value` too)", async () => {
        const resources = await routed("prod", () => {});
        const { amc, slack, pagerduty } = receiverSecrets(resources);
        assert.deepStrictEqual(slack, { name: SLACK, key: "value" });
        assert.deepStrictEqual(pagerduty, { name: PAGERDUTY, key: "value" });
        for (const name of [SLACK, PAGERDUTY]) {
            const sync = syncOf(resources, amc, name);
            assert.strictEqual(sync.inputs.spec.secretStoreRef.name, "aws-secrets-manager");
            assert.match(sync.inputs.spec.dataFrom[0].extract.key, new RegExp(`/${name}$`));
        }
    });

    it("vault: External Secrets with a Vault SecretStore per secret, a role reading only that path, the operator chart pinned", async () => {
        const resources = await routed("dev", (raw) => {
            raw.secrets = { backend: "vault" };
            raw.addons = { ...raw.addons, secretsBackend: true };
        });
        const { amc, slack } = receiverSecrets(resources);
        assert.deepStrictEqual(slack, { name: SLACK, key: "value" });
        const sync = syncOf(resources, amc, SLACK);
        assert.strictEqual(sync.inputs.spec.dataFrom[0].extract.key, `webapp/dev/${SLACK}`);
        const store = ofType(resources, K.SecretStore).find((s) => s.inputs.metadata.name === sync.inputs.spec.secretStoreRef.name)!;
        const vault = store.inputs.spec.provider.vault;
        assert.strictEqual(vault.version, "v2");
        assert.strictEqual(vault.path, "secret");
        assert.strictEqual(vault.auth.kubernetes.role, `webapp-dev-sync-${SLACK}`);
        assert.strictEqual(vault.auth.kubernetes.serviceAccountRef.name, "vault-secret-sync");
        assert.strictEqual(vault.caProvider, undefined, "plain HTTP in-cluster Vault: no CA");
        const roleJob = ofType(resources, K.Job).find((j) => j.name.endsWith(`${SLACK}-role`))!;
        const script = roleJob.inputs.spec.template.spec.containers[0].command[2];
        assert.match(script, /bound_service_account_names='vault-secret-sync'/);
        assert.match(script, new RegExp(`path "secret/data/webapp/dev/${SLACK}"`));
        assert.doesNotMatch(script, new RegExp(PAGERDUTY), "each role reads its own secret only");
        assert.ok(store.options.dependsOn.includes(roleJob.urn), "the store waits for its Vault role");
        const charts = ofType(resources, K.HelmChartV4).map((c) => c.inputs.chart);
        assert.ok(charts.includes("external-secrets") && charts.includes("vault"), charts.join());
    });

    it("vault without the add-on: the same sync objects, no chart (an operator installed out of band)", async () => {
        const resources = await routed("dev", (raw) => {
            raw.secrets = { backend: "vault" };
        });
        const { amc } = receiverSecrets(resources);
        syncOf(resources, amc, SLACK);
        assert.strictEqual(ofType(resources, K.HelmChartV4).length, 0);
    });

    it("kubernetes: no sync; the AlertmanagerConfig declares both receiver Secrets as created out of band", async () => {
        const resources = await routed("dev", () => {});
        const { amc, slack, pagerduty } = receiverSecrets(resources);
        assert.deepStrictEqual(slack, { name: SLACK, key: "value" });
        assert.deepStrictEqual(pagerduty, { name: PAGERDUTY, key: "value" });
        assert.strictEqual(
            amc.inputs.metadata.annotations[EXTERNAL_REFS_ANNOTATION],
            [PAGERDUTY, SLACK]
                .map((n) => `Secret/${n}`)
                .sort()
                .join(","),
        );
        assert.strictEqual(ofType(resources, K.ExternalSecret).length, 0);
    });

    it("a TLS Vault: the store verifies it with the CA Secret's ca.crt", () => {
        const spec = vaultSecretStoreSpec("https://vault:8200", "secret", "r", "sa", "vault-ca") as any;
        assert.deepStrictEqual(spec.provider.vault.caProvider, { type: "Secret", name: "vault-ca", key: "ca.crt" });
    });
});
