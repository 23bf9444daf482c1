/**
 * What the layers of the stack hand each other. index.ts builds them in dependency order:
 * platform (provider, namespace, add-ons) -> secrets -> database, cache -> edge -> cdn -> workloads -> routes ->
 * observability -> backups. Each layer's deploy function takes the StackContext and the layers it needs.
 */
import * as k8s from "@pulumi/kubernetes";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsSection, StackConfig } from "./config";

/** Shared by every layer. */
export interface StackContext {
    config: StackConfig;
    /** Provider every Kubernetes object uses (a cluster, or renderYamlToDirectory in render mode). */
    k8sProvider: k8s.Provider;
    /** AWS provider on the aws target (region from config, default tags). */
    awsProvider?: aws.Provider;
    /** The app namespace (created by the platform layer). */
    namespace: pulumi.Output<string>;
    /** Labels on every Kubernetes object: app.kubernetes.io/part-of, managed-by, prod-stack.io/environment. */
    commonLabels: Record<string, string>;
    /** Tags on every AWS resource. */
    commonTags: Record<string, string>;
    /** The stack's PriorityClass for long-running pods, where the preset asks for one (an output: pods wait for it). */
    priorityClassName?: pulumi.Output<string>;
}

/**
 * The account pieces and the AWS provider, for a component that only the aws target builds (RDS, ElastiCache, Secrets
 * Manager, CloudWatch logs): validation put it on that target, the StackConfig union lets the type follow.
 */
export function awsTarget(ctx: StackContext, component: string): { aws: AwsSection; provider: aws.Provider } {
    if (ctx.config.target !== "aws" || !ctx.awsProvider)
        throw new Error(`internal: ${component} on the ${ctx.config.target} target got past config validation`);
    return { aws: ctx.config.aws, provider: ctx.awsProvider };
}

/** A value held in the secrets backend and visible to pods as a key of a Kubernetes Secret. */
export interface SecretRef {
    /** Kubernetes Secret name in the app namespace. */
    secretName: string;
    key: string;
}

/** How a workload receives its secrets. */
export interface WorkloadSecrets {
    /** Env vars with valueFrom.secretKeyRef (never literal values). */
    env: k8s.types.input.core.v1.EnvVar[];
    /** Pod annotations the backend needs (e.g. Vault agent injection). */
    podAnnotations: Record<string, pulumi.Input<string>>;
    /** Resources the pods must wait for (ExternalSecrets, Vault roles). */
    dependsOn: pulumi.Resource[];
    /**
     * File the container entrypoint must source (`. <file> && exec app`) when the backend delivers values as files: Vault
     * agent injection renders every variable there (external secrets with the vault backend arrive only this way).
     */
    envFile?: string;
    /**
     * Volumes the pod must carry for the backend (Vault: a projected service-account token that only the injected
     * agent mounts, so the app containers keep automountServiceAccountToken: false).
     */
    podVolumes?: k8s.types.input.core.v1.Volume[];
    /** Peers the pods must reach to receive their secrets (Vault: its servers), for the workload's NetworkPolicy. */
    egress?: NetworkPeer[];
}

/** Values stored under one secret name, by key. */
export type StoredValues = Record<string, pulumi.Input<string> | undefined>;

/** How the pods that receive a workload's secrets run, which decides how a backend may deliver them. */
export interface WorkloadPod {
    /** The service account the pods run as (Vault binds the workload's role to it). Default: the workload name. */
    serviceAccount?: string;
    /**
     * Jobs and CronJobs: the pods must be able to finish, so a Vault agent only pre-populates the secrets (no sidecar
     * that would keep the pod running). Default: false.
     */
    runsToCompletion?: boolean;
}

/** What a secrets backend (Vault, AWS Secrets Manager) implements; the layers see it as a SecretsLayer. */
export interface SecretsBackend {
    backend: StackConfig["secrets"]["backend"];
    /** Stores the values under one secret name; one reference per key, in the order of `values`. */
    store(name: string, values: Record<string, pulumi.Input<string>>, opts?: { parent?: pulumi.Resource }): SecretRef[];
    /** References an externally managed secret (API keys) that must already exist in the backend. */
    external(name: string): SecretRef;
    /** Env and annotations for a workload given env var -> secret reference. */
    forWorkload(workload: string, env: Record<string, SecretRef>, pod?: WorkloadPod): WorkloadSecrets;
    /**
     * An external secret as a Kubernetes Secret of the app namespace, for controllers that read Secrets themselves
     * (Alertmanager receivers): what makes the Secret exist (an ExternalSecret the object must wait for) or, where the
     * operator creates it out of band, the annotation declaring it on the object that reads it.
     */
    kubernetesSecret(name: string): ProvidedSecret;
}

