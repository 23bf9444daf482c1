/**
 * Pod and CronJob specs of the backup and restore-verification jobs. Pure: tests and the component share them.
 *
 * Layout of a pod: an init container copies the AWS CLI bundle out of amazon/aws-cli (S3 destinations only); the
 * postgres container runs the scripts from the ConfigMap with the encryption key mounted as a file, the database's
 * admin credentials as secretKeyRef env, /tmp as an emptyDir work area and, for the filesystem destination, the backup
 * volume at /backups. Everything runs as a non-root user on a read-only root filesystem.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { DatabaseLayer, SecretRef } from "../contracts";
import { hardenedContainer, restrictedContainerSecurityContext, restrictedPodSecurityContext } from "../kubernetes";
import { AWS_CLI_DIR } from "./images";
import { SCRIPTS_MOUNT, ScriptsVolume } from "./scripts-volume";

type Container = k8s.types.input.core.v1.Container;
type Volume = k8s.types.input.core.v1.Volume;
type EnvVar = k8s.types.input.core.v1.EnvVar;

/** Work area for the dump before upload; must hold one compressed, encrypted dump. A constant until config has one. */
export const WORK_DIR_SIZE = "20Gi";
export const KEY_MOUNT = "/var/run/secrets/backup-key";
export const FS_MOUNT = "/backups";
/** Seconds a missed schedule may still start late (then the run is skipped and BackupMissing speaks). */
export const STARTING_DEADLINE_SECONDS = 600;
export const HISTORY = { successful: 7, failed: 3 } as const;

const POSTGRES_PATH = "/usr/lib/postgresql/16/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

export type Destination =
    | { kind: "s3"; url: pulumi.Input<string>; region: string; endpoint?: string; credentialsSecret?: string }
    | { kind: "filesystem"; claimName: pulumi.Input<string> };

export interface JobPodInput {
    /** Entry scripts run in order, each in its own container (init containers but the last). */
    steps: { name: string; script: string; env?: EnvVar[] }[];
    destination: Destination;
    databaseName: string;
    /** Env from the secrets layer (PGHOST, PGPORT, PGUSER, PGPASSWORD as secretKeyRef). */
    databaseEnv: pulumi.Input<EnvVar>[];
    /** Volumes the secrets backend needs on the pod (WorkloadSecrets.podVolumes). */
    secretVolumes?: Volume[];
    /** libpq sslmode of the database (DatabaseLayer.sslMode). */
    sslMode: DatabaseLayer["sslMode"];
    encryptionKey: SecretRef;
    scripts: ScriptsVolume;
    scriptsConfigMap: pulumi.Input<string>;
    serviceAccountName: pulumi.Input<string>;
    /** Script runner and AWS CLI donor images (stack overrides applied). */
    images: { backupPostgres: string; awsCli: string };
}

const RESOURCES = {
    job: {
        requests: { cpu: "250m", memory: "256Mi", "ephemeral-storage": "1Gi" },
        limits: { cpu: "1", memory: "1Gi", "ephemeral-storage": WORK_DIR_SIZE },
    },
    copy: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
};

