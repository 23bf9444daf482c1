import { ENFORCE_LABEL, namespaceLevels } from "../../lib/kubernetes/namespace-levels";
import { inNamespaces } from "../../lib/kubernetes/objects";
import { podTemplateOf } from "../../lib/kubernetes/pod-spec";
import { evaluatePss } from "../../lib/kubernetes/pss";
import { PSS_LEVELS, PssLevel } from "../../lib/kubernetes/pss-values";
import { kindOf, POD_BEARING } from "../../lib/kubernetes/types";
import { withFix } from "../../lib/message";
import { known, UNKNOWN } from "../../lib/preview";
import { stackRule } from "../../lib/rule";

interface PssConfig {
    defaultLevel: PssLevel;
}

export const podSecurityStandard = stackRule<PssConfig>(
    {
        name: "k8s-pod-security-standard",
        description: `Pods must meet the Pod Security Standard their namespace enforces (label ${ENFORCE_LABEL}; defaultLevel when the stack does not label the namespace), control for control as Pod Security admission judges them at version latest, so admission never rejects what the preview passed.`,
        remediationSteps:
            "Change the pod template so it meets the namespace's level (the message names each control), or move the workload to a namespace whose level it is meant to run under.",
        severity: "critical",
        tags: ["kubernetes", "pod"],
        configSchema: { properties: { defaultLevel: { type: "string", enum: [...PSS_LEVELS], default: "restricted" } } },
    },
    (ctx) => {
        const levels = namespaceLevels(ctx.resources, ctx.config.defaultLevel);
        if (levels.anyUnknown) return;
        for (const { resource, namespace } of inNamespaces(ctx.resources, POD_BEARING)) {
            const level = levels.levelOf(namespace);
            const findings = known(() => {
                const pod = podTemplateOf(resource.type, resource.props);
                return pod ? evaluatePss(level, JSON.parse(JSON.stringify(pod.metadata)), JSON.parse(JSON.stringify(pod.spec))) : [];
            });
            if (findings === UNKNOWN || findings.length === 0) continue;
            const kind = kindOf(resource.type)?.kind ?? resource.type;
            const broken = findings.map((f) => `${f.reason} (${f.detail})`).join("; ");
            ctx.report(
                resource,
                withFix(
                    `${kind} ${namespace}/${known(() => resource.props.metadata?.name) as string} breaks Pod Security "${level}" enforced on namespace ${namespace}: ${broken}.`,
                    `change the pod template so each listed control passes at "${level}" (https://kubernetes.io/docs/concepts/security/pod-security-standards/).`,
                ),
            );
        }
    },
);

export const podSecurityStandardRules = [podSecurityStandard];
