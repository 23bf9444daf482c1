import { podRule } from "../../lib/kubernetes/pod-rule";
import { containerLabel, containersOf } from "../../lib/kubernetes/pod-spec";
import { looksLikeSecret } from "../../lib/kubernetes/secret-names";
import { K, ofType } from "../../lib/kubernetes/types";
import { resourceRule } from "../../lib/rule";

const info = {
    description: "Credentials must not be literal values in env or ConfigMaps (names like PASSWORD, SECRET, TOKEN, KEY, DSN, DATABASE_URL, REDIS_URL, or URLs with a password).",
    remediationSteps: "Store the value in the secrets backend and reference it with env[].valueFrom.secretKeyRef (or envFrom.secretRef); keep ConfigMaps for non-secret settings.",
    severity: "critical" as const,
};

export const noLiteralSecretsInEnv = podRule(
    { name: "k8s-no-literal-secrets-in-env", ...info },
    (ctx, pod) => {
        for (const ref of containersOf(pod.spec)) {
            for (const env of ref.container.env ?? []) {
                if (env.valueFrom === undefined && looksLikeSecret(env.name, env.value)) {
                    ctx.report(`${containerLabel(ref)} sets ${env.name} to a literal value.`);
                }
            }
        }
    },
);

export const noSecretsInConfigMaps = resourceRule(
    { name: "k8s-no-secrets-in-configmaps", tags: ["kubernetes"], ...info },
    ofType(K.ConfigMap),
    (ctx) => {
        for (const [key, value] of Object.entries(ctx.props.data ?? {})) {
            if (looksLikeSecret(key, value)) ctx.report(`ConfigMap key ${key} holds a credential.`);
        }
    },
);

export const secretRules = [noLiteralSecretsInEnv, noSecretsInConfigMaps];
