/**
 * AWS Secrets Manager backend: every stored value is a Secrets Manager secret encrypted with the stack's customer-managed
 * KMS key, synced into a Kubernetes Secret of the app namespace by External Secrets Operator (IRSA, read access scoped
 * to exactly the stack's secret ARNs).
 */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { AddonChart } from "../addons/chart";
import { ADDON_VERSIONS } from "../addons/versions";
import { ProvidedSecret, SecretRef, SecretsBackend, StackContext, WorkloadPod, WorkloadSecrets } from "../contracts";
import { namespacedMeta } from "../kubernetes";
import { ESO_API_VERSION, awsSecretStoreSpec, esoChartValues, externalSecretSpec } from "./external-secret";
import { irsaTrustPolicy, kmsDecryptPolicy, secretReadPolicy } from "../shared/iam";
import { assertSecretName, backendPath, secretLabel, secretPrefix, slug } from "./names";
import { envFromRefs } from "./workload-env";

export interface AwsSecretsManagerArgs {
    ctx: StackContext;
}

/** Service account External Secrets uses (through IRSA) to read the stack's secrets. */
export const ESO_SERVICE_ACCOUNT = "external-secrets-reader";
export const SECRET_STORE_NAME = "aws-secrets-manager";

export class AwsSecretsManagerBackend extends pulumi.ComponentResource implements SecretsBackend {
    readonly backend = "aws-secrets-manager" as const;
    /** Customer-managed key (rotation on) encrypting every secret of the stack. */
    readonly key: aws.kms.Key;
    /** Regions (config secrets.replicaRegions) every stored secret is replicated to, each with its own KMS key. */
    private readonly replicas: { region: string; kmsKeyId: pulumi.Output<string> }[];
    readonly role: aws.iam.Role;
    readonly store_: k8s.apiextensions.CustomResource;
    /** Every secret's Secrets Manager resource, by name (tests and the IAM scope read them). */
    readonly secrets = new Map<string, aws.secretsmanager.Secret>();
    private readonly syncs = new Map<string, k8s.apiextensions.CustomResource>();
    private readonly ctx: StackContext;
    private readonly name: string;

    constructor(name: string, args: AwsSecretsManagerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("stack:secrets:AwsSecretsManager", name, {}, opts);
        const { ctx } = args;
        const config = ctx.config;
        if (!config.aws) throw new Error("the aws-secrets-manager backend needs the `aws` config section");
        this.ctx = ctx;
        this.name = name;
        const protect = config.preset.protectStatefulResources;
        const awsOpts = { parent: this, provider: ctx.awsProvider };

        this.key = new aws.kms.Key(
            `${name}-key`,
            {
                description: `Secrets of ${config.appName} ${config.environment}`,
                enableKeyRotation: true,
                deletionWindowInDays: protect ? 30 : 7,
                tags: ctx.commonTags,
            },
            { ...awsOpts, protect },
        );
        new aws.kms.Alias(
            `${name}-key-alias`,
            { name: `alias/${slug(secretPrefix(config))}-secrets`, targetKeyId: this.key.keyId },
            awsOpts,
        );

        // One key per replica region: a replica is encrypted in its own region, so it stays readable when this one is gone.
        const secretsConfig = config.secrets as Extract<typeof config.secrets, { backend: "aws-secrets-manager" }>;
        this.replicas = secretsConfig.replicaRegions.map((region) => {
            const provider = new aws.Provider(
                `${name}-replica-${region}-provider`,
                { region: region as aws.Region, defaultTags: { tags: ctx.commonTags } },
                { parent: this },
            );
            const key = new aws.kms.Key(
                `${name}-replica-${region}-key`,
                {
                    description: `Secret replicas of ${config.appName} ${config.environment} (${region})`,
                    enableKeyRotation: true,
                    deletionWindowInDays: protect ? 30 : 7,
                    tags: ctx.commonTags,
                },
                { parent: this, provider, protect },
            );
            return { region, kmsKeyId: key.arn };
        });

        this.role = new aws.iam.Role(
            `${name}-reader`,
            {
                description: "External Secrets: read this stack's secrets",
                assumeRolePolicy: JSON.stringify(
                    irsaTrustPolicy(config.aws.oidcProviderArn, config.aws.oidcIssuer, config.namespace, ESO_SERVICE_ACCOUNT),
                ),
                tags: ctx.commonTags,
            },
            awsOpts,
        );
        new aws.iam.RolePolicy(
            `${name}-reader-kms`,
            {
                role: this.role.id,
                policy: this.key.arn.apply((arn) => JSON.stringify(kmsDecryptPolicy(arn, config.aws!.region))),
            },
            awsOpts,
        );

        const k8sOpts = { parent: this, provider: ctx.k8sProvider };
        const operator = config.addons.secretsBackend
            ? new AddonChart(
                  "external-secrets",
                  {
                      pin: ADDON_VERSIONS.externalSecrets,
                      commonLabels: ctx.commonLabels,
                      provider: ctx.k8sProvider,
                      values: esoChartValues(config),
                  },
                  { parent: this },
              )
            : undefined;

        const serviceAccount = new k8s.core.v1.ServiceAccount(
            `${name}-sa`,
            {
                metadata: namespacedMeta(ctx, ESO_SERVICE_ACCOUNT, {}, { "eks.amazonaws.com/role-arn": this.role.arn }),
                automountServiceAccountToken: false,
            },
            k8sOpts,
        );
        this.store_ = new k8s.apiextensions.CustomResource(
            `${name}-store`,
            {
                apiVersion: ESO_API_VERSION,
                kind: "SecretStore",
                metadata: namespacedMeta(ctx, SECRET_STORE_NAME),
                spec: awsSecretStoreSpec(config.aws.region, ESO_SERVICE_ACCOUNT),
            },
            { ...k8sOpts, dependsOn: [serviceAccount, ...(operator ? [operator.chart] : [])] },
        );

        this.registerOutputs({ keyArn: this.key.arn, roleArn: this.role.arn });
    }

