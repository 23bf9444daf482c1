import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { StackConfig } from "../config";
import { AddonChart } from "./chart";
import { ADDON_VERSIONS } from "./versions";

/** Controller name Envoy Gateway reconciles GatewayClasses for. */
export const ENVOY_GATEWAY_CONTROLLER = "gateway.envoyproxy.io/gatewayclass-controller";

export function envoyGatewayValues(config: StackConfig): Record<string, unknown> {
    return {
        deployment: {
            replicas: config.preset.requireHighAvailability ? 2 : 1,
            envoyGateway: { resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "1", memory: "1Gi" } } },
        },
    };
}

export interface EnvoyGatewayArgs {
    config: StackConfig;
    commonLabels: Record<string, string>;
    provider: k8s.Provider;
}

/** Envoy Gateway (with the Gateway API CRDs its chart ships) and the GatewayClass the stack's Gateway uses. */
export class EnvoyGateway extends pulumi.ComponentResource {
    public readonly resources: pulumi.Resource[] = [];

    constructor(name: string, args: EnvoyGatewayArgs, opts?: pulumi.ComponentResourceOptions) {
        super("stack:addons:EnvoyGateway", name, {}, opts);
        const { config, provider } = args;
        // The proxies run in this namespace with a security context the controller decides: enforce baseline, warn on restricted.
        const chart = new AddonChart(
            `${name}-release`,
            {
                pin: ADDON_VERSIONS.envoyGateway,
                values: envoyGatewayValues(config),
                commonLabels: args.commonLabels,
                provider,
                podSecurity: "baseline",
            },
            { parent: this },
        );
        const gatewayClass = new k8s.apiextensions.CustomResource(
            `${name}-class`,
            {
                apiVersion: "gateway.networking.k8s.io/v1",
                kind: "GatewayClass",
                metadata: { name: config.edge.gatewayClassName, labels: args.commonLabels },
                spec: { controllerName: ENVOY_GATEWAY_CONTROLLER },
            },
            { parent: this, provider, dependsOn: [chart] },
        );
        this.resources.push(chart, gatewayClass);
        this.registerOutputs({});
    }
}
