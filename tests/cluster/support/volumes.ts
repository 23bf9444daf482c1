/**
 * Static PersistentVolumes for a stack's claims: the test control plane has no storage provisioner, so every claim
 * the stack makes (PVCs, StatefulSet claim templates, the Zalando operator's data volumes) gets a pre-bound hostPath
 * volume of the requested size before `pulumi up`. kwok's pods never touch the paths.
 */
import { fitName } from "../../../components/kubernetes/names";
import { ApiClient } from "./api-client";
import { applyAll } from "./apply";

export interface Claim {
    namespace: string;
    name: string;
    storage: string;
    accessModes: string[];
    storageClassName?: string;
}

/** Every claim the manifests make or make a controller make. */
export function claimsOf(manifests: Record<string, any>[]): Claim[] {
    const claims: Claim[] = [];
    const fromSpec = (namespace: string, name: string, spec: Record<string, any>): Claim => ({
        namespace,
        name,
        storage: spec.resources?.requests?.storage,
        accessModes: spec.accessModes ?? ["ReadWriteOnce"],
        ...(spec.storageClassName !== undefined ? { storageClassName: spec.storageClassName } : {}),
    });
    for (const m of manifests) {
        const ns = m.metadata.namespace ?? "default";
        if (m.kind === "PersistentVolumeClaim") claims.push(fromSpec(ns, m.metadata.name, m.spec));
        if (m.kind === "StatefulSet") {
            for (const t of m.spec.volumeClaimTemplates ?? []) {
                for (let i = 0; i < (m.spec.replicas ?? 1); i++)
                    claims.push(fromSpec(ns, `${t.metadata.name}-${m.metadata.name}-${i}`, t.spec));
            }
        }
        // The operator's StatefulSet claims `pgdata-<cluster>-<i>` of spec.volume.size.
        if (m.kind === "postgresql" && m.apiVersion === "acid.zalan.do/v1") {
            for (let i = 0; i < (m.spec.numberOfInstances ?? 1); i++) {
                claims.push({
                    namespace: ns,
                    name: `pgdata-${m.metadata.name}-${i}`,
                    storage: m.spec.volume.size,
                    accessModes: ["ReadWriteOnce"],
                    ...(m.spec.volume.storageClass !== undefined ? { storageClassName: m.spec.volume.storageClass } : {}),
                });
            }
        }
    }
    return claims;
}

/** A hostPath volume reserved for one claim (claimRef), of exactly its size and class. */
export function persistentVolumeFor(claim: Claim): Record<string, any> {
    const name = fitName(`pv-${claim.namespace}-${claim.name}`, 253);
    return {
        apiVersion: "v1",
        kind: "PersistentVolume",
        metadata: { name, labels: { "prod-stack.io/test-volume": "true" } },
        spec: {
            capacity: { storage: claim.storage },
            accessModes: claim.accessModes,
            storageClassName: claim.storageClassName ?? "",
            persistentVolumeReclaimPolicy: "Delete",
            hostPath: { path: `/tmp/prod-stack-test-volumes/${name}`, type: "DirectoryOrCreate" },
            claimRef: { namespace: claim.namespace, name: claim.name },
        },
    };
}

/** Creates a volume for every claim of the manifests; returns the API server's rejections and warnings. */
export async function createPersistentVolumes(client: ApiClient, manifests: Record<string, any>[]): Promise<string[]> {
    return applyAll(client, claimsOf(manifests).map(persistentVolumeFor), { dryRun: false });
}
