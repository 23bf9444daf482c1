import { strict as assert } from "assert";
import { runProgram } from "../../../tools/mock-runner/harness";
import { RecordedResource } from "../../../tools/mock-runner/recorded-resource";
import { K } from "../../../policies/lib/kubernetes/types";
import { NetworkModel } from "../../../policies/lib/network/evaluator";
import { ADDON_NAMESPACES } from "../../../components/peers";

// The Vault agent injector's contract, on the seed systems that use the vault backend: the agent must be able to log in
// (a service-account token it can read), a Job's pod must be able to finish, and the Vault role must bind the service
// account the pod really runs as.
const INJECT = "vault.hashicorp.com/agent-inject";
const template = (r: RecordedResource) => (r.type === K.CronJob ? r.inputs.spec.jobTemplate.spec.template : r.inputs.spec.template);

for (const example of ["examples/third-eye.yaml", "examples/sei-platform.yaml"]) {
    describe(`vault agent injection contract: ${example}`, function () {
        this.timeout(120_000);
        let all: RecordedResource[];
        let injected: RecordedResource[];
        before(async () => {
            all = await runProgram({ configFile: example });
            injected = all.filter(
                (r) =>
                    [K.Deployment, K.StatefulSet, K.Job, K.CronJob].includes(r.type as never) &&
                    template(r)?.metadata?.annotations?.[INJECT] === "true",
            );
            assert.ok(injected.length >= 2, `${example}: only ${injected.length} injected workloads`);
        });

        it("every injected pod carries the projected token the agent logs in with", () => {
            for (const r of injected) {
                const t = template(r);
                const volumeName = t.metadata.annotations["vault.hashicorp.com/agent-service-account-token-volume-name"];
                assert.ok(volumeName, `${r.name}: no token volume annotation`);
                const volume = (t.spec.volumes ?? []).find((v: { name: string }) => v.name === volumeName);
                const sources = volume?.projected?.sources ?? [];
                const token =
                    t.spec.automountServiceAccountToken === true || sources.some((s: Record<string, unknown>) => s.serviceAccountToken);
                assert.ok(token, `${r.name}: the agent has no service-account token to log in with`);
            }
        });

        it("Jobs and CronJobs pre-populate only (their pods can finish); long-running pods keep the agent", () => {
            for (const r of injected) {
                const prePopulate = template(r).metadata.annotations["vault.hashicorp.com/agent-pre-populate-only"] === "true";
                assert.equal(prePopulate, r.type === K.Job || r.type === K.CronJob, `${r.type} ${r.name}`);
            }
        });

        it("every injected pod may reach the Vault servers through the stack's NetworkPolicies, and default deny holds", () => {
            const namespaces = all
                .filter((r) => r.type === K.Namespace)
                .map((r) => ({ name: r.inputs.metadata.name, labels: r.inputs.metadata.labels ?? {} }));
            const policies = all
                .filter((r) => r.type === K.NetworkPolicy)
                .map((r) => ({ namespace: r.inputs.metadata.namespace, name: r.name, spec: r.inputs.spec }));
            const model = new NetworkModel(namespaces, policies);
            // The Vault chart labels its server pods app.kubernetes.io/name=vault.
            const vault = { namespace: ADDON_NAMESPACES.vault, labels: { "app.kubernetes.io/name": "vault", component: "server" } };
            const elsewhere = { namespace: "somewhere-else", labels: { "app.kubernetes.io/name": "vault" } };
            for (const r of injected) {
                const pod = { namespace: r.inputs.metadata.namespace, labels: template(r).metadata.labels ?? {} };
                assert.ok(model.isolated(pod, "Egress"), `${r.name}: egress is not isolated (no default deny?)`);
                assert.ok(model.allowed({ from: { pod }, to: { pod: vault }, port: 8200 }), `${r.name} cannot reach Vault on 8200`);
                assert.ok(
                    !model.allowed({ from: { pod }, to: { pod: elsewhere }, port: 8200 }),
                    `${r.name} reaches a look-alike outside the Vault namespace`,
                );
            }
        });

        it("each pod's Vault role binds the service account the pod runs as", () => {
            const scripts = all.filter((r) => r.type === K.Job).map((r) => JSON.stringify(r.inputs.spec.template.spec.containers));
            for (const r of injected) {
                const t = template(r);
                const role = t.metadata.annotations["vault.hashicorp.com/role"];
                const binding = scripts
                    .map((s) => new RegExp(`auth/kubernetes/role/'${role}' bound_service_account_names='([^']+)'`).exec(s)?.[1])
                    .find(Boolean);
                assert.equal(
                    binding,
                    t.spec.serviceAccountName,
                    `${r.name}: role ${role} binds ${binding}, the pod runs as ${t.spec.serviceAccountName}`,
                );
            }
        });
    });
}
