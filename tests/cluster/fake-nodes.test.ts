/**
 * kwok's fake nodes run the pods the scheduler places: Deployments become Available and Jobs Complete, which the
 * engine's await logic for `pulumi up` into this control plane depends on.
 */
import * as assert from "assert";
import { ApiClient } from "./support/api-client";
import { cluster } from "./support/targets";

const NS = "fake-node-check";

async function create(client: ApiClient, apiVersion: string, kind: string, body: Record<string, unknown>): Promise<void> {
    const res = await client.request("POST", await client.pathOf(apiVersion, kind, NS), JSON.stringify({ apiVersion, kind, ...body }));
    assert.strictEqual(res.status, 201, `creating ${kind}: ${JSON.stringify(res.body)}`);
}

async function waitForCondition(client: ApiClient, path: string, type: string, seconds: number): Promise<number> {
    const started = Date.now();
    while (Date.now() - started < seconds * 1000) {
        const res = await client.request("GET", path);
        if ((res.body?.status?.conditions ?? []).some((c: { type: string; status: string }) => c.type === type && c.status === "True"))
            return Date.now() - started;
        await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`${path} not ${type} after ${seconds} s`);
}

describe("cluster: workloads complete on the fake nodes", function () {
    this.timeout(5 * 60_000);

    before(async function () {
        this.timeout(20 * 60_000);
        const { client } = await cluster();
        const res = await client.request(
            "POST",
            "/api/v1/namespaces",
            JSON.stringify({ apiVersion: "v1", kind: "Namespace", metadata: { name: NS } }),
        );
        assert.ok([201, 409].includes(res.status), JSON.stringify(res.body));
        for (let i = 0; i < 150 && (await client.request("GET", `/api/v1/namespaces/${NS}/serviceaccounts/default`)).status !== 200; i++)
            await new Promise((r) => setTimeout(r, 200));
    });

    it("a 3-replica Deployment becomes Available and a Job Complete", async () => {
        const { client } = await cluster();
        const labels = { app: "check" };
        const container = { name: "c", image: "registry.k8s.io/pause:3.10", resources: { requests: { cpu: "10m", memory: "16Mi" } } };
        await create(client, "apps/v1", "Deployment", {
            metadata: { name: "check" },
            spec: { replicas: 3, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [container] } } },
        });
        await create(client, "batch/v1", "Job", {
            metadata: { name: "check" },
            spec: { template: { spec: { restartPolicy: "Never", containers: [container] } } },
        });
        await waitForCondition(client, `/apis/apps/v1/namespaces/${NS}/deployments/check`, "Available", 120);
        await waitForCondition(client, `/apis/batch/v1/namespaces/${NS}/jobs/check`, "Complete", 120);
        const deployment = (await client.request("GET", `/apis/apps/v1/namespaces/${NS}/deployments/check`)).body;
        assert.strictEqual(deployment.status.readyReplicas, 3);
    });
});
