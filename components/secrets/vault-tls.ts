/**
 * TLS for the installed Vault: a per-stack CA from cert-manager (a self-signed root in cert-manager's namespace, a CA
 * ClusterIssuer named after the stack so two stacks never share or overwrite one), the server certificate in the Vault
 * namespace and a Secret in the app namespace whose ca.crt the agents and Jobs verify Vault with.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { StackContext } from "../contracts";
import { ADDON_VERSIONS } from "../addons/versions";
import { VAULT_CA_SECRET, VAULT_SERVER_TLS_SECRET, vaultScope } from "./vault-scripts";

/** Names the server certificate must carry: the Service, each member behind the internal Service, loopback. */
export function vaultDnsNames(release: string, namespace: string): string[] {
    return [
        release,
        `${release}.${namespace}`,
        `${release}.${namespace}.svc`,
        `${release}-active.${namespace}.svc`,
        `*.${release}-internal`,
        `*.${release}-internal.${namespace}.svc`,
        "localhost",
    ];
}

function certificate(
    name: string,
    ctx: StackContext,
    namespace: pulumi.Input<string>,
    spec: Record<string, unknown>,
    opts: pulumi.CustomResourceOptions,
): k8s.apiextensions.CustomResource {
    return new k8s.apiextensions.CustomResource(
        name,
        {
            apiVersion: "cert-manager.io/v1",
            kind: "Certificate",
            metadata: { name: String(spec.secretName), namespace, labels: ctx.commonLabels },
            spec,
        },
        { ...opts, provider: ctx.k8sProvider },
    );
}

/** The CA chain and both certificates; returns what the Vault pods must wait for. */
export function vaultTls(
    name: string,
    ctx: StackContext,
    release: string,
    vaultNamespace: pulumi.Input<string>,
    parent: pulumi.Resource,
    dependsOn: pulumi.Resource[],
): pulumi.Resource[] {
    const scope = vaultScope(ctx.config);
    const caNamespace = ADDON_VERSIONS.certManager.namespace;
    const opts = { parent, provider: ctx.k8sProvider, dependsOn };
    const selfSigned = new k8s.apiextensions.CustomResource(
        `${name}-selfsigned`,
        {
            apiVersion: "cert-manager.io/v1",
            kind: "Issuer",
            metadata: { name: `${scope}-vault-selfsigned`, namespace: caNamespace, labels: ctx.commonLabels },
            spec: { selfSigned: {} },
        },
        opts,
    );
    const root = certificate(
        `${name}-ca`,
        ctx,
        caNamespace,
        {
            isCA: true,
            commonName: `${scope} Vault CA`,
            secretName: `${scope}-vault-ca`,
            duration: "87600h",
            privateKey: { algorithm: "ECDSA", size: 256, rotationPolicy: "Always" },
            issuerRef: { name: `${scope}-vault-selfsigned`, kind: "Issuer", group: "cert-manager.io" },
        },
        { parent, dependsOn: [selfSigned] },
    );
    const issuer = new k8s.apiextensions.CustomResource(
        `${name}-ca-issuer`,
        {
            apiVersion: "cert-manager.io/v1",
            kind: "ClusterIssuer",
            metadata: { name: `${scope}-vault-ca`, labels: ctx.commonLabels },
            spec: { ca: { secretName: `${scope}-vault-ca` } },
        },
        { ...opts, dependsOn: [root] },
    );
    const issuerRef = { name: `${scope}-vault-ca`, kind: "ClusterIssuer", group: "cert-manager.io" };
    const server = certificate(
        `${name}-server-cert`,
        ctx,
        vaultNamespace,
        {
            secretName: VAULT_SERVER_TLS_SECRET,
            commonName: `${release}.${ADDON_VERSIONS.vault.namespace}.svc`,
            dnsNames: vaultDnsNames(release, ADDON_VERSIONS.vault.namespace),
            ipAddresses: ["127.0.0.1"],
            duration: "2160h",
            renewBefore: "360h",
            privateKey: { algorithm: "ECDSA", size: 256, rotationPolicy: "Always" },
            usages: ["server auth", "client auth"],
            issuerRef,
        },
        { parent, dependsOn: [issuer] },
    );
    // The clients need only ca.crt; a short-lived client certificate of the same CA is how cert-manager puts it there.
    const trust = certificate(
        `${name}-client-ca`,
        ctx,
        ctx.namespace,
        {
            secretName: VAULT_CA_SECRET,
            commonName: `${scope}-vault-client`,
            duration: "2160h",
            privateKey: { algorithm: "ECDSA", size: 256, rotationPolicy: "Always" },
            usages: ["client auth"],
            issuerRef,
        },
        { parent, dependsOn: [issuer] },
    );
    return [server, trust];
}
