/**
 * Velero: scheduled backups of the app namespace's Kubernetes objects (guide 002's disaster recovery restores cluster
 * state with `velero restore create --from-backup ...` before the database), into the stack's backup bucket under
 * `<prefix>/`. The schedules are chart values (the chart renders the Schedule objects), so no Velero CRD is written here.
 */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { StackConfig } from "../config";
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from "../kubernetes";
import { PolicyDocument } from "../shared/iam";
import { irsaRole } from "../shared/irsa-role";
import { AddonChart } from "./chart";
import { ADDON_VERSIONS, VELERO_AWS_PLUGIN_IMAGE } from "./versions";

/** The server's ServiceAccount (fullnameOverride makes every object of the release `velero`). */
export const VELERO_SERVICE_ACCOUNT = "velero";
const FULLNAME = "velero";

/** Where Velero writes: the bucket (and, on the aws target, its ARN and the KMS key that encrypts it). */
export interface VeleroStorage {
    bucket: pulumi.Input<string>;
    /** aws target: the IAM policy is scoped to `<bucketArn>/<prefix>/*`. */
    bucketArn?: pulumi.Input<string>;
    /** aws target: SSE-KMS with this key (the backup bucket's); absent for an existing bucket with its own default. */
    keyArn?: pulumi.Input<string>;
}

/** Name of a schedule in the chart's values: the Schedule object is `velero-<this>`, its backups `velero-<this>-<ts>`. */
export function veleroScheduleKey(config: StackConfig, scheduleName: string): string {
    return `${config.appName}-${scheduleName}`;
}

/** Region of the bucket: the stack's region on aws (the bucket is created there), the configured one elsewhere. */
function bucketRegion(config: StackConfig): string {
    if (config.target === "aws") return config.aws.region;
    return config.backup.destination.kind === "s3" ? config.backup.destination.region : "us-east-1";
}

/** BackupStorageLocation config of the AWS plugin: region, SSE-KMS key, and an S3-compatible endpoint where set. */
export function storageLocationConfig(config: StackConfig, keyArn?: string): Record<string, string> {
    const dest = config.backup.destination;
    const endpoint = config.target === "cluster" && dest.kind === "s3" ? dest.endpoint : undefined;
    return {
        region: bucketRegion(config),
        ...(keyArn ? { kmsKeyId: keyArn } : {}),
        // Most S3-compatible stores (MinIO, Ceph) serve buckets by path, not by virtual host.
        ...(endpoint ? { s3Url: endpoint, s3ForcePathStyle: "true" } : {}),
    };
}

/**
 * Chart values: one storage location (the bucket, `<prefix>/`, SSE-KMS), the AWS plugin as an initContainer, the
 * schedules of backup.clusterState, volume snapshots only when asked for, no node agent (it needs hostPath and root),
 * restricted Pod Security contexts, IRSA on aws or the operator's credentials Secret elsewhere, CRDs from the chart's
 * crds/ (the upgrade Job's kubectl image is not used).
 */
export function veleroValues(
    config: StackConfig,
    storage: { bucket: pulumi.Input<string>; keyArn?: pulumi.Input<string> },
    roleArn?: pulumi.Input<string>,
): pulumi.Output<Record<string, unknown>> {
    const state = config.backup.clusterState;
    const snapshots = config.target === "aws" && state.snapshotVolumes;
    return pulumi.all([storage.bucket, storage.keyArn, roleArn]).apply(([bucket, keyArn, role]): Record<string, unknown> => ({
        fullnameOverride: FULLNAME,
        upgradeCRDs: false,
        cleanUpCRDs: false,
        deployNodeAgent: false,
        backupsEnabled: true,
        snapshotsEnabled: snapshots,
        configuration: {
            backupStorageLocation: [
                {
                    name: "default",
                    provider: "aws",
                    bucket,
                    prefix: state.prefix,
                    default: true,
                    config: storageLocationConfig(config, keyArn),
                },
            ],
            volumeSnapshotLocation: snapshots ? [{ name: "default", provider: "aws", config: { region: bucketRegion(config) } }] : [],
        },
        initContainers: [
            {
                name: "velero-plugin-for-aws",
                image: VELERO_AWS_PLUGIN_IMAGE,
                imagePullPolicy: "IfNotPresent",
                volumeMounts: [{ mountPath: "/target", name: "plugins" }],
                securityContext: restrictedContainerSecurityContext(),
                resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "200m", memory: "128Mi" } },
            },
        ],
        credentials: config.target === "aws" ? { useSecret: false } : { useSecret: true, existingSecret: state.credentialsSecret },
        serviceAccount: {
            server: {
                create: true,
                name: VELERO_SERVICE_ACCOUNT,
                annotations: role ? { "eks.amazonaws.com/role-arn": role } : {},
            },
        },
        // The fsGroup also makes the projected IRSA token readable by the non-root server.
        podSecurityContext: restrictedPodSecurityContext(),
        containerSecurityContext: restrictedContainerSecurityContext(),
        resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "1", memory: "512Mi" } },
        metrics: { enabled: true, serviceMonitor: { enabled: config.addons.kubePrometheusStack } },
        schedules: Object.fromEntries(
            state.schedules.map((s) => [
                veleroScheduleKey(config, s.name),
                {
                    disabled: false,
                    schedule: s.schedule,
                    // Backups outlive a Schedule deleted with the release (no owner references).
                    useOwnerReferencesInBackup: false,
                    template: {
                        ttl: s.ttl,
                        storageLocation: "default",
                        includedNamespaces: s.includedNamespaces ?? [config.namespace],
                        snapshotVolumes: snapshots,
                    },
                },
            ]),
        ),
    }));
}

