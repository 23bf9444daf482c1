/**
 * Pods the stack does not declare itself but causes to exist: an operator's pods for a custom resource, or a Helm
 * chart's pods. One table, keyed by kind or chart, so selectors and flows see them like declared workloads.
 * Labels are the ones the upstream project sets (pinned versions in components/addons/versions.ts):
 * - Zalando postgres-operator: Spilo pods carry `application: spilo`, `cluster-name: <cluster>` (operator
 *   configuration `cluster_labels` default, docs/reference/operator_parameters.md) and `spilo-role`.
 * - hashicorp/vault chart: server pods `app.kubernetes.io/name: vault`, `app.kubernetes.io/instance: <release>`,
 *   `component: server` (templates/server-statefulset.yaml); port 8200.
 * - kube-prometheus-stack: the operator labels Prometheus pods `app.kubernetes.io/name: prometheus`
 *   (prometheus-operator pkg/prometheus/statefulset.go); scrapes from there.
 * - Envoy Gateway (gateway-helm): proxy pods `app.kubernetes.io/name: envoy`, `app.kubernetes.io/component: proxy`,
 *   `app.kubernetes.io/managed-by: envoy-gateway` (internal/infrastructure/kubernetes/proxy labels).
 */
import type { PolicyResource } from "@pulumi/policy";
import { K } from "../kubernetes/types";
import type { ModelWorkload } from "./workload";

type Generator = (r: PolicyResource, props: Record<string, any>) => Omit<ModelWorkload, "resource" | "origin">[];

const ns = (props: Record<string, any>) =>
    (props.metadata?.namespace as string | undefined) ?? (props.namespace as string | undefined) ?? "default";

/** Custom resources whose operator creates pods, by Pulumi type token. */
export const OPERATOR_PODS: Record<string, Generator> = {
    [K.Postgresql]: (_r, props) => [
        {
            kind: "spilo",
            namespace: ns(props),
            name: props.metadata?.name,
            podLabels: { application: "spilo", "cluster-name": String(props.metadata?.name ?? "") },
            serviceAccount: "postgres-pod",
            ports: [5432, 8008],
            namedPorts: { postgresql: 5432, patroni: 8008 },
            annotations: {},
        },
    ],
};

/** Helm charts (props.chart, OCI references matched by their last path segment) whose pods the stack relies on. */
export const CHART_PODS: Record<string, Generator> = {
    vault: (r, props) => [
        {
            kind: "vault-server",
            namespace: ns(props),
            name: r.name,
            podLabels: { "app.kubernetes.io/name": "vault", component: "server" },
            serviceAccount: "vault",
            ports: [8200, 8201],
            namedPorts: { http: 8200, "https-internal": 8201 },
            annotations: {},
        },
    ],
    "kube-prometheus-stack": (r, props) => [
        {
            kind: "prometheus",
            namespace: ns(props),
            name: r.name,
            podLabels: { "app.kubernetes.io/name": "prometheus" },
            serviceAccount: undefined,
            ports: [9090],
            namedPorts: { web: 9090 },
            annotations: {},
        },
    ],
    "gateway-helm": (r, props) => [
        {
            kind: "envoy-proxy",
            namespace: ns(props),
            name: r.name,
            podLabels: {
                "app.kubernetes.io/name": "envoy",
                "app.kubernetes.io/component": "proxy",
                "app.kubernetes.io/managed-by": "envoy-gateway",
            },
            serviceAccount: undefined,
            ports: [10080, 10443],
            namedPorts: {},
            annotations: {},
        },
    ],
};

export function chartKey(chart: unknown): string {
    return String(chart ?? "")
        .split("/")
        .pop()!;
}

export const CHART_TYPES: string[] = [K.HelmChartV4, K.HelmChartV3, K.HelmRelease];