    store(name: string, values: Record<string, pulumi.Input<string>>, opts?: { parent?: pulumi.Resource }): SecretRef[] {
        assertSecretName(name);
        if (this.secrets.has(name) || this.syncs.has(name)) throw new Error(`secret "${name}" is stored twice`);
        const config = this.ctx.config;
        const parent = opts?.parent ?? this;
        const protect = config.preset.protectStatefulResources;
        const secretsConfig = config.secrets as Extract<typeof config.secrets, { backend: "aws-secrets-manager" }>;
        const base = `${this.name}-${name}`;
        const secret = new aws.secretsmanager.Secret(
            base,
            {
                name: backendPath(config, name),
                kmsKeyId: this.key.arn,
                recoveryWindowInDays: secretsConfig.recoveryWindowDays,
                ...(this.replicas.length > 0 ? { replicas: this.replicas, forceOverwriteReplicaSecret: false } : {}),
                tags: this.ctx.commonTags,
            },
            { parent, provider: this.ctx.awsProvider, protect },
        );
        new aws.secretsmanager.SecretVersion(
            `${base}-value`,
            {
                secretId: secret.id,
                secretString: pulumi.secret(pulumi.output(values).apply((v) => JSON.stringify(v))),
            },
            { parent, provider: this.ctx.awsProvider },
        );
        this.secrets.set(name, secret);
        this.allowRead(base, secret.arn, parent);
        this.sync(name, backendPath(config, name), parent);
        return Object.keys(values).map((key) => ({ secretName: name, key }));
    }

    external(name: string): SecretRef {
        assertSecretName(name);
        if (!this.syncs.has(name)) {
            const path = backendPath(this.ctx.config, name);
            // Fails the preview with a clear message when the secret was never created in Secrets Manager.
            const arn = pulumi.output(
                aws.secretsmanager.getSecret({ name: path }, { provider: this.ctx.awsProvider, parent: this }).then(
                    (s) => s.arn,
                    (e: Error) => {
                        throw new Error(
                            `external secret "${name}" must exist in AWS Secrets Manager as "${path}" before deploying ` +
                                `(create it: aws secretsmanager create-secret --name ${path} --kms-key-id alias/${slug(secretPrefix(this.ctx.config))}-secrets ` +
                                `--secret-string '{"value":"..."}'): ${e.message}`,
                        );
                    },
                ),
            );
            this.allowRead(`${this.name}-${name}`, arn, this);
            this.sync(name, path, this);
        }
        return { secretName: name, key: "value" };
    }

    /** External Secrets Operator already syncs every external secret into a Secret of the same name. */
    kubernetesSecret(name: string): ProvidedSecret {
        const ref = this.external(name);
        return { ref, dependsOn: [this.syncs.get(name)!], annotations: {} };
    }

    forWorkload(_workload: string, env: Record<string, SecretRef>, _pod?: WorkloadPod): WorkloadSecrets {
        const names = new Set(Object.values(env).map((r) => r.secretName));
        return {
            env: envFromRefs(env),
            podAnnotations: {},
            dependsOn: [...names].flatMap((n) => (this.syncs.has(n) ? [this.syncs.get(n)!] : [])),
        };
    }

    /** One inline policy per secret: the role can read exactly the secrets the stack stores or references. */
    private allowRead(base: string, arn: pulumi.Output<string>, parent: pulumi.Resource): void {
        new aws.iam.RolePolicy(
            `${base}-read`,
            {
                role: this.role.id,
                policy: arn.apply((a) => JSON.stringify(secretReadPolicy([a]))),
            },
            { parent, provider: this.ctx.awsProvider },
        );
    }

    private sync(name: string, remoteKey: string, parent: pulumi.Resource): void {
        const labels = secretLabel(name);
        const es = new k8s.apiextensions.CustomResource(
            `${this.name}-${name}-sync`,
            {
                apiVersion: ESO_API_VERSION,
                kind: "ExternalSecret",
                metadata: namespacedMeta(this.ctx, name, labels),
                spec: externalSecretSpec(SECRET_STORE_NAME, remoteKey, name, { ...this.ctx.commonLabels, ...labels }),
            },
            { parent, provider: this.ctx.k8sProvider, dependsOn: [this.store_] },
        );
        this.syncs.set(name, es);
    }
}
