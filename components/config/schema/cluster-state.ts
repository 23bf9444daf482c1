import { z } from "zod";
import { EnvironmentPreset } from "../presets";
import { cronSchedule, dnsLabel } from "./primitives";

/** A Go duration as Velero reads a backup TTL: hours, minutes and/or seconds, e.g. 720h or 168h30m. */
const veleroDuration = z.string().regex(/^(?=[0-9])([0-9]+h)?([0-9]+m)?([0-9]+s)?$/, "a duration in hours/minutes/seconds such as 720h");

/** One Velero Schedule (rendered through the chart's `schedules` values). */
const clusterStateSchedule = z.strictObject({
    /** Schedule name; the Schedule object is `velero-<appName>-<name>` and its backups `<that>-<timestamp>`. */
    name: dnsLabel.refine((v) => v.length <= 40, "at most 40 characters (backup names append a timestamp)"),
    /** Five-field cron, evaluated by the Velero server in UTC. */
    schedule: cronSchedule,
    /** How long Velero keeps each backup before its garbage collection deletes it. Default 720h (30 days). */
    ttl: veleroDuration.default("720h"),
    /** Namespaces the backup takes. Default: the app namespace only. */
    includedNamespaces: z.array(dnsLabel).min(1).optional(),
});

export type ClusterStateSchedule = z.infer<typeof clusterStateSchedule>;

export const DEFAULT_CLUSTER_STATE_SCHEDULES: ClusterStateSchedule[] = [{ name: "daily", schedule: "0 3 * * *", ttl: "720h" }];

/**
 * `backup.clusterState`: Velero backups of the app namespace's Kubernetes objects into the backup bucket under
 * `<prefix>/` (SSE-KMS with the bucket's key on the aws target), the chart installed when `addons.velero`.
 */
export function clusterStateSchema(preset: EnvironmentPreset) {
    return z.strictObject({
        /** Default: on in prod (guide 002 restores cluster state with Velero), off in dev and staging. */
        enabled: z.boolean().default(preset.clusterStateBackups),
        /** Default: one daily schedule at 03:00 (after the database backups), kept 720h. */
        schedules: z
            .array(clusterStateSchedule)
            .min(1, "at least one schedule (or set backup.clusterState.enabled: false)")
            .refine((all) => new Set(all.map((s) => s.name)).size === all.length, "schedule names must be unique")
            .default(DEFAULT_CLUSTER_STATE_SCHEDULES),
        /** Key prefix in the bucket (no slashes); the IAM policy is scoped to it. Default "velero". */
        prefix: dnsLabel.default("velero"),
        /**
         * Volume snapshots (EBS, aws target only): the role then also gets EC2 snapshot permissions. Default false:
         * the data services have their own backups, Velero keeps the objects.
         */
        snapshotVolumes: z.boolean().default(false),
        /**
         * Secret in the `velero` namespace with key `cloud`, an AWS credentials file for the S3-compatible store (cluster
         * target, which has no IRSA). Created by the operator; required on the cluster target.
         */
        credentialsSecret: dnsLabel.optional(),
        /**
         * KMS key of an existing `backup.destination.bucket` (aws target), e.g. the replica bucket's key when a DR stack
         * restores from it: the storage location encrypts with it and the role may use it. Default: the key of the
         * bucket the stack creates; none for an existing bucket.
         */
        kmsKeyArn: z
            .string()
            .regex(
                /^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key\/[A-Za-z0-9-]+$/,
                "a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)",
            )
            .optional(),
    });
}

export type ClusterStateConfig = z.infer<ReturnType<typeof clusterStateSchema>>;
