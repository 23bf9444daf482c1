import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { AwsStackConfig } from "../config";
import { PolicyDocument } from "../shared/iam";
import { irsaRole } from "../shared/irsa-role";
import { AddonChart } from "./chart";
import { ADDON_VERSIONS } from "./versions";

export const LBC_SERVICE_ACCOUNT = "aws-load-balancer-controller";

/** Tag the controller puts on everything it creates; mutations are allowed only on resources carrying it. */
export const LBC_CLUSTER_TAG = "elbv2.k8s.aws/cluster";

/**
 * What the controller needs for NLBs (target groups, listeners, the security groups it manages), scoped: reads are
 * account-wide (Describe* has no resource-level permissions), creation must carry the cluster tag, and changes or
 * deletions only touch resources that carry it.
 */
export function loadBalancerControllerPolicy(): PolicyDocument {
    const tagged = { Null: { [`aws:ResourceTag/${LBC_CLUSTER_TAG}`]: "false" } };
    const creating = { Null: { [`aws:RequestTag/${LBC_CLUSTER_TAG}`]: "false" } };
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Action: ["iam:CreateServiceLinkedRole"],
                Resource: ["*"],
                Condition: { StringEquals: { "iam:AWSServiceName": "elasticloadbalancing.amazonaws.com" } },
            },
            {
                Effect: "Allow",
                Action: [
                    "ec2:DescribeAccountAttributes",
                    "ec2:DescribeAddresses",
                    "ec2:DescribeAvailabilityZones",
                    "ec2:DescribeInternetGateways",
                    "ec2:DescribeVpcs",
                    "ec2:DescribeVpcPeeringConnections",
                    "ec2:DescribeSubnets",
                    "ec2:DescribeSecurityGroups",
                    "ec2:DescribeInstances",
                    "ec2:DescribeNetworkInterfaces",
                    "ec2:DescribeTags",
                    "ec2:DescribeCoipPools",
                    "ec2:GetCoipPoolUsage",
                    "ec2:DescribeRouteTables",
                    "elasticloadbalancing:DescribeLoadBalancers",
                    "elasticloadbalancing:DescribeLoadBalancerAttributes",
                    "elasticloadbalancing:DescribeListeners",
                    "elasticloadbalancing:DescribeListenerAttributes",
                    "elasticloadbalancing:DescribeListenerCertificates",
                    "elasticloadbalancing:DescribeRules",
                    "elasticloadbalancing:DescribeTargetGroups",
                    "elasticloadbalancing:DescribeTargetGroupAttributes",
                    "elasticloadbalancing:DescribeTargetHealth",
                    "elasticloadbalancing:DescribeTags",
                    "elasticloadbalancing:DescribeTrustStores",
                    "acm:ListCertificates",
                    "acm:DescribeCertificate",
                ],
                Resource: ["*"],
            },
            { Effect: "Allow", Action: ["ec2:CreateSecurityGroup"], Resource: ["*"] },
            {
                Effect: "Allow",
                Action: ["ec2:CreateTags"],
                Resource: ["arn:aws:ec2:*:*:security-group/*"],
                Condition: { StringEquals: { "ec2:CreateAction": "CreateSecurityGroup" }, ...creating },
            },
            {
                Effect: "Allow",
                Action: [
                    "ec2:AuthorizeSecurityGroupIngress",
                    "ec2:RevokeSecurityGroupIngress",
                    "ec2:DeleteSecurityGroup",
                    "ec2:CreateTags",
                    "ec2:DeleteTags",
                ],
                Resource: ["*"],
                Condition: tagged,
            },
            {
                Effect: "Allow",
                Action: ["elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:CreateTargetGroup"],
                Resource: ["*"],
                Condition: creating,
            },
            {
                Effect: "Allow",
                Action: ["elasticloadbalancing:AddTags"],
                Resource: ["arn:aws:elasticloadbalancing:*:*:targetgroup/*/*", "arn:aws:elasticloadbalancing:*:*:loadbalancer/net/*/*"],
                Condition: {
                    StringEquals: { "elasticloadbalancing:CreateAction": ["CreateTargetGroup", "CreateLoadBalancer"] },
                    ...creating,
                },
            },
            {
                Effect: "Allow",
                Action: [
                    "elasticloadbalancing:ModifyLoadBalancerAttributes",
                    "elasticloadbalancing:SetIpAddressType",
                    "elasticloadbalancing:SetSecurityGroups",
                    "elasticloadbalancing:SetSubnets",
                    "elasticloadbalancing:DeleteLoadBalancer",
                    "elasticloadbalancing:ModifyTargetGroup",
                    "elasticloadbalancing:ModifyTargetGroupAttributes",
                    "elasticloadbalancing:DeleteTargetGroup",
                    "elasticloadbalancing:AddTags",
                    "elasticloadbalancing:RemoveTags",
                    "elasticloadbalancing:CreateListener",
                    "elasticloadbalancing:DeleteListener",
                    "elasticloadbalancing:ModifyListener",
                ],
                Resource: ["*"],
                Condition: tagged,
            },
            {
                Effect: "Allow",
                Action: ["elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"],
                Resource: ["arn:aws:elasticloadbalancing:*:*:targetgroup/*/*"],
            },
        ],
    };
}

