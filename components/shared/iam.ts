/**
 * IAM policy documents for the External Secrets service account (IRSA). Pure: unit-tested without AWS.
 */

export interface PolicyDocument {
    Version: "2012-10-17";
    Statement: Record<string, unknown>[];
}

/** Trust policy letting exactly one Kubernetes service account assume the role through the cluster's OIDC provider. */
export function irsaTrustPolicy(oidcProviderArn: string, oidcIssuer: string, namespace: string, serviceAccount: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Federated: oidcProviderArn },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: {
                    StringEquals: {
                        [`${oidcIssuer}:sub`]: `system:serviceaccount:${namespace}:${serviceAccount}`,
                        [`${oidcIssuer}:aud`]: "sts.amazonaws.com",
                    },
                },
            },
        ],
    };
}

/** Read access to exactly the listed secrets (no wildcards: one statement per stored or referenced secret). */
export function secretReadPolicy(secretArns: string[]): PolicyDocument {
    if (secretArns.length === 0) throw new Error("a read policy needs at least one secret ARN");
    if (secretArns.some((a) => a.includes("*"))) throw new Error("secret ARNs must be exact, not wildcards");
    return {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"], Resource: secretArns }],
    };
}

/** kms:Decrypt on the stack's secrets key, only when called through Secrets Manager. */
export function kmsDecryptPolicy(keyArn: string, region: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Action: ["kms:Decrypt"],
                Resource: [keyArn],
                Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${region}.amazonaws.com` } },
            },
        ],
    };
}
