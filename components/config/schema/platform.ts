import { z } from "zod";

/** How the program reaches Kubernetes. */
export const kubernetesSchema = z.discriminatedUnion("mode", [
    z.strictObject({
        mode: z.literal("kubeconfig"),
        /** Context in the kubeconfig. Default: the current context. */
        context: z.string().optional(),
        /** Path to a kubeconfig file. Default: $KUBECONFIG or ~/.kube/config. */
        kubeconfigPath: z.string().optional(),
    }),
    z.strictObject({
        mode: z.literal("render"),
        /** Manifests are written here instead of applied (GitOps, offline previews). */
        renderDir: z.string().min(1).default("out/manifests"),
    }),
]);

/** The AWS account pieces the stack plugs into (it does not create the VPC or the EKS cluster). */
export const awsSchema = z.strictObject({
    region: z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-[0-9]$/, "an AWS region such as eu-west-1"),
    vpcId: z.string().regex(/^vpc-[0-9a-f]{8,17}$/, "a VPC id such as vpc-0abc12345def67890"),
    /** At least two, in different zones (RDS subnet groups and Multi-AZ need it). */
    privateSubnetIds: z.array(z.string().regex(/^subnet-[0-9a-f]{8,17}$/, "a subnet id")).min(2),
    /** Security group of the EKS nodes: the only source admitted by the data services. */
    clusterSecurityGroupId: z.string().regex(/^sg-[0-9a-f]{8,17}$/, "a security group id"),
    /** IAM OIDC provider of the cluster, for IAM roles for service accounts. */
    oidcProviderArn: z.string().regex(/^arn:aws[a-z-]*:iam::[0-9]{12}:oidc-provider\/.+$/, "an IAM OIDC provider ARN"),
    oidcIssuer: z.string().regex(/^oidc\.eks\.[a-z0-9-]+\.amazonaws\.com\/id\/[A-Z0-9]+$/, "the issuer host/path without https://"),
    /** EKS cluster name; the AWS Load Balancer Controller tags and finds its load balancers by it. */
    clusterName: z
        .string()
        .regex(/^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/, "an EKS cluster name")
        .optional(),
});

/** Cluster add-ons from upstream Helm charts, each switchable. Versions are pinned in components/addons/versions.ts. */
export const addonsSchema = z.strictObject({
    certManager: z.boolean().default(true),
    envoyGateway: z.boolean().default(true),
    kubePrometheusStack: z.boolean().default(true),
    loki: z.boolean().default(true),
    /** Installed when the secrets backend needs it (External Secrets for aws-secrets-manager, Vault for vault). */
    secretsBackend: z.boolean().default(true),
    /** Zalando postgres-operator, installed when the database kind is patroni. */
    postgresOperator: z.boolean().default(true),
    /**
     * metrics-server (metrics.k8s.io), installed when a service autoscales: without it an HPA cannot read CPU or memory
     * (EKS ships none). Default true; false where the cluster already runs one (one per cluster: its APIService is
     * cluster-wide, so of several stacks sharing a cluster only one installs it).
     */
    metricsServer: z.boolean().default(true),
    /**
     * prometheus-adapter (custom.metrics.k8s.io), installed when a service autoscales on requestsPerSecond; it serves
     * http_requests_per_second from the service's request counter in the stack's Prometheus. Default true; one per
     * cluster like metrics-server.
     */
    prometheusAdapter: z.boolean().default(true),
    /** AWS Load Balancer Controller (aws target): provisions the proxy's NLB. Needs aws.clusterName. */
    awsLoadBalancerController: z.boolean().default(true),
    /**
     * Velero, installed when backup.clusterState.enabled. Default true. One per cluster (its CRDs and `velero` namespace
     * are cluster-wide): where another stack already runs it, turn backup.clusterState off here instead.
     */
    velero: z.boolean().default(true),
});
