import * as k8s from "@pulumi/kubernetes";
import { SecretRef } from "../contracts";

/** Env vars read from Kubernetes Secrets (secretKeyRef), never literal values. */
export function envFromRefs(env: Record<string, SecretRef>): k8s.types.input.core.v1.EnvVar[] {
    return Object.entries(env)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, ref]) => ({ name, valueFrom: { secretKeyRef: { name: ref.secretName, key: ref.key } } }));
}
