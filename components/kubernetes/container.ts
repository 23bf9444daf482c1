import * as k8s from "@pulumi/kubernetes";

type Container = k8s.types.input.core.v1.Container;

/**
 * Ephemeral storage every container may use (logs, emptyDir-less scratch in the writable layer). Bounded so one pod
 * filling the node's disk is evicted alone instead of taking the node's other pods with it.
 */
export const DEFAULT_EPHEMERAL_STORAGE = { request: "64Mi", limit: "1Gi" } as const;

/**
 * Settings every container of the stack gets, whoever builds it:
 * - imagePullPolicy Always: the kubelet re-checks the registry (and the pull secret) on every start, so a node never runs
 *   a cached image the pod is no longer entitled to; with pinned tags/digests the layers stay cached, only the manifest
 *   is fetched.
 * - ephemeral-storage requests and limits, unless the caller set them.
 */
export function hardenedContainer(container: Container): Container {
    const resources = (container.resources ?? {}) as { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
    return {
        ...container,
        imagePullPolicy: "Always",
        resources: {
            ...resources,
            requests: { "ephemeral-storage": DEFAULT_EPHEMERAL_STORAGE.request, ...(resources.requests ?? {}) } as Record<string, string>,
            limits: { "ephemeral-storage": DEFAULT_EPHEMERAL_STORAGE.limit, ...(resources.limits ?? {}) } as Record<string, string>,
        },
    };
}
