import * as pulumi from "@pulumi/pulumi";
import { ServiceConfig } from "../config";
import { StackContext, WorkloadInfo } from "../contracts";
import { namespacedMeta } from "../kubernetes";
import { customResource, ENVOY_GATEWAY_API, GATEWAY_API } from "./custom";
import { GatewayRef } from "./gateway-spec";
import { backendTrafficPolicySpec, corsPolicySpec, denyFilterName, denyFilterSpec, exposesMetrics, httpRouteSpec } from "./route-spec";

export interface ServiceRouteArgs {
    ctx: StackContext;
    route: NonNullable<ServiceConfig["route"]>;
    workload: WorkloadInfo;
    gateway: GatewayRef;
}

/** A service's public route on the Gateway: HTTPRoute, rate limit and body limit, CORS, metrics kept private. */
export class ServiceRoute extends pulumi.ComponentResource {
    public readonly resources: pulumi.Resource[] = [];

    constructor(name: string, args: ServiceRouteArgs, opts?: pulumi.ComponentResourceOptions) {
        super("stack:edge:ServiceRoute", name, {}, opts);
        const { ctx, route, workload, gateway } = args;
        const copts = { parent: this, provider: ctx.k8sProvider };
        const routeName = workload.name;
        const labels = { "app.kubernetes.io/name": workload.name };
        const deps: pulumi.Resource[] = [];
        if (exposesMetrics(route, workload)) {
            deps.push(
                customResource(
                    `${name}-deny-metrics`,
                    ENVOY_GATEWAY_API,
                    "HTTPRouteFilter",
                    namespacedMeta(ctx, denyFilterName(workload.name), labels),
                    denyFilterSpec(),
                    copts,
                ),
            );
        }
        const httpRoute = customResource(
            `${name}-route`,
            GATEWAY_API,
            "HTTPRoute",
            namespacedMeta(ctx, routeName, labels),
            httpRouteSpec(ctx.config, route, workload, gateway),
            { ...copts, dependsOn: deps },
        );
        this.resources.push(...deps, httpRoute);
        this.resources.push(
            customResource(
                `${name}-traffic-policy`,
                ENVOY_GATEWAY_API,
                "BackendTrafficPolicy",
                namespacedMeta(ctx, routeName, labels),
                backendTrafficPolicySpec(ctx.config, route, routeName),
                copts,
            ),
        );
        const cors = corsPolicySpec(ctx.config, routeName);
        if (cors)
            this.resources.push(
                customResource(
                    `${name}-security-policy`,
                    ENVOY_GATEWAY_API,
                    "SecurityPolicy",
                    namespacedMeta(ctx, routeName, labels),
                    cors,
                    copts,
                ),
            );
        this.registerOutputs({ routeName });
    }
}
