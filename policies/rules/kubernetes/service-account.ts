import { annotationsOf } from "../../lib/kubernetes/objects";
import { podRule } from "../../lib/kubernetes/pod-rule";

/** Declares that the workload talks to the Kubernetes API and so needs a mounted token. */
export const NEEDS_API_TOKEN = "prod-stack.io/needs-api-token";

export const serviceAccountToken = podRule(
    {
        name: "k8s-sa-token-automount",
        description: `Pods must set automountServiceAccountToken: false unless the workload is annotated ${NEEDS_API_TOKEN}: "true".`,
        remediationSteps: `Set spec.automountServiceAccountToken: false in the pod template, or annotate the workload with ${NEEDS_API_TOKEN}: "true" when it calls the Kubernetes API.`,
        severity: "medium",
    },
    (ctx, pod) => {
        const declared =
            annotationsOf(ctx.props)[NEEDS_API_TOKEN] === "true" || (pod.metadata.annotations ?? {})[NEEDS_API_TOKEN] === "true";
        if (!declared && pod.spec.automountServiceAccountToken !== false) {
            ctx.report("service account token is mounted but the workload does not declare it needs API access.");
        }
    },
);

export const serviceAccountRules = [serviceAccountToken];
