/**
 * External Secrets Operator objects (API external-secrets.io/v1). Pure builders of the `spec`s.
 */

import { StackConfig } from "../config";

export const ESO_API_VERSION = "external-secrets.io/v1";

/** Values of the External Secrets Operator chart, whichever backend installs it. */
export function esoChartValues(config: Pick<StackConfig, "preset" | "addons">): Record<string, unknown> {
    return {
        installCRDs: true,
        replicaCount: config.preset.requireHighAvailability ? 2 : 1,
        podDisruptionBudget: { enabled: config.preset.requireHighAvailability, minAvailable: 1 },
        serviceMonitor: { enabled: config.addons.kubePrometheusStack },
    };
}

/** How often ESO re-reads the backend (rotation reaches pods within this interval). */
export const REFRESH_INTERVAL = "1h";

/** Namespaced SecretStore for AWS Secrets Manager, authenticating as `serviceAccount` (IRSA, JWT auth). */
export function awsSecretStoreSpec(region: string, serviceAccount: string): Record<string, unknown> {
    return {
        provider: {
            aws: {
                service: "SecretsManager",
                region,
                auth: { jwt: { serviceAccountRef: { name: serviceAccount } } },
            },
        },
    };
}

/**
 * Namespaced SecretStore for a Vault KV v2 mount, logging in with Kubernetes auth as `role` with a token of
 * `serviceAccount` (ESO requests it; the account mounts none).
 */
export function vaultSecretStoreSpec(
    server: string,
    kvMount: string,
    role: string,
    serviceAccount: string,
    /** Secret of the store's namespace whose `ca.crt` verifies a TLS listener. Default: none (the system roots). */
    caSecret?: string,
): Record<string, unknown> {
    return {
        provider: {
            vault: {
                server,
                path: kvMount,
                version: "v2",
                ...(caSecret ? { caProvider: { type: "Secret", name: caSecret, key: "ca.crt" } } : {}),
                auth: { kubernetes: { mountPath: "kubernetes", role, serviceAccountRef: { name: serviceAccount } } },
            },
        },
    };
}

/**
 * ExternalSecret copying every JSON key of the backend entry `remoteKey` into the Kubernetes Secret `targetName`.
 * The Secret is owned by the ExternalSecret; on deletion of the ExternalSecret the Secret stays (deletionPolicy Retain)
 * so running pods keep working.
 */
export function externalSecretSpec(
    storeName: string,
    remoteKey: string,
    targetName: string,
    labels: Record<string, string>,
): Record<string, unknown> {
    return {
        refreshInterval: REFRESH_INTERVAL,
        secretStoreRef: { kind: "SecretStore", name: storeName },
        target: { name: targetName, creationPolicy: "Owner", deletionPolicy: "Retain", template: { metadata: { labels } } },
        dataFrom: [{ extract: { key: remoteKey } }],
    };
}
