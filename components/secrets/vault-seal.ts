/**
 * Auto-unseal of the installed Vault. awskms (default on the aws target): a KMS key (rotation on, protected where
 * stateful resources are) and an IRSA role letting only the Vault server service account use it. transit: another
 * Vault's transit engine. shamir (default elsewhere): manual unseal with key shares held offline by their custodians.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { StackContext } from "../contracts";
import { irsaTrustPolicy, PolicyDocument } from "../shared/iam";
import { ADDON_VERSIONS } from "../addons/versions";
import { VaultSeal } from "./vault-scripts";

type SealConfig = Extract<StackContext["config"]["secrets"], { backend: "vault" }>["seal"];

/** The seal kind a config resolves to: the configured one, else awskms on the aws target and shamir on the cluster target. */
export function sealKind(seal: SealConfig, target: "aws" | "cluster"): "awskms" | "transit" | "shamir" {
    return seal?.kind ?? (target === "aws" ? "awskms" : "shamir");
}

/** What the Vault servers may do with the unseal key. */
export function sealKeyPolicy(keyArn: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: ["kms:Encrypt", "kms:Decrypt", "kms:DescribeKey"], Resource: [keyArn] }],
    };
}

export interface ResolvedSeal {
    seal: pulumi.Output<VaultSeal>;
    irsaRoleArn?: pulumi.Output<string>;
}

export function vaultSeal(
    name: string,
    ctx: StackContext,
    seal: SealConfig,
    serverServiceAccount: string,
    parent: pulumi.Resource,
): ResolvedSeal {
    const config = ctx.config;
    const kind = sealKind(seal, config.target);
    if (kind === "transit" && seal?.kind === "transit") return { seal: pulumi.output({ ...seal }) };
    if (kind === "shamir") return { seal: pulumi.output({ kind: "shamir" as const }) };
    if (config.target !== "aws" || !ctx.awsProvider) throw new Error("internal: the awskms seal on a non-aws target got past validation");
    const provider = ctx.awsProvider;
    const given = seal?.kind === "awskms" ? seal.kmsKeyArn : undefined;
    const keyArn = given
        ? pulumi.output(given)
        : new aws.kms.Key(
              `${name}-unseal-key`,
              {
                  description: `Vault auto-unseal (${config.appName}-${config.environment})`,
                  enableKeyRotation: true,
                  deletionWindowInDays: 30,
                  tags: ctx.commonTags,
              },
              { parent, provider, protect: config.preset.protectStatefulResources },
          ).arn;
    const role = new aws.iam.Role(
        `${name}-unseal-role`,
        {
            assumeRolePolicy: JSON.stringify(
                irsaTrustPolicy(config.aws.oidcProviderArn, config.aws.oidcIssuer, ADDON_VERSIONS.vault.namespace, serverServiceAccount),
            ),
            tags: ctx.commonTags,
        },
        { parent, provider },
    );
    new aws.iam.RolePolicy(
        `${name}-unseal-policy`,
        { role: role.id, policy: keyArn.apply((arn) => JSON.stringify(sealKeyPolicy(arn))) },
        { parent, provider },
    );
    const region = config.aws.region;
    return { seal: keyArn.apply((kmsKeyId) => ({ kind: "awskms" as const, region, kmsKeyId })), irsaRoleArn: role.arn };
}
