import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { StackContext } from "../contracts";

/** ObjectMeta in the app namespace with the stack's common labels plus `labels`. */
export function namespacedMeta(
    ctx: Pick<StackContext, "namespace" | "commonLabels">,
    name: string,
    labels: Record<string, string> = {},
    annotations?: Record<string, pulumi.Input<string>>,
): k8s.types.input.meta.v1.ObjectMeta {
    return { name, namespace: ctx.namespace, labels: { ...ctx.commonLabels, ...labels }, ...(annotations ? { annotations } : {}) };
}

/** ObjectMeta of a cluster-scoped object. */
export function clusterMeta(
    commonLabels: Record<string, string>,
    name: string,
    labels: Record<string, string> = {},
    annotations?: Record<string, string>,
): k8s.types.input.meta.v1.ObjectMeta {
    return { name, labels: { ...commonLabels, ...labels }, ...(annotations ? { annotations } : {}) };
}

/** Resource options every child of a component gets: parent and the stack's Kubernetes provider. */
export function childOpts(
    parent: pulumi.Resource,
    ctx: Pick<StackContext, "k8sProvider">,
    extra: pulumi.CustomResourceOptions = {},
): pulumi.CustomResourceOptions {
    return { parent, provider: ctx.k8sProvider, ...extra };
}
