import { podRule } from "../../lib/kubernetes/pod-rule";
import { containerLabel, containersOf } from "../../lib/kubernetes/pod-spec";
import { isSecretName } from "../../lib/kubernetes/secret-names";
import { credentialFormatOf } from "../../lib/kubernetes/secret-values";
import { K, ofType } from "../../lib/kubernetes/types";
import { withFix } from "../../lib/message";
import { resourceRule } from "../../lib/rule";

const info = {
    description:
        "Credentials must not be literal values in env or ConfigMaps: names like PASSWORD, SECRET, TOKEN, KEY, DSN, DATABASE_URL, key material (…_KEY_CONTENT) and known secret variables (OCI_CLI_KEY_CONTENT, PGPASSWORD, …), and values in a credential format whatever the name (PEM private keys, cloud access keys, tokens with known prefixes, URLs with a password).",
    remediationSteps:
        "Store the value in the secrets backend and reference it with env[].valueFrom.secretKeyRef (or envFrom.secretRef); keep ConfigMaps for non-secret settings.",
    severity: "critical" as const,
};

/** Why a literal name/value pair is a credential, or undefined when it is not one. */
export function credentialIn(name: string, value: unknown): string | undefined {
    const format = credentialFormatOf(value);
    if (format) return `holds ${format}`;
    if (typeof value === "string" && value !== "" && isSecretName(name)) return "is a credential name with a literal value";
    return undefined;
}

export const noLiteralSecretsInEnv = podRule({ name: "k8s-no-literal-secrets-in-env", ...info }, (ctx, pod) => {
    for (const ref of containersOf(pod.spec)) {
        for (const env of ref.container.env ?? []) {
            const why = env.valueFrom === undefined ? credentialIn(env.name, env.value) : undefined;
            if (why) {
                ctx.report(
                    withFix(
                        `${containerLabel(ref)} sets ${env.name} to a literal value: it ${why}.`,
                        `move the value into a Secret and set env ${env.name} with valueFrom.secretKeyRef.`,
                    ),
                );
            }
        }
    }
});

export const noSecretsInConfigMaps = resourceRule(
    { name: "k8s-no-secrets-in-configmaps", tags: ["kubernetes"], ...info },
    ofType(K.ConfigMap),
    (ctx) => {
        for (const [key, value] of Object.entries(ctx.props.data ?? {})) {
            const why = credentialIn(key, value);
            if (why) {
                ctx.report(
                    withFix(
                        `ConfigMap key ${key} holds a credential: it ${why}.`,
                        `move key ${key} into a Secret (or the secrets backend) and mount or reference it from there.`,
                    ),
                );
            }
        }
    },
);

export const secretRules = [noLiteralSecretsInEnv, noSecretsInConfigMaps];
