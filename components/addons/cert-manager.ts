import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { StackConfig } from "../config";
import { AddonChart } from "./chart";
import { ADDON_VERSIONS } from "./versions";

/** Chart values: CRDs from the chart, Gateway API support on, HA where the environment requires it. */
export function certManagerValues(config: StackConfig): Record<string, unknown> {
    const replicas = config.preset.requireHighAvailability ? 2 : 1;
    return {
        crds: { enabled: true, keep: true },
        replicaCount: replicas,
        webhook: { replicaCount: replicas },
        cainjector: { replicaCount: replicas },
        podDisruptionBudget: { enabled: replicas > 1 },
        config: { apiVersion: "controller.config.cert-manager.io/v1alpha1", kind: "ControllerConfiguration", enableGatewayAPI: true },
        prometheus: { enabled: true, servicemonitor: { enabled: config.addons.kubePrometheusStack } },
        resources: { requests: { cpu: "50m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
    };
}

export const ACME_SERVERS = {
    "letsencrypt-prod": "https://acme-v02.api.letsencrypt.org/directory",
    "letsencrypt-staging": "https://acme-staging-v02.api.letsencrypt.org/directory",
} as const;

export type IssuerName = keyof typeof ACME_SERVERS;

/** How HTTP-01 challenges are answered: an HTTPRoute on the Gateway's HTTP listener, or an Ingress of the class. */
export type Http01Solver =
    | { kind: "gateway"; gatewayName: string; namespace: pulumi.Input<string>; sectionName: string }
    | { kind: "ingress"; ingressClass: string };

export function issuerSpec(issuer: IssuerName, email: string, solver: Http01Solver): Record<string, unknown> {
    const http01 =
        solver.kind === "gateway"
            ? {
                  gatewayHTTPRoute: {
                      parentRefs: [
                          { name: solver.gatewayName, namespace: solver.namespace, kind: "Gateway", sectionName: solver.sectionName },
                      ],
                  },
              }
            : { ingress: { ingressClassName: solver.ingressClass } };
    return { acme: { server: ACME_SERVERS[issuer], email, privateKeySecretRef: { name: `${issuer}-account-key` }, solvers: [{ http01 }] } };
}

export interface CertManagerArgs {
    config: StackConfig;
    /** The app namespace: the Issuers live there, so two stacks on one cluster never overwrite each other's. */
    namespace: pulumi.Input<string>;
    commonLabels: Record<string, string>;
    provider: k8s.Provider;
    solver: Http01Solver;
}

/**
 * cert-manager (when config.addons.certManager) and the two Let's Encrypt Issuers (production and staging), ACME
 * HTTP-01, account e-mail from config. The issuers are namespaced, in the app namespace: a ClusterIssuer is one object per
 * cluster, so a second stack would overwrite the first one's e-mail and HTTP-01 solver (its Gateway). They are created
 * whenever TLS is on: a cluster may bring its own cert-manager.
 */
export class CertManager extends pulumi.ComponentResource {
    public readonly resources: pulumi.Resource[] = [];

    constructor(name: string, args: CertManagerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("stack:addons:CertManager", name, {}, opts);
        const { config, provider } = args;
        const dependsOn: pulumi.Resource[] = [];
        if (config.addons.certManager) {
            const chart = new AddonChart(
                `${name}-release`,
                { pin: ADDON_VERSIONS.certManager, values: certManagerValues(config), commonLabels: args.commonLabels, provider },
                { parent: this },
            );
            dependsOn.push(chart);
            this.resources.push(chart);
        }
        const email = config.edge.tls.acmeEmail;
        if (config.edge.tls.enabled && email) {
            for (const issuer of Object.keys(ACME_SERVERS) as IssuerName[]) {
                this.resources.push(
                    new k8s.apiextensions.CustomResource(
                        `${name}-${issuer}`,
                        {
                            apiVersion: "cert-manager.io/v1",
                            kind: "Issuer",
                            metadata: { name: issuer, namespace: args.namespace, labels: args.commonLabels },
                            spec: issuerSpec(issuer, email, args.solver),
                        },
                        { parent: this, provider, dependsOn },
                    ),
                );
            }
        }
        this.registerOutputs({});
    }
}
