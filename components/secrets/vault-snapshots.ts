/**
 * Scheduled Raft snapshots of the installed Vault: an init container (vault image) logs in with the snapshot role and
 * saves a snapshot into a memory-backed emptyDir, the main container (aws-cli image) uploads it with SSE-KMS to the
 * backup bucket. Restore: docs/runbooks/disaster-recovery.md.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { StackContext } from "../contracts";
import { imageFor } from "../config";
import { IMAGE_UIDS } from "../kubernetes/image-uids";
import { containerSecurity, podSecurityFor, resources } from "../kubernetes/pods";
import { fitName, hardenedContainer, namespacedMeta, networkPolicyPeers } from "../kubernetes";
import { dataNetworkPolicy } from "../kubernetes/data-network-policy";
import { externalSecretsAnnotation, LABELS, VAULT_PEER } from "../peers";
import { vaultCaTrust } from "./vault-job";
import { SNAPSHOT_DIR, snapshotSaveScript, snapshotUploadScript, vaultScope } from "./vault-scripts";

export const SNAPSHOT_SERVICE_ACCOUNT = "vault-snapshot";
export const SNAPSHOT_LABELS = { [LABELS.name]: "vault-snapshot", [LABELS.component]: "secrets" };

export interface SnapshotTarget {
    bucket: string;
    region: string;
    endpoint?: string;
    /** Secret with AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY for stores without IRSA (as the backup Jobs use it). */
    credentialsSecret?: string;
}

export interface SnapshotArgs {
    schedule: string;
    role: string;
    vaultAddress: string;
    vaultPort: number;
    caSecret?: string;
    target: SnapshotTarget;
}

export function snapshotPodSpec(ctx: StackContext, args: SnapshotArgs): k8s.types.input.core.v1.PodSpec {
    const ca = vaultCaTrust(args.caSecret);
    const shared = { name: "snapshot", mountPath: SNAPSHOT_DIR };
    const tmp = { name: "tmp", mountPath: "/tmp" };
    return {
        restartPolicy: "Never",
        serviceAccountName: SNAPSHOT_SERVICE_ACCOUNT,
        // The Kubernetes auth login presents this pod's service account token.
        automountServiceAccountToken: true,
        securityContext: podSecurityFor(IMAGE_UIDS.vault),
        initContainers: [
            hardenedContainer({
                name: "save",
                image: imageFor(ctx.config, "vault"),
                command: ["/bin/sh", "-c", snapshotSaveScript(args.role)],
                env: [{ name: "VAULT_ADDR", value: args.vaultAddress }, { name: "HOME", value: "/tmp" }, ...ca.env],
                securityContext: containerSecurity(),
                resources: resources("50m", "500m", "256Mi"),
                volumeMounts: [shared, tmp, ...ca.mounts],
            }),
        ],
        containers: [
            hardenedContainer({
                name: "upload",
                image: imageFor(ctx.config, "awsCli"),
                command: ["/bin/sh", "-c", snapshotUploadScript(args.target.bucket, vaultScope(ctx.config), args.target.endpoint)],
                env: [
                    { name: "AWS_REGION", value: args.target.region },
                    { name: "AWS_DEFAULT_REGION", value: args.target.region },
                    { name: "HOME", value: "/tmp" },
                ],
                ...(args.target.credentialsSecret ? { envFrom: [{ secretRef: { name: args.target.credentialsSecret } }] } : {}),
                securityContext: containerSecurity(),
                resources: resources("50m", "500m", "256Mi"),
                volumeMounts: [{ ...shared, readOnly: true }, tmp],
            }),
        ],
        volumes: [
            // Memory-backed: the snapshot holds every secret (encrypted by Vault's barrier) and never touches a node disk.
            { name: "snapshot", emptyDir: { medium: "Memory", sizeLimit: "1Gi" } },
            { name: "tmp", emptyDir: { sizeLimit: "16Mi" } },
            ...ca.volumes,
        ],
    };
}

/** The CronJob, its service account and its NetworkPolicy (Vault and HTTPS egress only). */
export function vaultSnapshots(
    name: string,
    ctx: StackContext,
    args: SnapshotArgs,
    parent: pulumi.Resource,
    dependsOn: pulumi.Resource[],
): k8s.batch.v1.CronJob {
    const opts = { parent, provider: ctx.k8sProvider };
    const sa = new k8s.core.v1.ServiceAccount(
        `${name}-sa`,
        { metadata: namespacedMeta(ctx, SNAPSHOT_SERVICE_ACCOUNT), automountServiceAccountToken: false },
        opts,
    );
    dataNetworkPolicy(
        `${name}-netpol`,
        ctx,
        SNAPSHOT_LABELS,
        {
            ingress: [],
            egress: [
                { peers: networkPolicyPeers(VAULT_PEER), ports: [args.vaultPort] },
                {
                    peers: [{ ipBlock: { cidr: "0.0.0.0/0" } }],
                    ports: [443, ...(args.target.endpoint ? [portOf(args.target.endpoint)] : [])],
                },
            ],
        },
        parent,
    );
    const labels = { ...ctx.commonLabels, ...SNAPSHOT_LABELS };
    return new k8s.batch.v1.CronJob(
        `${name}-cronjob`,
        {
            metadata: namespacedMeta(ctx, fitName(`${ctx.config.appName}-vault-snapshot`, 52), SNAPSHOT_LABELS),
            spec: {
                schedule: args.schedule,
                timeZone: "Etc/UTC",
                concurrencyPolicy: "Forbid",
                startingDeadlineSeconds: 600,
                successfulJobsHistoryLimit: 7,
                failedJobsHistoryLimit: 3,
                jobTemplate: {
                    metadata: { labels },
                    spec: {
                        activeDeadlineSeconds: 1800,
                        backoffLimit: 2,
                        template: {
                            metadata: {
                                labels,
                                annotations: {
                                    [LABELS.needsApiToken]: "true",
                                    ...externalSecretsAnnotation(args.target.credentialsSecret ? [args.target.credentialsSecret] : []),
                                },
                            },
                            spec: snapshotPodSpec(ctx, args),
                        },
                    },
                },
            },
        },
        { ...opts, dependsOn: [sa, ...dependsOn] },
    );
}

function portOf(endpoint: string): number {
    const url = new URL(endpoint);
    return url.port ? Number(url.port) : url.protocol === "http:" ? 80 : 443;
}
