/**
 * Bootstrap Jobs of the Vault backend: the vault CLI image runs one script (components/secrets/vault-scripts.ts),
 * logged in through Kubernetes auth with the bootstrap service account. Secret values only ever come from a mounted
 * Secret volume.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { StackContext } from "../contracts";
import { IMAGE_UIDS } from "../kubernetes/image-uids";
import { imageFor } from "../config";
import { containerSecurity, podSecurityFor, resources } from "../kubernetes/pods";
import { fitName, hardenedContainer, namespacedMeta } from "../kubernetes";
import { LABELS } from "../peers";
import { VAULT_CA_DIR, VAULT_CA_FILE } from "./vault-scripts";

export const BOOTSTRAP_SERVICE_ACCOUNT = "vault-bootstrap";

export interface VaultJobArgs {
    vaultAddress: string;
    script: string;
    /** Secret mounted read-only at /seed. */
    seedSecret?: string;
    /** Secret with the CA (ca.crt) of a TLS listener, mounted at VAULT_CA_DIR and named by VAULT_CACERT. Default: none. */
    caSecret?: string;
}

/** Volume, mount and VAULT_CACERT of a client that verifies a TLS Vault against the stack's CA. */
export function vaultCaTrust(caSecret: string | undefined): {
    volumes: k8s.types.input.core.v1.Volume[];
    mounts: k8s.types.input.core.v1.VolumeMount[];
    env: k8s.types.input.core.v1.EnvVar[];
} {
    if (!caSecret) return { volumes: [], mounts: [], env: [] };
    return {
        volumes: [{ name: "vault-ca", secret: { secretName: caSecret, items: [{ key: "ca.crt", path: "ca.crt" }], defaultMode: 0o444 } }],
        mounts: [{ name: "vault-ca", mountPath: VAULT_CA_DIR, readOnly: true }],
        env: [{ name: "VAULT_CACERT", value: VAULT_CA_FILE }],
    };
}

export function vaultJobSpec(args: VaultJobArgs, labels: Record<string, string>, image: string): k8s.types.input.batch.v1.JobSpec {
    const seed = args.seedSecret
        ? {
              volumes: [{ name: "seed", secret: { secretName: args.seedSecret, defaultMode: 0o400 } }],
              mounts: [{ name: "seed", mountPath: "/seed", readOnly: true }],
          }
        : { volumes: [], mounts: [] };
    const ca = vaultCaTrust(args.caSecret);
    return {
        backoffLimit: 6,
        activeDeadlineSeconds: 600,
        template: {
            metadata: { labels, annotations: { [LABELS.needsApiToken]: "true" } },
            spec: {
                restartPolicy: "OnFailure",
                serviceAccountName: BOOTSTRAP_SERVICE_ACCOUNT,
                // The Kubernetes auth login presents this pod's service account token.
                automountServiceAccountToken: true,
                securityContext: podSecurityFor(IMAGE_UIDS.vault),
                containers: [
                    hardenedContainer({
                        name: "vault",
                        image,
                        command: ["/bin/sh", "-c", args.script],
                        env: [{ name: "VAULT_ADDR", value: args.vaultAddress }, { name: "HOME", value: "/tmp" }, ...ca.env],
                        securityContext: containerSecurity(),
                        resources: resources("50m", "200m", "64Mi"),
                        volumeMounts: [...seed.mounts, ...ca.mounts, { name: "tmp", mountPath: "/tmp" }],
                    }),
                ],
                volumes: [...seed.volumes, ...ca.volumes, { name: "tmp", emptyDir: { sizeLimit: "16Mi" } }],
            },
        },
    };
}

/** Pod labels of every Vault bootstrap Job (their NetworkPolicy selects on them). */
export const VAULT_JOB_LABELS = { [LABELS.name]: "vault-bootstrap", [LABELS.component]: "secrets" };

export function vaultJob(name: string, ctx: StackContext, args: VaultJobArgs, opts: pulumi.CustomResourceOptions): k8s.batch.v1.Job {
    const labels = VAULT_JOB_LABELS;
    return new k8s.batch.v1.Job(
        name,
        {
            // The Job's name becomes its pods' job-name label: at most 63 characters.
            metadata: namespacedMeta(ctx, fitName(name), labels),
            spec: vaultJobSpec(args, { ...ctx.commonLabels, ...labels }, imageFor(ctx.config, "vault")),
        },
        { ...opts, provider: ctx.k8sProvider, replaceOnChanges: ["spec"], deleteBeforeReplace: true },
    );
}
