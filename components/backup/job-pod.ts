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
import { externalSecretsAnnotation, mergeAnnotations } from "../peers";
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

/** Where SQLite backup jobs mount a service's volume. */
export const SQLITE_MOUNT = "/var/lib/backup-source";

export type JobSource =
    | {
          kind: "postgres";
          databaseName: string;
          /** Env from the secrets layer (PGHOST, PGPORT, PGUSER, PGPASSWORD as secretKeyRef). */
          databaseEnv: pulumi.Input<EnvVar>[];
          /** libpq sslmode of the database (DatabaseLayer.sslMode). */
          sslMode: DatabaseLayer["sslMode"];
      }
    | {
          kind: "sqlite";
          /** Backup names (BACKUP_DATABASES), one per file. */
          names: string[];
          /**
           * The volume holding the files (backup jobs; drills need none), and the pod whose node it is attached to: a
           * ReadWriteOnce volume can be mounted by a second pod only on that node.
           */
          volume?: { claimName: pulumi.Input<string>; files: { name: string; path: string }[]; podSelector: Record<string, string> };
      };

export interface JobPodInput {
    /** Entry scripts run in order, each in its own container (init containers but the last). */
    steps: { name: string; script: string; env?: EnvVar[] }[];
    destination: Destination;
    /** What is backed up (or drilled). */
    source: JobSource;
    /** Volumes the secrets backend needs on the pod (WorkloadSecrets.podVolumes). */
    secretVolumes?: Volume[];
    encryptionKey: SecretRef;
    scripts: ScriptsVolume;
    scriptsConfigMap: pulumi.Input<string>;
    serviceAccountName: pulumi.Input<string>;
    /** Script runner (postgres for PostgreSQL, the configured SQLite runner) and AWS CLI donor images. */
    images: { runner: string; awsCli: string };
    /**
     * Restore drills: run a throw-away PostgreSQL beside the steps and point libpq at it instead of the database, whose
     * credentials the pod then never gets. Default false.
     */
    scratchServer?: boolean;
}

/** Where the drill's scratch server keeps its data: a subdirectory, so initdb owns it (the emptyDir root is root's). */
export const SCRATCH_PGDATA = "/var/lib/postgresql/data/pgdata";
const SCRATCH_PORT = 5432;

/**
 * The scratch server as a native sidecar (an init container that keeps running; Kubernetes >= 1.29): the drill
 * container starts once it accepts connections and the pod completes when the drill does. The image's entrypoint runs
 * initdb (with nss_wrapper for the arbitrary non-root user); trust on loopback only, the server holds nothing but the
 * drill's scratch database. Sized like the work area: it holds one restored database.
 */
function scratchServer(image: string): { container: Container; volumes: Volume[]; env: EnvVar[] } {
    return {
        container: {
            name: "scratch-postgres",
            image,
            restartPolicy: "Always",
            command: ["docker-entrypoint.sh", "postgres", "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"],
            env: [
                { name: "PGDATA", value: SCRATCH_PGDATA },
                { name: "POSTGRES_HOST_AUTH_METHOD", value: "trust" },
                { name: "POSTGRES_INITDB_ARGS", value: "--auth-local=trust --auth-host=trust" },
            ],
            startupProbe: {
                exec: { command: ["pg_isready", "-h", "127.0.0.1", "-p", String(SCRATCH_PORT)] },
                periodSeconds: 2,
                failureThreshold: 150,
            },
            volumeMounts: [
                { name: "scratch-data", mountPath: "/var/lib/postgresql/data" },
                { name: "scratch-run", mountPath: "/var/run/postgresql" },
                { name: "scratch-tmp", mountPath: "/tmp" },
            ],
            securityContext: restrictedContainerSecurityContext(),
            resources: RESOURCES.job,
        },
        volumes: [
            { name: "scratch-data", emptyDir: { sizeLimit: WORK_DIR_SIZE } },
            { name: "scratch-run", emptyDir: { sizeLimit: "1Mi" } },
            { name: "scratch-tmp", emptyDir: { sizeLimit: "64Mi" } },
        ],
        env: [
            { name: "PGHOST", value: "127.0.0.1" },
            { name: "PGPORT", value: String(SCRATCH_PORT) },
            { name: "PGUSER", value: "postgres" },
            { name: "PGSSLMODE", value: "disable" },
        ],
    };
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
    const source = input.source;
    const scratch = input.scratchServer && source.kind === "postgres" ? scratchServer(input.images.runner) : undefined;
    if (source.kind === "sqlite" && source.volume) {
        volumes.push({ name: "source", persistentVolumeClaim: { claimName: source.volume.claimName } });
        // Read-write: reading a database in WAL mode takes its locks through the -shm file beside it.
        mounts.push({ name: "source", mountPath: SQLITE_MOUNT });
    }
    const sourceEnv: pulumi.Input<EnvVar>[] =
        source.kind === "postgres"
            ? [
                  ...(scratch ? scratch.env : [...source.databaseEnv, { name: "PGSSLMODE", value: source.sslMode }]),
                  { name: "PGDATABASE", value: source.databaseName },
                  { name: "BACKUP_DATABASES", value: source.databaseName },
              ]
            : [
                  { name: "BACKUP_KIND", value: "sqlite" },
                  { name: "BACKUP_DATABASES", value: source.names.join(" ") },
                  ...(source.volume
                      ? [
                            {
                                name: "BACKUP_SQLITE_FILES",
                                value: source.volume.files.map((f) => `${f.name}=${SQLITE_MOUNT}/${f.path}`).join(" "),
                            },
                        ]
                      : []),
              ];
    const env: pulumi.Input<EnvVar>[] = [
        ...sourceEnv,
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
        image: input.images.runner,
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
        initContainers: [...copyAwsCli, ...(scratch ? [scratch.container] : []), ...stepContainers.slice(0, -1)].map(hardenedContainer),
        containers: stepContainers.slice(-1).map(hardenedContainer),
        volumes: [...volumes, ...(scratch?.volumes ?? []), ...(input.secretVolumes ?? [])],
        ...(source.kind === "sqlite" && source.volume ? { affinity: sameNodeAs(source.volume.podSelector) } : {}),
    };
}

/** Schedules the job onto the node of the pod that has the volume attached. */
function sameNodeAs(podSelector: Record<string, string>): k8s.types.input.core.v1.Affinity {
    return {
        podAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [
                { labelSelector: { matchLabels: podSelector }, topologyKey: "kubernetes.io/hostname" },
            ],
        },
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
    /** Where the job writes: an S3 credentials Secret named in config is the operator's, declared on the pod. */
    destination: Destination;
}

/**
 * The Secrets a destination reads that the stack does not create: `backup.destination.credentialsSecret` of an
 * S3-compatible store outside AWS is created by the operator (docs/runbooks/backup-restore.md), so the pods declare it.
 */
export function destinationExternalSecrets(destination: Destination): string[] {
    return destination.kind === "s3" && destination.credentialsSecret ? [destination.credentialsSecret] : [];
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
                template: {
                    metadata: {
                        labels: input.labels,
                        annotations: mergeAnnotations<pulumi.Input<string>>([
                            input.podAnnotations,
                            externalSecretsAnnotation(destinationExternalSecrets(input.destination)),
                        ]),
                    },
                    spec: input.pod,
                },
            },
        },
    };
}
