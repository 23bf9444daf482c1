/**
 * An IAM role one Kubernetes service account assumes through the cluster's OIDC provider (IRSA), with its one inline
 * policy: what every add-on that calls AWS APIs (external-dns, the AWS Load Balancer Controller, Velero) needs.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { irsaTrustPolicy, PolicyDocument } from "./iam";

export interface IrsaRoleArgs {
    /** The cluster's OIDC provider (aws.oidcProviderArn, aws.oidcIssuer of the stack config). */
    oidc: { oidcProviderArn: string; oidcIssuer: string };
    /** Namespace and name of the service account that assumes the role. */
    namespace: string;
    serviceAccount: string;
    description: string;
    tags: Record<string, string>;
    /** The role's inline policy. */
    policy: pulumi.Input<PolicyDocument>;
    /** Suffix of the policy's resource name: `${name}-${policyName}`. */
    policyName: string;
}

/** Children `${name}-role` and `${name}-${policyName}` of `parent`. */
export function irsaRole(
    parent: pulumi.Resource,
    name: string,
    args: IrsaRoleArgs,
    provider: aws.Provider,
): { role: aws.iam.Role; policy: aws.iam.RolePolicy } {
    const opts = { parent, provider };
    const role = new aws.iam.Role(
        `${name}-role`,
        {
            description: args.description,
            assumeRolePolicy: JSON.stringify(
                irsaTrustPolicy(args.oidc.oidcProviderArn, args.oidc.oidcIssuer, args.namespace, args.serviceAccount),
            ),
            tags: args.tags,
        },
        opts,
    );
    const policy = new aws.iam.RolePolicy(
        `${name}-${args.policyName}`,
        { role: role.id, policy: pulumi.output(args.policy).apply((d) => JSON.stringify(d)) },
        opts,
    );
    return { role, policy };
}
