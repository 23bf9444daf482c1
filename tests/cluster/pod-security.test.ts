/**
 * Pod Security admission against the real thing: a dry-run Pod from every workload template, in the namespace the
 * workload runs in, at that namespace's enforced level; and a privileged pod that admission must refuse.
 */
import * as assert from "assert";
import { fitName } from "../../components/kubernetes/names";
import { problemsOf, applyPrerequisites } from "./support/apply";
import { cluster, idOf, manifestsOf, TARGETS } from "./support/targets";

const ENFORCE = "pod-security.kubernetes.io/enforce";
const WORKLOAD_KINDS = ["Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob"];

function podTemplateOf(m: Record<string, any>): Record<string, any> {
    return m.kind === "CronJob" ? m.spec.jobTemplate.spec.template : m.spec.template;
}

/** The pod its controller would create; a StatefulSet's pods also get a volume per claim template. */
function podFrom(m: Record<string, any>): Record<string, any> {
    const template = podTemplateOf(m);
    const claims = (m.kind === "StatefulSet" ? (m.spec.volumeClaimTemplates ?? []) : []) as { metadata: { name: string } }[];
    const claimVolumes = claims.map((c) => ({
        name: c.metadata.name,
        persistentVolumeClaim: { claimName: `${c.metadata.name}-${m.metadata.name}-0` },
    }));
    return {
        apiVersion: "v1",
        kind: "Pod",
        metadata: {
            name: fitName(`${m.kind.toLowerCase()}-${m.metadata.name}`),
            namespace: m.metadata.namespace,
            labels: template.metadata?.labels,
            annotations: template.metadata?.annotations,
        },
        spec: { ...template.spec, volumes: [...(template.spec.volumes ?? []), ...claimVolumes] },
    };
}

async function createPod(pod: Record<string, any>) {
    const { client } = await cluster();
    const path = await client.pathOf("v1", "Pod", pod.metadata.namespace);
    return client.request("POST", `${path}?dryRun=All&fieldValidation=Strict`, JSON.stringify(pod));
}

describe("cluster: Pod Security admission of every workload's pods", function () {
    this.timeout(10 * 60_000);

    before(async function () {
        this.timeout(20 * 60_000);
        await cluster();
    });

    for (const target of TARGETS) {
        it(`${target}: a pod from each workload template is admitted in its namespace, without warnings`, async () => {
            const { client } = await cluster();
            const manifests = await manifestsOf(target);
            const workloads = manifests.filter((m) => WORKLOAD_KINDS.includes(m.kind));
            assert.ok(workloads.length > 0, `${target} has no workloads`);
            // Admission looks the pod's ServiceAccount and PriorityClass up, and Pod Security reads the namespace labels.
            const problems = await applyPrerequisites(client, manifests, ["Namespace", "PriorityClass", "ServiceAccount"]);
            for (const ns of new Set(workloads.map((w) => w.metadata.namespace as string))) {
                assert.ok(
                    manifests.some((m) => m.kind === "Namespace" && m.metadata.name === ns && m.metadata.labels?.[ENFORCE]),
                    `${target}: workloads run in namespace ${ns}, which the stack does not create with a ${ENFORCE} label`,
                );
                await waitForDefaultServiceAccount(ns);
            }
            for (const w of workloads) problems.push(...problemsOf(`pod of ${idOf(w)}`, await createPod(podFrom(w))));
            assert.deepStrictEqual(problems, []);
        });
    }

    it("a privileged pod is refused by Pod Security admission in dev's app namespace", async () => {
        const manifests = await manifestsOf("dev");
        const app = manifests.find((m) => m.kind === "Deployment");
        assert.ok(app, "dev has no Deployment");
        const ns = manifests.find((m) => m.kind === "Namespace" && m.metadata.name === app.metadata.namespace);
        assert.ok(
            ["baseline", "restricted"].includes(ns?.metadata.labels?.[ENFORCE]),
            `namespace ${app.metadata.namespace} enforces no baseline/restricted level`,
        );
        const { client } = await cluster();
        await applyPrerequisites(client, [ns!], ["Namespace"]);
        await waitForDefaultServiceAccount(ns!.metadata.name);
        const res = await createPod({
            apiVersion: "v1",
            kind: "Pod",
            metadata: { name: "privileged-probe", namespace: ns!.metadata.name },
            spec: { containers: [{ name: "c", image: "busybox:1.37", securityContext: { privileged: true } }] },
        });
        assert.strictEqual(res.status, 403, `expected 403 Forbidden, got ${res.status}: ${JSON.stringify(res.body)}`);
        assert.match(String(res.body?.message), /violates PodSecurity/);
    });
});

/** The ServiceAccount admission plugin refuses pods until the controller manager created the namespace's `default`. */
async function waitForDefaultServiceAccount(namespace: string): Promise<void> {
    const { client } = await cluster();
    const path = `/api/v1/namespaces/${namespace}/serviceaccounts/default`;
    for (let i = 0; i < 150; i++) {
        if ((await client.request("GET", path)).status === 200) return;
        await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`no default ServiceAccount in ${namespace} after 30 s (is kube-controller-manager running?)`);
}
