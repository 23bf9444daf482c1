import { z } from "zod";
import { EnvironmentPreset } from "../presets";
import { clusterStateSchema } from "./cluster-state";
import { sqliteBackupSchema } from "./data";
import { byteQuantity, cronSchedule, dnsLabel, promDuration } from "./primitives";

/** Alert thresholds (the seeds' alert rules). */
const alertThresholds = z.strictObject({
    /** HighErrorRate: 5xx share of requests, percent. Default 5. */
    errorRatePercent: z.number().min(0.1).max(100).default(5),
    /** HighResponseTime: p95 seconds (Third Eye guide). Default 5. */
    responseTimeP95Seconds: z.number().positive().default(5),
    /** APILatencyHigh: p95 seconds (SEI guide). Default 1. */
    apiLatencyP95Seconds: z.number().positive().default(1),
    /** HighCPU: percent of the CPU limit. Default 80. */
    cpuPercent: z.number().min(1).max(100).default(80),
    /** HighMemoryUsage: percent of the memory limit. Default 90. */
    memoryPercent: z.number().min(1).max(100).default(90),
    /** DatabaseConnectionPoolExhausted: percent of max_connections. Default 80 (SEI guide). */
    databasePoolPercent: z.number().min(1).max(100).default(80),
    /** LowCacheHitRate: percent. Default 60 (the API guide's success criterion). */
    cacheHitRatePercent: z.number().min(1).max(100).default(60),
    /** RateLimitExhaustion: share of requests rejected with 429, percent. Default 10. */
    rateLimitedPercent: z.number().min(0.1).max(100).default(10),
});

export function monitoringSchema(preset: EnvironmentPreset) {
    return z.strictObject({
        /** Default true. */
        enabled: z.boolean().default(true),
        /**
         * The cluster already runs the Prometheus operator (its CRDs and controller), so the stack may create
         * ServiceMonitors, PrometheusRules and AlertmanagerConfigs without installing kube-prometheus-stack. Default false.
         */
        existingPrometheusOperator: z.boolean().default(false),
        /** Prometheus retention. Default 3d dev, 7d staging, 30d prod. */
        retention: promDuration.default(preset.metricsRetention),
        storageSize: byteQuantity.default("50Gi"),
        alerts: alertThresholds.default(alertThresholds.parse({})),
        /** Alertmanager receivers; keys are names of secrets in the secrets backend. */
        alerting: z
            .strictObject({
                pagerdutySecret: dnsLabel.optional(),
                slackSecret: dnsLabel.optional(),
                slackChannel: z
                    .string()
                    .regex(/^#[a-z0-9_-]+$/, "a Slack channel such as #alerts")
                    .default("#alerts"),
            })
            .default({ slackChannel: "#alerts" }),
        /** Blackbox probes of each public health endpoint. Default true. */
        uptimeProbes: z.boolean().default(true),
    });
}

export function loggingSchema(preset: EnvironmentPreset) {
    return z.strictObject({
        /** Default loki (cluster target) — cloudwatch is available on the aws target. */
        backend: z.enum(["loki", "cloudwatch"]).default("loki"),
        /** Default 7 dev, 14 staging, 30 prod (SEI guide). */
        retentionDays: z.number().int().min(1).max(3650).default(preset.logRetentionDays),
    });
}

export function backupSchema(preset: EnvironmentPreset) {
    return z.strictObject({
        /** Default: on in staging and prod. */
        enabled: z.boolean().default(preset.requireBackups),
        /** Default 02:00 daily. */
        schedule: cronSchedule.default("0 2 * * *"),
        /** Health agent guide: 7 daily, 4 weekly, 12 monthly. */
        retention: z
            .strictObject({
                daily: z.number().int().min(1).max(366).default(7),
                /** 0 keeps no weekly copies (the Third Eye guide keeps dailies only). */
                weekly: z.number().int().min(0).max(520).default(4),
                monthly: z.number().int().min(0).max(120).default(12),
            })
            .default({ daily: 7, weekly: 4, monthly: 12 }),
        /** Restore test schedule. Default Sundays 05:00. */
        verifySchedule: cronSchedule.default("0 5 * * 0"),
        /** Tables whose row counts the restore verification requires to be non-zero. */
        verifyTables: z.array(z.string().regex(/^[a-z_][a-z0-9_.]*$/)).default([]),
        destination: z
            .discriminatedUnion("kind", [
                z.strictObject({
                    kind: z.literal("s3"),
                    /** Existing bucket; on the aws target a bucket is created when absent. */
                    bucket: z
                        .string()
                        .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "an S3 bucket name")
                        .optional(),
                    /** S3-compatible endpoint (cluster target). */
                    endpoint: z.string().url().optional(),
                    region: z.string().default("us-east-1"),
                    /** Replicate backups to this region for disaster recovery (aws target). */
                    replicaRegion: z.string().optional(),
                    /** Secret with access keys, for S3-compatible stores without IRSA. */
                    credentialsSecret: dnsLabel.optional(),
                }),
                z.strictObject({
                    kind: z.literal("filesystem"),
                    storageSize: byteQuantity.default("100Gi"),
                    storageClass: z.string().optional(),
                }),
            ])
            .default({ kind: "s3", region: "us-east-1" }),
        /** Secret holding the backup encryption passphrase. */
        encryptionKeySecret: dnsLabel.default("backup-encryption-key"),
        /** SQLite files to back up (services without a database server). Default: none. */
        sqlite: sqliteBackupSchema(preset).optional(),
        /** Seconds the job may take before it is failed. Default 3600. */
        activeDeadlineSeconds: z.number().int().min(60).max(86400).default(3600),
        /** Velero backups of the Kubernetes objects (see ./cluster-state.ts). Default: on in prod. */
        clusterState: clusterStateSchema(preset).default(clusterStateSchema(preset).parse({})),
    });
}
