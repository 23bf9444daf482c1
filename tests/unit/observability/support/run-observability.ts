/**
 * Runs the platform layer plus the observability and/or backup layers under mocks, with fake secrets, database and
 * cache layers and fake workloads (one per configured service), and returns what was registered.
 */
import { StackConfig } from "../../../../components/config";
import { WorkloadInfo } from "../../../../components/contracts";
import { deployBackups } from "../../../../components/backup/deploy";
import { appSelector } from "../../../../components/kubernetes";
import { deployObservability } from "../../../../components/observability/deploy";
import { deployPlatform } from "../../../../components/platform/deploy";
import { RecordedResource } from "../../../../tools/mock-runner/recorded-resource";
import { runWithMocks } from "../../../../tools/mock-runner/harness";
import { fakeCache, fakeDatabase, fakeSecrets, FakeSecrets } from "../../support/fake-layers";
import { K } from "../../../../policies/lib/kubernetes/types";

export interface Run {
    resources: RecordedResource[];
    secrets: FakeSecrets;
    error?: Error;
}

export function fakeWorkload(name: string, port = 8000): WorkloadInfo {
    return {
        name,
        serviceName: name,
        httpPort: port,
        metricsPort: port,
        metricsPath: "/metrics",
        selector: appSelector(name),
        backends: [{ serviceName: name, weight: 100 }],
        resources: [],
    };
}

export interface RunOptions {
    observability?: boolean;
    backups?: boolean;
    /** Pass a database layer (default: when the config has a database section). */
    database?: boolean;
    cache?: boolean;
}

export async function runLayers(config: StackConfig, options: RunOptions = { observability: true, backups: true }): Promise<Run> {
    const secrets = fakeSecrets();
    const result = await runWithMocks(
        () => {
            const ctx = deployPlatform(config);
            const database =
                (options.database ?? config.database !== undefined)
                    ? fakeDatabase({ kind: config.database?.kind ?? "patroni" })
                    : undefined;
            const cache = (options.cache ?? config.redis !== undefined) ? fakeCache() : undefined;
            if (options.observability)
                deployObservability(ctx, { secrets, workloads: config.services.map((s) => fakeWorkload(s.name, s.port)), database, cache });
            if (options.backups) deployBackups(ctx, { secrets, database });
        },
        { stack: config.environment, config: config.aws ? { aws: config.aws } : {} },
    );
    return { resources: result.resources, secrets, error: result.error };
}

export async function runOk(config: StackConfig, options?: RunOptions): Promise<Run> {
    const run = await runLayers(config, options);
    if (run.error) throw run.error;
    return run;
}

export const OT = {
    chart: K.HelmChartV4,
    serviceMonitor: K.ServiceMonitor,
    podMonitor: K.PodMonitor,
    prometheusRule: K.PrometheusRule,
    probe: K.Probe,
    alertmanagerConfig: K.AlertmanagerConfig,
    configMap: K.ConfigMap,
    secret: K.Secret,
    namespace: K.Namespace,
    cronJob: K.CronJob,
    pvc: K.PersistentVolumeClaim,
    serviceAccount: K.ServiceAccount,
    netpol: K.NetworkPolicy,
    password: "random:index/randomPassword:RandomPassword",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    bucket: "aws:s3/bucket:Bucket",
    kmsKey: "aws:kms/key:Key",
    sse: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    versioning: "aws:s3/bucketVersioning:BucketVersioning",
    publicAccess: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
    lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    replication: "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
} as const;
