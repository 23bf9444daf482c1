import * as pulumi from "@pulumi/pulumi";
import { StackContext } from "../contracts";
import { namespacedMeta } from "../kubernetes";
import { customResource, ENVOY_GATEWAY_API, GATEWAY_API } from "./custom";
import {
    clientTrafficPolicySpec,
    gatewayAnnotations,
    gatewayName,
    gatewaySpec,
    GatewayRef,
    HTTP_SECTION,
    httpsSectionName,
    routedHosts,
} from "./gateway-spec";
import { envoyProxyName, envoyProxySpec } from "./proxy-spec";

export interface EdgeGatewayArgs {
    ctx: StackContext;
    /** Add-ons (CRDs, GatewayClass) the Gateway waits for. Default none. */
    dependsOn?: pulumi.Resource[];
}

/**
 * The stack's Gateway in the app namespace: an HTTPS listener per routed host (certificates issued by cert-manager
 * from the Gateway annotation) and an HTTP listener that only redirects; TLS versions and ciphers through an Envoy
 * Gateway ClientTrafficPolicy; its data plane (replicas, PDB, HPA, zone spread, NLB on aws) from an EnvoyProxy.
 */
export class EdgeGateway extends pulumi.ComponentResource {
    public readonly ref: GatewayRef;
    public readonly resources: pulumi.Resource[];

    constructor(name: string, args: EdgeGatewayArgs, opts?: pulumi.ComponentResourceOptions) {
        super("stack:edge:EdgeGateway", name, {}, opts);
        const { ctx } = args;
        const config = ctx.config;
        const gwName = gatewayName(config);
        const copts = { parent: this, provider: ctx.k8sProvider, dependsOn: args.dependsOn ?? [] };
        const proxy = customResource(
            `${name}-proxy`,
            ENVOY_GATEWAY_API,
            "EnvoyProxy",
            namespacedMeta(ctx, envoyProxyName(config)),
            envoyProxySpec(config, gwName, config.namespace),
            copts,
        );
        const gateway = customResource(
            `${name}-gateway`,
            GATEWAY_API,
            "Gateway",
            namespacedMeta(ctx, gwName, {}, gatewayAnnotations(config)),
            gatewaySpec(config),
            { ...copts, dependsOn: [...copts.dependsOn, proxy] },
        );
        const policy = customResource(
            `${name}-client-policy`,
            ENVOY_GATEWAY_API,
            "ClientTrafficPolicy",
            namespacedMeta(ctx, `${gwName}-client`),
            clientTrafficPolicySpec(config, gwName),
            copts,
        );
        this.resources = [proxy, gateway, policy];
        const hosts = config.edge.tls.enabled ? routedHosts(config) : [];
        this.ref = {
            name: gwName,
            namespace: ctx.namespace,
            httpsSectionNames: Object.fromEntries(hosts.map((h) => [h, httpsSectionName(h)])),
            httpSectionName: HTTP_SECTION,
        };
        this.registerOutputs({ gatewayName: gwName });
    }
}
