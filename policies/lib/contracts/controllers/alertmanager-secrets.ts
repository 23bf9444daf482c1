import type { PolicyResource } from "@pulumi/policy";
import { namespaceOf } from "../../kubernetes/objects";
import { K } from "../../kubernetes/types";
import { withFix } from "../../message";
import { UNKNOWN } from "../../preview";
import { Contract, Finding, plain } from "./finding";
import { producedSecrets } from "./stack-secrets";

/** A SecretKeySelector inside a receiver, with the path the engineer finds it at. */
interface SecretRef {
    path: string;
    name: string;
    key: string;
}

/**
 * Every `{ name, key }` selector under the receivers (slackConfigs[].apiURL, webhookConfigs[].urlSecret,
 * pagerdutyConfigs[].routingKey, emailConfigs[].authPassword, httpConfig basicAuth, ...): the operator reads each from
 * a Secret in the AlertmanagerConfig's namespace. Walking the whole tree keeps new receiver kinds covered; selectors
 * under a `configMap` field name ConfigMaps, not Secrets.
 */
export function receiverSecretRefs(receivers: unknown, path = "spec.receivers"): SecretRef[] {
    if (Array.isArray(receivers))
        return receivers.flatMap((v, i) => receiverSecretRefs(v, `${path}[${receivers[i]?.name ? `name=${receivers[i].name}` : i}]`));
    if (!receivers || typeof receivers !== "object") return [];
    const o = receivers as Record<string, unknown>;
    if (typeof o.name === "string" && typeof o.key === "string") return [{ path, name: o.name, key: o.key }];
    return Object.entries(o).flatMap(([k, v]) => (k === "configMap" ? [] : receiverSecretRefs(v, `${path}.${k}`)));
}

/**
 * The Prometheus operator's contract for AlertmanagerConfig: every secret a receiver refers to exists in the stack (a
 * Secret, or an ExternalSecret's target) with that key. Otherwise the operator rejects the whole config and alerts reach
 * nobody; a secrets backend that only renders files into pods (Vault agent injection) produces no Secret.
 */
export const alertmanagerSecretsContract: Contract = (resources) => {
    const findings: Finding[] = [];
    const { secrets, complete } = producedSecrets(resources);
    for (const r of resources.filter((x: PolicyResource) => x.type === K.AlertmanagerConfig)) {
        const namespace = namespaceOf(r.props);
        const receivers = plain(() => r.props.spec?.receivers);
        if (namespace === UNKNOWN || receivers === UNKNOWN) continue;
        for (const ref of receiverSecretRefs(receivers ?? [])) {
            const secret = secrets.find((s) => s.namespace === namespace && s.name === ref.name);
            if (!secret) {
                if (complete)
                    findings.push({
                        resource: r,
                        message: withFix(
                            `${ref.path} refers to Secret ${namespace}/${ref.name}, which nothing in the stack creates: the operator drops this config and alerts reach nobody.`,
                            `create ${ref.name} in ${namespace} (an ExternalSecret syncing it from the secrets backend, key ${ref.key}); a backend that only injects files into pods produces no Secret.`,
                        ),
                    });
                continue;
            }
            if (secret.keys !== "any" && !secret.keys.has(ref.key))
                findings.push({
                    resource: r,
                    message: withFix(
                        `${ref.path} reads key ${ref.key} of Secret ${namespace}/${ref.name}, which holds only ${[...secret.keys].join(", ") || "no keys"}.`,
                        `give ${secret.producer.name} a key ${ref.key} (ExternalSecret data[].secretKey), or point the receiver at an existing key.`,
                    ),
                });
        }
    }
    return findings;
};
