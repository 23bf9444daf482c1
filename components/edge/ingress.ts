import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { StackContext, WorkloadInfo } from "../contracts";
import { namespacedMeta } from "../kubernetes";
import { customResource, TRAEFIK_API } from "./custom";
import { ingressAnnotations, ingressSpec, MiddlewareRole, traefikMiddlewares, usesTraefik } from "./ingress-spec";
import { exposesMetrics, Route } from "./route-spec";

export interface IngressRouteArgs {
    ctx: StackContext;
    route: Route;
    workload: WorkloadInfo;
}

/** A service's public route in `ingress` mode: Ingress (+ Traefik Middlewares when the class is traefik). */
export class IngressRoute extends pulumi.ComponentResource {
    public readonly resources: pulumi.Resource[] = [];

    constructor(name: string, args: IngressRouteArgs, opts?: pulumi.ComponentResourceOptions) {
        super("stack:edge:IngressRoute", name, {}, opts);
        const { ctx, route, workload } = args;
        const copts = { parent: this, provider: ctx.k8sProvider };
        const labels = { "app.kubernetes.io/name": workload.name };
        const middlewareNames: string[] = [];
        if (usesTraefik(ctx.config)) {
            for (const [role, spec] of Object.entries(traefikMiddlewares(ctx.config, route)) as [
                MiddlewareRole,
                Record<string, unknown>,
            ][]) {
                const mwName = `${workload.name}-${role}`;
                middlewareNames.push(mwName);
                this.resources.push(
                    customResource(`${name}-${role}`, TRAEFIK_API, "Middleware", namespacedMeta(ctx, mwName, labels), spec, copts),
                );
            }
        }
        this.resources.push(
            new k8s.networking.v1.Ingress(
                `${name}-ingress`,
                {
                    metadata: namespacedMeta(ctx, workload.name, labels, ingressAnnotations(ctx.config, ctx.namespace, middlewareNames)),
                    spec: ingressSpec(
                        ctx.config,
                        route,
                        workload,
                        exposesMetrics(route, workload),
                    ) as k8s.types.input.networking.v1.IngressSpec,
                },
                { ...copts, dependsOn: [...this.resources] },
            ),
        );
        this.registerOutputs({});
    }
}
