import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { StackContext } from "../contracts";
import { childOpts, hardenedContainer, namespacedMeta, networkPolicyPeers, ruleFor } from "../kubernetes";
import { dataNetworkPolicy } from "../kubernetes/data-network-policy";
import { IMAGE_UIDS } from "../kubernetes/image-uids";
import { containerSecurity, exporterProbes, podSecurityFor, resources, spreadOver } from "../kubernetes/pods";
import { LABELS, PROMETHEUS_PEER } from "../peers";
import { ManagedExporterSpec } from "./managed-exporters";
import { SCRAPE_INTERVAL } from "./scrape-specs";

export interface ManagedExporterArgs {
    ctx: StackContext;
    spec: ManagedExporterSpec;
}

/** Pod labels of a managed-service exporter (also its Service's and ServiceMonitor's selector). */
export function managedExporterSelector(spec: Pick<ManagedExporterSpec, "role">): Record<string, string> {
    return { [LABELS.name]: spec.role, [LABELS.component]: "monitoring" };
}

/** ServiceMonitor spec of a managed-service exporter: its Service's metrics port, in the app namespace. */
export function managedExporterServiceMonitorSpec(spec: ManagedExporterSpec, namespace: string): Record<string, unknown> {
    return {
        selector: { matchLabels: managedExporterSelector(spec) },
        namespaceSelector: { matchNames: [namespace] },
        endpoints: [{ port: "metrics", path: "/metrics", interval: SCRAPE_INTERVAL, scheme: "http" }],
    };
}

/**
 * One exporter of a managed data service: a Deployment (the environment's replica floor, spread and PDB like every
 * long-running workload of the stack), its Service and ServiceMonitor, and a NetworkPolicy admitting Prometheus on the
 * metrics port and letting the exporter reach only DNS and the managed service's port.
 */
export class ManagedExporter extends pulumi.ComponentResource {
    constructor(name: string, args: ManagedExporterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("stack:observability:ManagedExporter", name, {}, opts);
        const { ctx, spec } = args;
        const config = ctx.config;
        const objectName = `${config.appName}-${spec.role}`;
        const selector = managedExporterSelector(spec);
        const replicas = config.preset.minReplicas;

        const deployment = new k8s.apps.v1.Deployment(
            `${name}-deployment`,
            {
                metadata: namespacedMeta(ctx, objectName, selector),
                spec: {
                    replicas,
                    selector: { matchLabels: selector },
                    template: {
                        metadata: { labels: { ...ctx.commonLabels, ...selector } },
                        spec: {
                            automountServiceAccountToken: false,
                            securityContext: podSecurityFor(IMAGE_UIDS.exporter),
                            ...(ctx.priorityClassName ? { priorityClassName: ctx.priorityClassName } : {}),
                            ...spreadOver(selector, config.preset.topologySpread && replicas > 1),
                            containers: [
                                hardenedContainer({
                                    name: "exporter",
                                    image: spec.image,
                                    env: spec.env,
                                    ports: [{ name: "metrics", containerPort: spec.port }],
                                    ...exporterProbes(spec.port),
                                    securityContext: containerSecurity(),
                                    resources: resources("20m", "200m", "128Mi"),
                                }),
                            ],
                        },
                    },
                },
            },
            childOpts(this, ctx, { dependsOn: spec.dependsOn }),
        );
        new k8s.core.v1.Service(
            `${name}-service`,
            {
                metadata: namespacedMeta(ctx, objectName, selector),
                spec: { selector, ports: [{ name: "metrics", port: spec.port, targetPort: "metrics" }] },
            },
            childOpts(this, ctx),
        );
        if (replicas > 1) {
            new k8s.policy.v1.PodDisruptionBudget(
                `${name}-pdb`,
                { metadata: namespacedMeta(ctx, objectName, selector), spec: { selector: { matchLabels: selector }, maxUnavailable: 1 } },
                childOpts(this, ctx),
            );
        }
        dataNetworkPolicy(
            `${name}-netpol`,
            ctx,
            selector,
            {
                ingress: [ruleFor({ ...PROMETHEUS_PEER, ports: [spec.port] })],
                egress: [{ peers: networkPolicyPeers(spec.target), ports: spec.target.ports }],
            },
            this,
        );
        new k8s.apiextensions.CustomResource(
            `${name}-servicemonitor`,
            {
                apiVersion: "monitoring.coreos.com/v1",
                kind: "ServiceMonitor",
                metadata: namespacedMeta(ctx, objectName, { [LABELS.component]: "monitoring" }),
                spec: ctx.namespace.apply((ns) => managedExporterServiceMonitorSpec(spec, ns)),
            },
            childOpts(this, ctx, { dependsOn: [deployment] }),
        );
        this.registerOutputs({});
    }
}
