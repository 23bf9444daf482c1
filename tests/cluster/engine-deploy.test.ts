/**
 * The dev stack deployed for real: `npm run up -- dev` (the engine driver, the policy pack, the kubernetes provider
 * with a kubeconfig) into the local control plane, whose kwok nodes run the pods, so Pulumi's await logic has to see
 * every Deployment become Available and every Job Complete. A second up changes nothing; destroy leaves no stack
 * object behind. Uses a control plane of its own: the other cluster tests leave objects in theirs.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import { repoRoot } from "../../tools/engine/paths";
import { EngineSandbox } from "../e2e/support/engine";
import { ApiClient } from "./support/api-client";
import { type ControlPlane, startControlPlane } from "./support/control-plane";
import { manifestsOf } from "./support/targets";
import { createPersistentVolumes } from "./support/volumes";

interface Condition {
    type: string;
    status: string;
}

async function list(client: ApiClient, apiPath: string): Promise<Record<string, any>[]> {
    const res = await client.request("GET", apiPath);
    assert.equal(res.status, 200, `GET ${apiPath}: ${JSON.stringify(res.body).slice(0, 400)}`);
    return res.body.items as Record<string, any>[];
}

const hasCondition = (o: Record<string, any>, type: string) =>
    ((o.status?.conditions ?? []) as Condition[]).some((c) => c.type === type && c.status === "True");

describe("cluster: pulumi up of the dev stack into the control plane", function () {
    this.timeout(20 * 60_000);
    let plane: ControlPlane;
    let client: ApiClient;
    let namespace: string;
    const sandbox = new EngineSandbox();
    const variant = path.join(sandbox.dir, "Pulumi.dev.yaml");

    before(async function () {
        plane = await startControlPlane();
        client = new ApiClient(plane.kubeconfig);
        const manifests = await manifestsOf("dev");
        namespace = manifests.find((m) => m.kind === "Namespace")!.metadata.name;
        // No storage provisioner on the test control plane: every claim dev makes gets a static volume first.
        assert.deepEqual(await createPersistentVolumes(client, manifests), []);
        const settings = YAML.parse(fs.readFileSync(path.join(repoRoot, "Pulumi.dev.yaml"), "utf8"));
        settings.config["prod-stack:kubernetes"] = { mode: "kubeconfig", kubeconfigPath: plane.kubeconfig };
        fs.writeFileSync(variant, YAML.stringify(settings));
    });

    after(async function () {
        sandbox.remove();
        if (plane) await plane.stop();
    });

    it("up: every Deployment Available and every Job Complete, as Pulumi awaited them", async () => {
        const r = sandbox.engine(["up", "dev", "--config", variant]);
        assert.equal(r.status, 0, r.stderr.slice(-8000));
        assert.ok((r.result!.changes.create ?? 0) > 50, JSON.stringify(r.result!.changes));
        const deployments = await list(client, `/apis/apps/v1/namespaces/${namespace}/deployments`);
        assert.ok(deployments.length >= 3, `only ${deployments.length} Deployments`);
        assert.deepEqual(
            deployments.filter((d) => !hasCondition(d, "Available")).map((d) => d.metadata.name),
            [],
            "Deployments not Available",
        );
        const jobs = await list(client, `/apis/batch/v1/namespaces/${namespace}/jobs`);
        assert.ok(jobs.length >= 1, "no Jobs ran");
        assert.deepEqual(
            jobs.filter((j) => !hasCondition(j, "Complete")).map((j) => j.metadata.name),
            [],
            "Jobs not Complete",
        );
    });

    it("a second up changes nothing", () => {
        const r = sandbox.engine(["up", "dev", "--config", variant]);
        assert.equal(r.status, 0, r.stderr.slice(-8000));
        assert.deepEqual(r.result!.changes, {});
    });

    it("destroy leaves no stack object behind", async () => {
        const r = sandbox.engine(["destroy", "dev", "--config", variant]);
        assert.equal(r.status, 0, r.stderr.slice(-8000));
        const res = await client.request("GET", `/api/v1/namespaces/${namespace}`);
        // Namespace deletion finishes asynchronously (the namespace controller empties it first).
        assert.ok(
            res.status === 404 || res.body?.status?.phase === "Terminating",
            `namespace ${namespace}: ${res.status} ${res.body?.status?.phase}`,
        );
        const leftovers = [
            ...(await list(client, `/apis/apps/v1/namespaces/${namespace}/deployments`)),
            ...(await list(client, `/apis/apps/v1/namespaces/${namespace}/statefulsets`)),
            ...(await list(client, `/apis/batch/v1/namespaces/${namespace}/cronjobs`)),
        ].filter((o) => !o.metadata.deletionTimestamp);
        assert.deepEqual(
            leftovers.map((o) => `${o.kind ?? ""} ${o.metadata.name}`),
            [],
        );
        const clusterScoped = (await list(client, "/apis/rbac.authorization.k8s.io/v1/clusterroles")).filter((c) =>
            Object.values(c.metadata.labels ?? {}).some((v) => String(v).includes("webapp")),
        );
        assert.deepEqual(
            clusterScoped.map((c) => c.metadata.name),
            [],
            "cluster-scoped stack objects left",
        );
    });
});