export function jobPodSpec(input: JobPodInput): k8s.types.input.core.v1.PodSpec {
    const s3 = input.destination.kind === "s3";
    const volumes: Volume[] = [
        { name: "scripts", configMap: { name: input.scriptsConfigMap, items: input.scripts.items, defaultMode: 0o555 } },
        { name: "tmp", emptyDir: { sizeLimit: WORK_DIR_SIZE } },
        {
            name: "encryption-key",
            secret: {
                secretName: input.encryptionKey.secretName,
                items: [{ key: input.encryptionKey.key, path: "key" }],
                defaultMode: 0o440,
            },
        },
    ];
    const mounts = [
        { name: "scripts", mountPath: SCRIPTS_MOUNT, readOnly: true },
        { name: "tmp", mountPath: "/tmp" },
        { name: "encryption-key", mountPath: KEY_MOUNT, readOnly: true },
    ];
    if (input.destination.kind === "s3") {
        volumes.push({ name: "aws-cli", emptyDir: { sizeLimit: "512Mi" } });
        mounts.push({ name: "aws-cli", mountPath: AWS_CLI_DIR, readOnly: true });
    } else {
        volumes.push({ name: "backups", persistentVolumeClaim: { claimName: input.destination.claimName } });
        mounts.push({ name: "backups", mountPath: FS_MOUNT });
    }
    const env: pulumi.Input<EnvVar>[] = [
        ...input.databaseEnv,
        { name: "PGDATABASE", value: input.databaseName },
        { name: "PGSSLMODE", value: input.sslMode },
        { name: "BACKUP_DATABASES", value: input.databaseName },
        {
            name: "BACKUP_DESTINATION",
            value: input.destination.kind === "s3" ? input.destination.url : pulumi.interpolate`file://${FS_MOUNT}`,
        },
        { name: "BACKUP_ENCRYPTION_KEY_FILE", value: `${KEY_MOUNT}/key` },
        { name: "BACKUP_WORK_DIR", value: "/tmp" },
        { name: "HOME", value: "/tmp" },
        { name: "PATH", value: s3 ? `${AWS_CLI_DIR}/v2/current/bin:${POSTGRES_PATH}` : POSTGRES_PATH },
        ...(input.destination.kind === "s3" ? s3Env(input.destination) : []),
    ];
    const envFrom =
        input.destination.kind === "s3" && input.destination.credentialsSecret
            ? [{ secretRef: { name: input.destination.credentialsSecret } }]
            : undefined;
    const stepContainers: Container[] = input.steps.map((step) => ({
        name: step.name,
        image: input.images.backupPostgres,
        command: ["bash", `${SCRIPTS_MOUNT}/${step.script}`],
        env: [...env, ...(step.env ?? [])],
        ...(envFrom ? { envFrom } : {}),
        volumeMounts: mounts,
        securityContext: restrictedContainerSecurityContext(),
        resources: RESOURCES.job,
    }));
    const copyAwsCli: Container[] = s3
        ? [
              {
                  name: "install-aws-cli",
                  image: input.images.awsCli,
                  command: ["/bin/sh", "-c", `cp -a ${AWS_CLI_DIR}/. /aws-cli/`],
                  volumeMounts: [{ name: "aws-cli", mountPath: "/aws-cli" }],
                  securityContext: restrictedContainerSecurityContext(),
                  resources: RESOURCES.copy,
              },
          ]
        : [];
    return {
        restartPolicy: "Never",
        serviceAccountName: input.serviceAccountName,
        automountServiceAccountToken: false,
        securityContext: restrictedPodSecurityContext(),
        initContainers: [...copyAwsCli, ...stepContainers.slice(0, -1)].map(hardenedContainer),
        containers: stepContainers.slice(-1).map(hardenedContainer),
        volumes: [...volumes, ...(input.secretVolumes ?? [])],
    };
}

function s3Env(d: Extract<Destination, { kind: "s3" }>): EnvVar[] {
    return [
        { name: "AWS_REGION", value: d.region },
        { name: "AWS_DEFAULT_REGION", value: d.region },
        ...(d.endpoint ? [{ name: "BACKUP_S3_ENDPOINT_URL", value: d.endpoint }] : []),
    ];
}

export interface CronJobSpecInput {
    schedule: string;
    activeDeadlineSeconds: number;
    labels: Record<string, string>;
    podAnnotations: Record<string, pulumi.Input<string>>;
    pod: k8s.types.input.core.v1.PodSpec;
}

/** CronJob spec: no overlapping runs, a bounded start delay and run time, 7 successful / 3 failed jobs kept, UTC. */
export function cronJobSpec(input: CronJobSpecInput): k8s.types.input.batch.v1.CronJobSpec {
    return {
        schedule: input.schedule,
        timeZone: "Etc/UTC",
        concurrencyPolicy: "Forbid",
        startingDeadlineSeconds: STARTING_DEADLINE_SECONDS,
        successfulJobsHistoryLimit: HISTORY.successful,
        failedJobsHistoryLimit: HISTORY.failed,
        jobTemplate: {
            metadata: { labels: input.labels },
            spec: {
                activeDeadlineSeconds: input.activeDeadlineSeconds,
                backoffLimit: 1,
                template: { metadata: { labels: input.labels, annotations: input.podAnnotations }, spec: input.pod },
            },
        },
    };
}
