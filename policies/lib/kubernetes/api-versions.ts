/**
 * Kubernetes API versions that are removed (the API server no longer serves them) or deprecated, from the upstream
 * deprecation guide (https://kubernetes.io/docs/reference/using-api/deprecation-guide/). Keyed by `group/version` as
 * Pulumi type tokens spell it (`core` for the legacy group), optionally narrowed to kinds.
 */
export interface ApiRetirement {
    /** `removed in 1.25` or `deprecated since 1.33`. */
    status: string;
    /** What to use instead. */
    replacement: string;
    /** Only these kinds of the group/version; all when absent. */
    kinds?: string[];
}

const removed = (release: string, replacement: string, kinds?: string[]): ApiRetirement => ({
    status: `removed in Kubernetes ${release}`,
    replacement,
    kinds,
});

export const RETIRED_APIS: Record<string, ApiRetirement[]> = {
    "extensions/v1beta1": [removed("1.22", "apps/v1, networking.k8s.io/v1 or policy/v1 for the same kind")],
    "apps/v1beta1": [removed("1.16", "apps/v1")],
    "apps/v1beta2": [removed("1.16", "apps/v1")],
    "batch/v1beta1": [removed("1.25", "batch/v1", ["CronJob"])],
    "batch/v2alpha1": [removed("1.21", "batch/v1", ["CronJob"])],
    "policy/v1beta1": [removed("1.25", "policy/v1 (PodSecurityPolicy: Pod Security admission labels)")],
    "autoscaling/v2beta1": [removed("1.25", "autoscaling/v2")],
    "autoscaling/v2beta2": [removed("1.26", "autoscaling/v2")],
    "networking.k8s.io/v1beta1": [removed("1.22", "networking.k8s.io/v1", ["Ingress", "IngressClass"])],
    "rbac.authorization.k8s.io/v1beta1": [removed("1.22", "rbac.authorization.k8s.io/v1")],
    "rbac.authorization.k8s.io/v1alpha1": [removed("1.22", "rbac.authorization.k8s.io/v1")],
    "admissionregistration.k8s.io/v1beta1": [
        removed("1.22", "admissionregistration.k8s.io/v1", ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"]),
    ],
    "apiextensions.k8s.io/v1beta1": [removed("1.22", "apiextensions.k8s.io/v1")],
    "apiregistration.k8s.io/v1beta1": [removed("1.22", "apiregistration.k8s.io/v1")],
    "certificates.k8s.io/v1beta1": [removed("1.22", "certificates.k8s.io/v1")],
    "coordination.k8s.io/v1beta1": [removed("1.22", "coordination.k8s.io/v1")],
    "scheduling.k8s.io/v1beta1": [removed("1.22", "scheduling.k8s.io/v1")],
    "scheduling.k8s.io/v1alpha1": [removed("1.22", "scheduling.k8s.io/v1")],
    "storage.k8s.io/v1beta1": [
        removed("1.22", "storage.k8s.io/v1", ["CSIDriver", "CSINode", "StorageClass", "VolumeAttachment"]),
        removed("1.27", "storage.k8s.io/v1", ["CSIStorageCapacity"]),
    ],
    "discovery.k8s.io/v1beta1": [removed("1.25", "discovery.k8s.io/v1")],
    "events.k8s.io/v1beta1": [removed("1.25", "events.k8s.io/v1")],
    "node.k8s.io/v1beta1": [removed("1.25", "node.k8s.io/v1")],
    "flowcontrol.apiserver.k8s.io/v1beta1": [removed("1.26", "flowcontrol.apiserver.k8s.io/v1")],
    "flowcontrol.apiserver.k8s.io/v1beta2": [removed("1.29", "flowcontrol.apiserver.k8s.io/v1")],
    "flowcontrol.apiserver.k8s.io/v1beta3": [removed("1.32", "flowcontrol.apiserver.k8s.io/v1")],
    "core/v1": [{ status: "deprecated since Kubernetes 1.33", replacement: "discovery.k8s.io/v1 EndpointSlice", kinds: ["Endpoints"] }],
    "gateway.networking.k8s.io/v1beta1": [
        {
            status: "deprecated (Gateway API v1.0)",
            replacement: "gateway.networking.k8s.io/v1",
            kinds: ["Gateway", "GatewayClass", "HTTPRoute"],
        },
    ],
};

/** Why the kind at this group/version should not be used, or undefined when it is current. */
export function retirementOf(group: string, version: string, kind: string): ApiRetirement | undefined {
    return (RETIRED_APIS[`${group}/${version}`] ?? []).find((r) => r.kinds === undefined || r.kinds.includes(kind));
}
