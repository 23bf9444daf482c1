/** The static volumes the engine tests deploy the dev stack onto: every claim of dev binds to one. */
import * as assert from "assert";
import { applyAll, applyPrerequisites } from "./support/apply";
import { cluster, manifestsOf } from "./support/targets";
import { claimsOf, createPersistentVolumes } from "./support/volumes";

describe("cluster: static PersistentVolumes for the dev stack", function () {
    this.timeout(5 * 60_000);

    before(async function () {
        this.timeout(20 * 60_000);
        await cluster();
    });

    it("every claim dev makes (PVCs, StatefulSet templates: Redis, PostgreSQL, backups) binds to its volume", async () => {
        const { client } = await cluster();
        const manifests = await manifestsOf("dev");
        const claims = claimsOf(manifests);
        assert.ok(
            claims.some((c) => c.name === "data-webapp-postgres-0") && claims.length >= 3,
            `dev makes too few claims: ${JSON.stringify(claims)}`,
        );
        assert.deepStrictEqual(await applyPrerequisites(client, manifests, ["Namespace"]), []);
        assert.deepStrictEqual(await createPersistentVolumes(client, manifests), []);
        // Stand-ins for what the controllers would create, so the binder has something to bind.
        const pvcs = claims.map((c) => ({
            apiVersion: "v1",
            kind: "PersistentVolumeClaim",
            metadata: { name: c.name, namespace: c.namespace },
            spec: {
                accessModes: c.accessModes,
                resources: { requests: { storage: c.storage } },
                ...(c.storageClassName !== undefined ? { storageClassName: c.storageClassName } : {}),
            },
        }));
        assert.deepStrictEqual(await applyAll(client, pvcs, { dryRun: false }), []);
        const deadline = Date.now() + 60_000;
        let unbound = claims.map((c) => `${c.namespace}/${c.name}`);
        while (unbound.length > 0 && Date.now() < deadline) {
            await new Promise((r) => setTimeout(r, 500));
            const phases = await Promise.all(
                claims.map(async (c) => {
                    const res = await client.request("GET", `/api/v1/namespaces/${c.namespace}/persistentvolumeclaims/${c.name}`);
                    return res.body?.status?.phase === "Bound" ? undefined : `${c.namespace}/${c.name}`;
                }),
            );
            unbound = phases.filter((p): p is string => p !== undefined);
        }
        assert.deepStrictEqual(unbound, [], "claims still unbound after 60 s");
    });
});