/**
 * What Velero may do on AWS: list the bucket only under `<prefix>/`, read/write/delete objects under it, use the bucket's
 * key only through S3 in its region, and (snapshotVolumes) manage EBS snapshots, which EC2 does not scope by resource.
 */
export function veleroAccessPolicy(
    bucketArn: string,
    prefix: string,
    region: string,
    keyArn: string | undefined,
    snapshotVolumes: boolean,
): PolicyDocument {
    const statements: Record<string, unknown>[] = [
        {
            Sid: "ListPrefix",
            Effect: "Allow",
            Action: ["s3:ListBucket"],
            Resource: [bucketArn],
            Condition: { StringLike: { "s3:prefix": [`${prefix}/*`] } },
        },
        {
            Sid: "ObjectsUnderPrefix",
            Effect: "Allow",
            Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
            Resource: [`${bucketArn}/${prefix}/*`],
        },
    ];
    if (keyArn)
        statements.push({
            Sid: "BucketKey",
            Effect: "Allow",
            Action: ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey"],
            Resource: [keyArn],
            Condition: { StringEquals: { "kms:ViaService": `s3.${region}.amazonaws.com` } },
        });
    if (snapshotVolumes)
        statements.push({
            Sid: "VolumeSnapshots",
            Effect: "Allow",
            Action: [
                "ec2:DescribeVolumes",
                "ec2:DescribeSnapshots",
                "ec2:CreateTags",
                "ec2:CreateVolume",
                "ec2:CreateSnapshot",
                "ec2:DeleteSnapshot",
            ],
            Resource: ["*"],
        });
    return { Version: "2012-10-17", Statement: statements };
}

export interface VeleroArgs {
    /** The validated stack config (backup.clusterState, backup.destination, aws, addons). */
    config: StackConfig;
    /** Labels on the namespace the release creates. */
    commonLabels: Record<string, string>;
    /** Tags on the IRSA role. */
    commonTags: Record<string, string>;
    /** Kubernetes provider the chart is installed with. */
    provider: k8s.Provider;
    /** AWS provider (aws target): the IRSA role is created with it. Required there. */
    awsProvider?: aws.Provider;
    /** The backup destination Velero writes into (the backup layer's bucket and key). */
    storage: VeleroStorage;
}

/** Velero from its pinned chart, in the `velero` namespace (restricted), with an IRSA role on the aws target. */
export class Velero extends pulumi.ComponentResource {
    public readonly resources: pulumi.Resource[] = [];

    constructor(name: string, args: VeleroArgs, opts?: pulumi.ComponentResourceOptions) {
        super("stack:addons:Velero", name, {}, opts);
        const { config, storage } = args;
        const pin = ADDON_VERSIONS.velero;
        const state = config.backup.clusterState;
        let roleArn: pulumi.Output<string> | undefined;
        if (config.target === "aws") {
            if (!args.awsProvider || !storage.bucketArn)
                throw new Error("internal: Velero on the aws target needs the AWS provider and the bucket ARN");
            const { role, policy } = irsaRole(
                this,
                name,
                {
                    oidc: config.aws,
                    namespace: pin.namespace,
                    serviceAccount: VELERO_SERVICE_ACCOUNT,
                    description: `Velero of ${config.appName}-${config.environment}: backups under ${state.prefix}/ of the backup bucket`,
                    tags: args.commonTags,
                    policy: pulumi
                        .all([storage.bucketArn, storage.keyArn])
                        .apply(([b, k]) => veleroAccessPolicy(b, state.prefix, config.aws.region, k, state.snapshotVolumes)),
                    policyName: "access",
                },
                args.awsProvider,
            );
            roleArn = role.arn;
            this.resources.push(role, policy);
        }
        this.resources.push(
            new AddonChart(
                `${name}-release`,
                { pin, values: veleroValues(config, storage, roleArn), commonLabels: args.commonLabels, provider: args.provider },
                { parent: this, dependsOn: this.resources },
            ),
        );
        this.registerOutputs({ namespace: pin.namespace, prefix: state.prefix });
    }
}
