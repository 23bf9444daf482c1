import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

/** A namespaced custom resource (Gateway API, Envoy Gateway, Traefik) with the given metadata and spec. */
export function customResource(
    name: string,
    apiVersion: string,
    kind: string,
    metadata: k8s.types.input.meta.v1.ObjectMeta,
    spec: Record<string, unknown>,
    opts: pulumi.CustomResourceOptions,
): k8s.apiextensions.CustomResource {
    return new k8s.apiextensions.CustomResource(name, { apiVersion, kind, metadata, spec }, opts);
}

export const GATEWAY_API = "gateway.networking.k8s.io/v1";
export const ENVOY_GATEWAY_API = "gateway.envoyproxy.io/v1alpha1";
export const TRAEFIK_API = "traefik.io/v1alpha1";
