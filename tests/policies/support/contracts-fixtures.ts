/** A small, complete stack whose contracts hold; each failing test changes one property of it. */
import { K } from "../../../policies/lib/kubernetes/types";
import type { RecordedResource } from "../../../tools/mock-runner/recorded-resource";
import { stackResources } from "../../../tools/policy-check/policy-args";
import { verifyContracts } from "../../../policies/lib/contracts";
import { recorded } from "./recorded";

const NS = "app";
const meta = (name: string, labels: Record<string, string> = {}) => ({ name, namespace: NS, labels });
const APP = { "app.kubernetes.io/name": "api" };

export function contractStack(): RecordedResource[] {
    return [
        recorded(K.Namespace, "ns", { metadata: { name: NS } }),
        recorded(K.ServiceAccount, "sa", { metadata: meta("api") }),
        recorded(K.ConfigMap, "cm", { metadata: meta("api-config"), data: { LOG_LEVEL: "info" } }),
        recorded(K.ExternalSecret, "es", {
            metadata: meta("api-env"),
            spec: { secretStoreRef: { name: "aws", kind: "SecretStore" }, target: { name: "api-secrets" } },
        }),
        recorded(K.SecretStore, "store", {
            metadata: meta("aws"),
            spec: { provider: { aws: { service: "SecretsManager", auth: { jwt: { serviceAccountRef: { name: "api" } } } } } },
        }),
        recorded(K.Deployment, "deploy", {
            metadata: meta("api", APP),
            spec: {
                selector: { matchLabels: APP },
                template: {
                    metadata: { labels: APP },
                    spec: {
                        serviceAccountName: "api",
                        containers: [
                            {
                                name: "api",
                                ports: [{ name: "http", containerPort: 8080 }],
                                envFrom: [{ configMapRef: { name: "api-config" } }],
                                env: [{ name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "api-secrets", key: "DB_PASSWORD" } } }],
                            },
                        ],
                    },
                },
            },
        }),
        recorded(K.Service, "svc", { metadata: meta("api", APP), spec: { selector: APP, ports: [{ port: 80, targetPort: "http" }] } }),
        recorded(K.PodDisruptionBudget, "pdb", { metadata: meta("api"), spec: { minAvailable: 1, selector: { matchLabels: APP } } }),
        recorded(K.NetworkPolicy, "np", { metadata: meta("api"), spec: { podSelector: { matchLabels: APP }, policyTypes: ["Ingress"] } }),
        recorded(K.HorizontalPodAutoscaler, "hpa", {
            metadata: meta("api"),
            spec: { scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "api" }, minReplicas: 2, maxReplicas: 4 },
        }),
        recorded(K.HTTPRoute, "route", { metadata: meta("api"), spec: { rules: [{ backendRefs: [{ name: "api", port: 80 }] }] } }),
        recorded(K.ServiceMonitor, "sm", {
            metadata: meta("api"),
            spec: { selector: { matchLabels: APP }, endpoints: [{ port: "http" }] },
        }),
        recorded(K.HelmChartV4, "kps", {
            chart: "kube-prometheus-stack",
            namespace: "monitoring",
            values: {
                prometheus: {
                    prometheusSpec: { serviceMonitorSelectorNilUsesHelmValues: false, podMonitorSelectorNilUsesHelmValues: false },
                },
            },
        }),
    ];
}

/** The fixture's resource of that Pulumi name, to change one property of. */
export function named(stack: RecordedResource[], name: string): Record<string, any> {
    const r = stack.find((x) => x.name === name);
    if (!r) throw new Error(`no fixture resource ${name}`);
    return r.inputs;
}

export function findings(stack: RecordedResource[], contract?: string): string[] {
    return verifyContracts(stackResources(stack))
        .filter((f) => !contract || f.contract === contract)
        .map((f) => f.message);
}
