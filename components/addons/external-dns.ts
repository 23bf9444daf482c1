import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { StackConfig } from "../config";
import { PolicyDocument } from "../shared/iam";
import { irsaRole } from "../shared/irsa-role";
import { AddonChart } from "./chart";
import { ADDON_VERSIONS } from "./versions";

export const EXTERNAL_DNS_SERVICE_ACCOUNT = "external-dns";

/** Each stack runs its own external-dns, beside (not in) the app namespace, whose default-deny would cut it off. */
export function externalDnsNamespace(config: StackConfig): string {
    return `${config.namespace}-dns`;
}

/**
 * TXT ownership: records carry `<appName>-<environment>`, and external-dns only updates or deletes records with its
 * own id, so two stacks (or a stack and a hand-made record) never fight over a name.
 */
export function txtOwnerId(config: StackConfig): string {
    return `${config.appName}-${config.environment}`;
}

/** Hosts external-dns may touch: the configured filters, else exactly the routed hosts. */
export function domainFilters(config: StackConfig, routedHosts: string[]): string[] {
    return config.edge.dns.domainFilters ?? routedHosts;
}

/**
 * Chart values: HTTPRoute source only (records from the routes' hostnames and the Gateway's address; no DNSEndpoint
 * CRD), watching the app namespace alone with a namespaced Role (no cluster-wide RBAC), TXT registry with the
 * stack's owner id.
 */
export function externalDnsValues(config: StackConfig, routedHosts: string[], roleArn?: pulumi.Input<string>): Record<string, unknown> {
    const dns = config.edge.dns;
    const extraArgs = dns.provider === "aws" && dns.hostedZoneId ? [`--zone-id-filter=${dns.hostedZoneId}`] : [];
    return {
        provider: { name: dns.provider },
        sources: ["gateway-httproute"],
        namespaced: true,
        gatewayNamespace: config.namespace,
        sourceNamespace: config.namespace,
        policy: dns.policy,
        registry: "txt",
        txtOwnerId: txtOwnerId(config),
        domainFilters: domainFilters(config, routedHosts),
        extraArgs,
        serviceAccount: {
            create: true,
            name: EXTERNAL_DNS_SERVICE_ACCOUNT,
            annotations: roleArn ? { "eks.amazonaws.com/role-arn": roleArn } : {},
        },
        env: (dns.credentials?.keys ?? []).map((key) => ({
            name: key,
            valueFrom: { secretKeyRef: { name: dns.credentials!.secret, key } },
        })),
        resources: { requests: { cpu: "20m", memory: "64Mi" }, limits: { cpu: "200m", memory: "128Mi" } },
        serviceMonitor: { enabled: config.addons.kubePrometheusStack },
    };
}

/** Route53 changes in the one hosted zone; listing is account-wide by API design (no resource-level scoping). */
export function route53Policy(hostedZoneId: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Action: ["route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets", "route53:ListTagsForResources"],
                Resource: [`arn:aws:route53:::hostedzone/${hostedZoneId}`],
            },
            { Effect: "Allow", Action: ["route53:ListHostedZones", "route53:GetChange"], Resource: ["*"] },
        ],
    };
}

export interface ExternalDnsArgs {
    config: StackConfig;
    commonLabels: Record<string, string>;
    commonTags: Record<string, string>;
    provider: k8s.Provider;
    /** AWS provider (aws target): the IRSA role for Route53 is created with it. */
    awsProvider?: aws.Provider;
    /** Hosts of the stack's routes. */
    routedHosts: string[];
}

/** external-dns for the stack's routed hosts: Route53 through an IRSA role on aws, the configured provider elsewhere. */
export class ExternalDns extends pulumi.ComponentResource {
    public readonly resources: pulumi.Resource[] = [];

    constructor(name: string, args: ExternalDnsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("stack:addons:ExternalDns", name, {}, opts);
        const { config } = args;
        const namespace = externalDnsNamespace(config);
        let roleArn: pulumi.Output<string> | undefined;
        if (config.target === "aws" && config.edge.dns.provider === "aws" && config.edge.dns.hostedZoneId && args.awsProvider) {
            const { role, policy } = irsaRole(
                this,
                name,
                {
                    oidc: config.aws,
                    namespace,
                    serviceAccount: EXTERNAL_DNS_SERVICE_ACCOUNT,
                    description: `external-dns of ${txtOwnerId(config)}: records in hosted zone ${config.edge.dns.hostedZoneId}`,
                    tags: args.commonTags,
                    policy: route53Policy(config.edge.dns.hostedZoneId),
                    policyName: "route53",
                },
                args.awsProvider,
            );
            roleArn = role.arn;
            this.resources.push(role, policy);
        }
        this.resources.push(
            new AddonChart(
                `${name}-release`,
                {
                    pin: ADDON_VERSIONS.externalDns,
                    namespace,
                    values: externalDnsValues(config, args.routedHosts, roleArn),
                    commonLabels: args.commonLabels,
                    provider: args.provider,
                },
                { parent: this, dependsOn: this.resources },
            ),
        );
        this.registerOutputs({ namespace, txtOwnerId: txtOwnerId(config) });
    }
}
