/**
 * Environment presets: the defaults and the floors that make prod stricter than staging, and staging stricter than dev.
 * Data only: the schema turns these into defaults and minimums, components receive the resolved values.
 */
export type Environment = "dev" | "staging" | "prod";

export interface EnvironmentPreset {
    /** Replicas of an app service without autoscaling, and the HPA minimum floor. */
    minReplicas: number;
    /** Spread pods over zones and hostnames. */
    topologySpread: boolean;
    /**
     * Long-running app and data pods run under the stack's own PriorityClass, so node pressure evicts other tenants'
     * best-effort pods before them (the pack's k8s-priority-class then requires it).
     */
    priorityClasses: boolean;
    /** Pod Security Standards level enforced on the namespace. */
    podSecurityEnforce: "baseline" | "restricted";
    /** Reject image references that are not pinned by digest. */
    requireImageDigest: boolean;
    /** Reject mutable tags such as `latest`. */
    forbidLatestTag: boolean;
    /** Public routes must terminate TLS. */
    requireTls: boolean;
    /** Let's Encrypt issuer used unless overridden. */
    defaultIssuer: "letsencrypt-staging" | "letsencrypt-prod";
    /** Data services spread over availability zones / members. */
    requireHighAvailability: boolean;
    requireBackups: boolean;
    /**
     * Velero backs up the app namespace's Kubernetes objects (backup.clusterState): guide 002's disaster recovery restores
     * cluster state with `velero restore create` before the database, so prod has it; staging is rebuilt from the stack.
     */
    clusterStateBackups: boolean;
    /** RDS automated backup retention, days (default and floor). */
    databaseBackupRetentionDays: number;
    minDatabaseBackupRetentionDays: number;
    /** `protect` on stateful resources, deletion protection and final snapshots. */
    protectStatefulResources: boolean;
    /** PgBouncer replicas. */
    pgbouncerReplicas: number;
    /** Redis snapshot retention (ElastiCache), days. */
    redisSnapshotRetentionDays: number;
    /** Requests per second allowed per client IP at the edge. */
    rateLimitPerSecond: number;
    /** Envoy proxy replicas of the stack's Gateway (HPA minimum), and the floor a stack file may set. */
    edgeProxyReplicas: number;
    minEdgeProxyReplicas: number;
    /** Circuit breaking, outlier detection and retries on every public route unless a service turns them off. */
    edgeResilience: boolean;
    /** Log retention, days. */
    logRetentionDays: number;
    /** Prometheus retention. */
    metricsRetention: string;
    /** CloudFront distributions write access logs (config cdn.logging default; the pack's cloudfront-logging then requires it). */
    requireCdnLogging: boolean;
    /** Secrets Manager secrets are replicated to another region (secrets.replicaRegions). */
    requireSecretReplicas: boolean;
    /** Alerts must reach a receiver (monitoring.alerting names a Slack or PagerDuty secret). */
    requireAlertReceiver: boolean;
    /**
     * `secrets.backend: kubernetes` may be chosen: plain Secrets in etcd, no audit trail, no rotation, no access policy
     * beyond RBAC. Dev only.
     */
    allowKubernetesSecretsBackend: boolean;
    /** Default of `database.allowSingleInstance` for the plain `postgres` kind (one server, no failover). */
    allowSingleInstanceDatabase: boolean;
    /** The policy pack's enforcement for the stack: the "all" level of policies/config/<stack>.json (tools/policy-config). */
    policyEnforcement: "advisory" | "mandatory";
}

export const PRESETS: Readonly<Record<Environment, EnvironmentPreset>> = {
    dev: {
        minReplicas: 1,
        topologySpread: false,
        priorityClasses: false,
        podSecurityEnforce: "restricted",
        requireImageDigest: false,
        forbidLatestTag: false,
        requireTls: false,
        defaultIssuer: "letsencrypt-staging",
        requireHighAvailability: false,
        requireBackups: false,
        clusterStateBackups: false,
        databaseBackupRetentionDays: 1,
        minDatabaseBackupRetentionDays: 1,
        protectStatefulResources: false,
        pgbouncerReplicas: 1,
        redisSnapshotRetentionDays: 1,
        rateLimitPerSecond: 100,
        edgeProxyReplicas: 1,
        minEdgeProxyReplicas: 1,
        edgeResilience: false,
        logRetentionDays: 7,
        metricsRetention: "3d",
        requireCdnLogging: false,
        requireSecretReplicas: false,
        requireAlertReceiver: false,
        allowKubernetesSecretsBackend: true,
        allowSingleInstanceDatabase: true,
        policyEnforcement: "advisory",
    },
    staging: {
        minReplicas: 2,
        topologySpread: true,
        priorityClasses: false,
        podSecurityEnforce: "restricted",
        requireImageDigest: false,
        forbidLatestTag: true,
        requireTls: true,
        defaultIssuer: "letsencrypt-staging",
        requireHighAvailability: false,
        requireBackups: true,
        clusterStateBackups: false,
        databaseBackupRetentionDays: 7,
        minDatabaseBackupRetentionDays: 7,
        protectStatefulResources: true,
        pgbouncerReplicas: 3,
        redisSnapshotRetentionDays: 3,
        rateLimitPerSecond: 50,
        edgeProxyReplicas: 2,
        minEdgeProxyReplicas: 2,
        edgeResilience: true,
        logRetentionDays: 14,
        metricsRetention: "7d",
        requireCdnLogging: true,
        requireSecretReplicas: false,
        requireAlertReceiver: false,
        allowKubernetesSecretsBackend: false,
        allowSingleInstanceDatabase: false,
        policyEnforcement: "mandatory",
    },
    prod: {
        minReplicas: 3,
        topologySpread: true,
        priorityClasses: true,
        podSecurityEnforce: "restricted",
        requireImageDigest: true,
        forbidLatestTag: true,
        requireTls: true,
        defaultIssuer: "letsencrypt-prod",
        requireHighAvailability: true,
        requireBackups: true,
        clusterStateBackups: true,
        databaseBackupRetentionDays: 30,
        minDatabaseBackupRetentionDays: 30,
        protectStatefulResources: true,
        pgbouncerReplicas: 3,
        redisSnapshotRetentionDays: 7,
        rateLimitPerSecond: 20,
        edgeProxyReplicas: 3,
        minEdgeProxyReplicas: 2,
        edgeResilience: true,
        logRetentionDays: 30,
        metricsRetention: "30d",
        requireCdnLogging: true,
        requireSecretReplicas: true,
        requireAlertReceiver: true,
        allowKubernetesSecretsBackend: false,
        allowSingleInstanceDatabase: false,
        policyEnforcement: "mandatory",
    },
};