/** Chart values: the cluster, region and VPC spelled out (no instance metadata lookups), HA where the preset asks. */
export function loadBalancerControllerValues(config: AwsStackConfig, roleArn: pulumi.Input<string>): Record<string, unknown> {
    return {
        clusterName: config.aws.clusterName,
        region: config.aws.region,
        vpcId: config.aws.vpcId,
        replicaCount: config.preset.requireHighAvailability ? 2 : 1,
        // The proxy Service says what it wants (NLB, ip targets); nothing else in the cluster turns into a load balancer.
        defaultTargetType: "ip",
        createIngressClassResource: false,
        serviceAccount: { create: true, name: LBC_SERVICE_ACCOUNT, annotations: { "eks.amazonaws.com/role-arn": roleArn } },
        // The chart's defaults lack the seccomp profile and the dropped capabilities that the namespace's restricted
        // Pod Security level requires: without them the controller's pods are rejected and no NLB is ever created.
        podSecurityContext: { fsGroup: 65534, runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
        securityContext: {
            readOnlyRootFilesystem: true,
            runAsNonRoot: true,
            allowPrivilegeEscalation: false,
            capabilities: { drop: ["ALL"] },
        },
        resources: { requests: { cpu: "50m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
        serviceMonitor: { enabled: config.addons.kubePrometheusStack },
    };
}

export interface LoadBalancerControllerArgs {
    config: AwsStackConfig;
    commonLabels: Record<string, string>;
    commonTags: Record<string, string>;
    provider: k8s.Provider;
    awsProvider: aws.Provider;
}

/** The AWS Load Balancer Controller (pinned chart) with its IRSA role: it turns the proxy Service into an NLB. */
export class LoadBalancerController extends pulumi.ComponentResource {
    public readonly resources: pulumi.Resource[] = [];

    constructor(name: string, args: LoadBalancerControllerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("stack:addons:LoadBalancerController", name, {}, opts);
        const { config } = args;
        const pin = ADDON_VERSIONS.awsLoadBalancerController;
        const { role, policy } = irsaRole(
            this,
            name,
            {
                oidc: config.aws,
                namespace: pin.namespace,
                serviceAccount: LBC_SERVICE_ACCOUNT,
                description: "AWS Load Balancer Controller: NLBs for the Envoy proxies",
                tags: args.commonTags,
                policy: loadBalancerControllerPolicy(),
                policyName: "policy",
            },
            args.awsProvider,
        );
        const chart = new AddonChart(
            `${name}-release`,
            { pin, values: loadBalancerControllerValues(config, role.arn), commonLabels: args.commonLabels, provider: args.provider },
            { parent: this, dependsOn: [role, policy] },
        );
        this.resources.push(role, policy, chart);
        this.registerOutputs({});
    }
}
