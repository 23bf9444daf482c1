/**
 * The Envoy data plane of the stack's Gateway: an EnvoyProxy (gateway.envoyproxy.io/v1alpha1) referenced from the
 * Gateway's `infrastructure.parametersRef`. Per Gateway rather than per GatewayClass: the class is shared by every
 * stack on the cluster, so its parameters would be one stack's settings overwriting another's.
 */
import { StackConfig } from "../config";

/** Labels Envoy Gateway puts on the proxy pods of a Gateway (its translator's owning-gateway labels). */
export function proxyPodLabels(gatewayName: string, namespace: string): Record<string, string> {
    return {
        "gateway.envoyproxy.io/owning-gateway-name": gatewayName,
        "gateway.envoyproxy.io/owning-gateway-namespace": namespace,
    };
}

export function envoyProxyName(config: StackConfig): string {
    return `${config.appName}-proxy`;
}

/**
 * AWS Load Balancer Controller annotations for the proxy Service: an internet-facing NLB targeting the pods' IPs,
 * balancing across zones and keeping the client's source IP (so the per-IP rate limit sees clients, not the NLB).
 */
export const NLB_ANNOTATIONS: Readonly<Record<string, string>> = {
    "service.beta.kubernetes.io/aws-load-balancer-type": "external",
    "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": "ip",
    "service.beta.kubernetes.io/aws-load-balancer-scheme": "internet-facing",
    "service.beta.kubernetes.io/aws-load-balancer-attributes": "load_balancing.cross_zone.enabled=true",
    "service.beta.kubernetes.io/aws-load-balancer-target-group-attributes": "preserve_client_ip.enabled=true",
};

/** LoadBalancer class the AWS Load Balancer Controller reconciles (the in-tree cloud provider leaves it alone). */
export const NLB_LOAD_BALANCER_CLASS = "service.k8s.aws/nlb";

export function envoyProxySpec(config: StackConfig, gatewayName: string, namespace: string): Record<string, unknown> {
    const proxy = config.edge.proxy;
    const selector = { matchLabels: proxyPodLabels(gatewayName, namespace) };
    const spread = (topologyKey: string) => ({
        maxSkew: 1,
        topologyKey,
        whenUnsatisfiable:
            topologyKey === "topology.kubernetes.io/zone" && config.preset.requireHighAvailability ? "DoNotSchedule" : "ScheduleAnyway",
        labelSelector: selector,
    });
    const aws = config.target === "aws";
    return {
        provider: {
            type: "Kubernetes",
            kubernetes: {
                envoyDeployment: {
                    replicas: proxy.replicas,
                    pod: {
                        ...(config.preset.topologySpread
                            ? { topologySpreadConstraints: [spread("topology.kubernetes.io/zone"), spread("kubernetes.io/hostname")] }
                            : {}),
                    },
                    container: { resources: { requests: { cpu: "200m", memory: "256Mi" }, limits: { cpu: "2", memory: "1Gi" } } },
                },
                envoyHpa: {
                    minReplicas: proxy.replicas,
                    maxReplicas: Math.max(proxy.maxReplicas, proxy.replicas),
                    metrics: [
                        {
                            type: "Resource",
                            resource: { name: "cpu", target: { type: "Utilization", averageUtilization: proxy.cpuPercent } },
                        },
                    ],
                },
                // One proxy may go during a drain; a single proxy gets no budget (it would block node drains forever).
                ...(proxy.replicas >= 2 ? { envoyPDB: { maxUnavailable: 1 } } : {}),
                envoyService: {
                    type: "LoadBalancer",
                    // Local keeps the client address on clusters whose load balancer forwards to node ports.
                    externalTrafficPolicy: "Local",
                    ...(aws ? { loadBalancerClass: NLB_LOAD_BALANCER_CLASS, annotations: { ...NLB_ANNOTATIONS } } : {}),
                },
            },
        },
    };
}