/** A Kubernetes Secret (key `ref.key`) a backend provides for an external secret. */
export interface ProvidedSecret {
    ref: SecretRef;
    /** Resources that create the Secret (ExternalSecrets); the reading object depends on them. */
    dependsOn: pulumi.Resource[];
    /** Annotations for the reading object (the kubernetes backend declares the out-of-band Secret there). */
    annotations: Record<string, string>;
}

export interface SecretsLayer extends Omit<SecretsBackend, "store"> {
    /**
     * Stores generated values (passwords, connection strings) in the backend and makes them available to pods in the
     * app namespace under `secretName`/`key`; returns the reference of each key. The values stay secret outputs end to end.
     * An undefined value is not stored and its key has no reference.
     */
    store<V extends StoredValues>(name: string, values: V, opts?: { parent?: pulumi.Resource }): { [P in keyof V]: SecretRef };
}

/** The keys of a database's direct (admin) credentials secret. */
export type AdminCredentialKey = "host" | "port" | "dbname" | "user" | "password" | "url";

/** Pods a NetworkPolicy must admit traffic to, or external CIDRs where the peer is outside the cluster. */
export interface NetworkPeer {
    podSelector?: Record<string, string>;
    /** Namespace labels when the peer lives in another namespace. */
    namespaceSelector?: Record<string, string>;
    /** CIDRs for managed services outside the cluster. */
    ipBlocks?: string[];
    ports: number[];
}

export interface DatabaseLayer {
    kind: "rds" | "patroni" | "postgres";
    /** Stable id used in labels/tags linking the database to its backup job (`prod-stack.io/database`). */
    databaseId: string;
    /** DATABASE_URL through PgBouncer, for apps. */
    appUrl: SecretRef;
    /** Direct (non-pooled) credentials for backups and migrations, one reference per key of one secret. */
    adminCredentials: Record<AdminCredentialKey, SecretRef>;
    /** Where apps connect: the PgBouncer pods. */
    pooler: NetworkPeer;
    /** Host and port of the primary (direct), for backups. */
    primaryHost: pulumi.Output<string>;
    primaryPort: number;
    /**
     * libpq sslmode for direct clients (backups): `require` where the server forces TLS (RDS), `prefer` where TLS is
     * offered but the server may also be a plain in-cluster Postgres.
     */
    sslMode: "require" | "prefer";
    databaseName: string;
    /** Resources whose readiness the apps depend on. */
    resources: pulumi.Resource[];
}

export interface CacheLayer {
    kind: "elasticache" | "cluster";
    /** REDIS_URL (rediss:// on ElastiCache) with the password. */
    url: SecretRef;
    /** The same connection in parts, for apps that read REDIS_HOST/PORT/PASSWORD separately. */
    host: pulumi.Input<string>;
    port: number;
    password: SecretRef;
    /**
     * The password itself, a secret output, for a consumer outside the app namespace that must hold its own copy
     * (Secrets cannot be referenced across namespaces): Envoy Gateway's rate limit service.
     */
    passwordValue: pulumi.Output<string>;
    /** Clients must speak TLS (ElastiCache transit encryption). */
    tls: boolean;
    peer: NetworkPeer;
    resources: pulumi.Resource[];
}

export interface EdgeLayer {
    mode: "gateway" | "ingress";
    /** Gateway the HTTPRoutes attach to (gateway mode). */
    gateway?: { name: string; namespace: pulumi.Input<string>; httpsSectionNames: Record<string, string>; httpSectionName: string };
    /** Pods of the edge controller (for NetworkPolicies admitting it). */
    controllerPeer: Omit<NetworkPeer, "ports">;
    resources: pulumi.Resource[];
}

/** The CloudFront distribution in front of the static assets (aws target, `cdn.enabled`). */
export interface CdnLayer {
    distributionId: pulumi.Output<string>;
    /** The *.cloudfront.net name the aliases' DNS records point at. */
    domainName: pulumi.Output<string>;
    /** Bucket the frontend build uploads its static paths into. */
    originBucket: pulumi.Output<string>;
}

export interface MonitoringPeer {
    /** Prometheus pods (for NetworkPolicies admitting scrapes). */
    prometheusPeer: Omit<NetworkPeer, "ports">;
}

/** What the workload layer hands to routes, monitoring and backups. */
export interface WorkloadInfo {
    name: string;
    /** Kubernetes Service name and ports. */
    serviceName: string;
    httpPort: number;
    metricsPort: number;
    metricsPath: string;
    /** Pod labels selecting this service's pods (all tracks). */
    selector: Record<string, string>;
    /** Per-track Services for weighted routing (progressive delivery); one entry when there is a single track. */
    backends: { serviceName: string; weight: number }[];
    resources: pulumi.Resource[];
}
