import * as pulumi from "@pulumi/pulumi";
import { awsTarget, CacheLayer, EdgeLayer, StackContext, WorkloadInfo } from "../contracts";
import { LoadBalancerController } from "../addons/aws-load-balancer-controller";
import { ExternalDns } from "../addons/external-dns";
import { CertManager, Http01Solver } from "../addons/cert-manager";
import { EnvoyGateway } from "../addons/envoy-gateway";
import { LABELS, ENVOY_PROXY_PEER } from "../peers";
import { customResource, GATEWAY_API } from "./custom";
import { EdgeGateway } from "./gateway";
import { gatewayName, HTTP_SECTION, routedHosts } from "./gateway-spec";
import { IngressRoute } from "./ingress";
import { gatewayRefOf, redirectRouteSpec } from "./route-spec";
import { ServiceRoute } from "./routes";
import { namespacedMeta } from "../kubernetes";

/**
 * Ingress-mode controllers live in a namespace the platform team labels `prod-stack.io/edge-controller: "true"`;
 * NetworkPolicies admit that namespace.
 */
export const INGRESS_CONTROLLER_PEER = { namespaceSelector: { [LABELS.edgeController]: "true" } };

/**
 * The edge layer: cert-manager and the stack's Let's Encrypt Issuers, and in gateway mode Envoy Gateway (global rate
 * limit on the stack's Redis when per-API-key limits are configured), the GatewayClass, the AWS Load Balancer
 * Controller on aws, external-dns for the routed hosts, and the stack's Gateway with its EnvoyProxy.
 */
export function deployEdge(ctx: StackContext, cache?: CacheLayer): EdgeLayer {
    const config = ctx.config;
    // Layers' components are children of the stack itself (URNs carry no root component).
    const base = {};
    const commonLabels = ctx.commonLabels;
    if (config.edge.mode === "ingress") {
        const solver: Http01Solver = { kind: "ingress", ingressClass: config.edge.ingressClass ?? "" };
        const certs = new CertManager(
            `${config.appName}-cert-manager`,
            { config, commonLabels, namespace: ctx.namespace, provider: ctx.k8sProvider, solver },
            base,
        );
        return { mode: "ingress", controllerPeer: INGRESS_CONTROLLER_PEER, resources: certs.resources };
    }
    const addons: pulumi.Resource[] = [];
    if (config.addons.envoyGateway) {
        const rateLimitRedis = cache ? { host: cache.host, port: cache.port, tls: cache.tls, password: cache.passwordValue } : undefined;
        addons.push(
            new EnvoyGateway(`${config.appName}-envoy-gateway`, { config, commonLabels, provider: ctx.k8sProvider, rateLimitRedis }, base),
        );
    }
    if (config.target === "aws" && config.addons.awsLoadBalancerController) {
        const { provider: awsProvider } = awsTarget(ctx, "the AWS Load Balancer Controller");
        addons.push(
            new LoadBalancerController(
                `${config.appName}-lb-controller`,
                { config, commonLabels, commonTags: ctx.commonTags, provider: ctx.k8sProvider, awsProvider },
                base,
            ),
        );
    }
    if (config.edge.dns.enabled && routedHosts(config).length > 0) {
        addons.push(
            new ExternalDns(
                `${config.appName}-external-dns`,
                {
                    config,
                    commonLabels,
                    commonTags: ctx.commonTags,
                    provider: ctx.k8sProvider,
                    awsProvider: ctx.awsProvider,
                    routedHosts: routedHosts(config),
                },
                base,
            ),
        );
    }
    const solver: Http01Solver = { kind: "gateway", gatewayName: gatewayName(config), namespace: ctx.namespace, sectionName: HTTP_SECTION };
    const certs = new CertManager(
        `${config.appName}-cert-manager`,
        { config, commonLabels, namespace: ctx.namespace, provider: ctx.k8sProvider, solver },
        base,
    );
    const gateway = new EdgeGateway(`${config.appName}-edge`, { ctx, dependsOn: [...addons, ...certs.resources] }, base);
    return {
        mode: "gateway",
        gateway: gateway.ref,
        controllerPeer: ENVOY_PROXY_PEER,
        resources: [...addons, ...certs.resources, ...gateway.resources],
    };
}

/** Public routes of the workloads that have a `route`, plus the HTTP-to-HTTPS redirect in gateway mode. */
export function deployRoutes(ctx: StackContext, edge: EdgeLayer, workloads: WorkloadInfo[]): pulumi.Resource[] {
    const config = ctx.config;
    const resources: pulumi.Resource[] = [];
    for (const svc of config.services) {
        if (!svc.route) continue;
        const workload = workloads.find((w) => w.name === svc.name);
        if (!workload) throw new Error(`service ${svc.name} has a route but no workload was deployed for it`);
        const name = `${svc.name}-public`;
        const opts = { dependsOn: [...edge.resources, ...workload.resources] };
        if (edge.mode === "gateway")
            resources.push(...new ServiceRoute(name, { ctx, route: svc.route, workload, gateway: gatewayRefOf(edge) }, opts).resources);
        else resources.push(...new IngressRoute(name, { ctx, route: svc.route, workload }, opts).resources);
    }
    if (edge.mode === "gateway" && config.edge.tls.enabled && routedHosts(config).length > 0) {
        const gateway = gatewayRefOf(edge);
        resources.push(
            customResource(
                `${config.appName}-https-redirect`,
                GATEWAY_API,
                "HTTPRoute",
                namespacedMeta(ctx, `${config.appName}-https-redirect`),
                redirectRouteSpec(routedHosts(config), gateway),
                { provider: ctx.k8sProvider, dependsOn: edge.resources },
            ),
        );
    }
    return resources;
}
