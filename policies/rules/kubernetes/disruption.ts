import { selects } from "../../lib/kubernetes/objects";
import { podRule } from "../../lib/kubernetes/pod-rule";
import { kindOf, K, ofType } from "../../lib/kubernetes/types";
import { guaranteedReplicas, replicatedWorkloads } from "../../lib/kubernetes/workloads";
import { withFix } from "../../lib/message";
import { known, UNKNOWN } from "../../lib/preview";
import { resourceRule, stackRule } from "../../lib/rule";

const tags = ["kubernetes", "availability"];

const isZero = (v: unknown): boolean => v === 0 || v === "0" || v === "0%";

export const pdbAllowsDisruption = resourceRule(
    {
        name: "k8s-pdb-allows-disruption",
        description:
            "A PodDisruptionBudget must allow at least one eviction: maxUnavailable 0 (or 0%) and minAvailable 100% block every node drain and cluster upgrade.",
        remediationSteps:
            "Use maxUnavailable: 1 (or minAvailable below the replica count); a single-replica workload needs no PodDisruptionBudget.",
        severity: "high",
        tags,
    },
    ofType(K.PodDisruptionBudget),
    (ctx) => {
        const spec = ctx.props.spec ?? {};
        if (isZero(spec.maxUnavailable))
            ctx.report(
                withFix(
                    `spec.maxUnavailable is ${spec.maxUnavailable}: no pod may ever be evicted.`,
                    "set spec.maxUnavailable: 1, or delete the budget if the workload runs one replica.",
                ),
            );
        if (spec.minAvailable === "100%")
            ctx.report(
                withFix(
                    "spec.minAvailable is 100%: no pod may ever be evicted.",
                    "set spec.maxUnavailable: 1 instead of minAvailable: 100%.",
                ),
            );
    },
);

/** Pods a minAvailable of `value` demands out of `replicas` (percentages round up, as the disruption controller does). */
function required(value: unknown, replicas: number): number | undefined {
    if (typeof value === "number") return value;
    const m = typeof value === "string" ? /^(\d+)%$/.exec(value) : null;
    return m ? Math.ceil((Number(m[1]) * replicas) / 100) : undefined;
}

export const pdbBelowReplicas = stackRule(
    {
        name: "k8s-pdb-min-available-below-replicas",
        description:
            "A PodDisruptionBudget's minAvailable must stay below the replicas the workload it selects is guaranteed (HPA minReplicas, else spec.replicas); otherwise at that size no pod can be evicted.",
        remediationSteps: "Lower minAvailable below the HPA's minReplicas (or spec.replicas), or use maxUnavailable: 1.",
        severity: "high",
        tags,
    },
    (ctx) => {
        const workloads = replicatedWorkloads(ctx.resources);
        for (const pdb of ctx.resources.filter((r) => r.type === K.PodDisruptionBudget)) {
            const p = known(() => ({
                namespace: pdb.props.metadata?.namespace ?? "default",
                minAvailable: pdb.props.spec?.minAvailable,
                selector: JSON.parse(JSON.stringify(pdb.props.spec?.selector ?? null)),
            }));
            if (p === UNKNOWN || p.minAvailable === undefined || !p.selector) continue;
            for (const w of workloads.filter((x) => x.namespace === p.namespace && selects(p.selector, x.podLabels))) {
                const n = guaranteedReplicas(w);
                const need = n === UNKNOWN ? undefined : required(p.minAvailable, n);
                if (n !== UNKNOWN && need !== undefined && need >= n) {
                    ctx.report(
                        pdb,
                        withFix(
                            `PodDisruptionBudget demands minAvailable ${p.minAvailable} of ${w.kind} ${w.namespace}/${w.name}, which is guaranteed only ${n} replica(s): no eviction is possible at that size.`,
                            `set minAvailable to at most ${n - 1}, or use maxUnavailable: 1.`,
                        ),
                    );
                }
            }
        }
    },
);

export const hpaBounds = resourceRule(
    {
        name: "k8s-hpa-bounds",
        description:
            "A HorizontalPodAutoscaler must have 1 <= minReplicas < maxReplicas: equal bounds never scale and inverted ones are rejected.",
        remediationSteps: "Set minReplicas to the floor the service needs (at least 1) and maxReplicas above it.",
        severity: "medium",
        tags,
    },
    (type) => kindOf(type)?.kind === "HorizontalPodAutoscaler",
    (ctx) => {
        const min = ctx.props.spec?.minReplicas ?? 1;
        const max = ctx.props.spec?.maxReplicas;
        if (min < 1) ctx.report(withFix(`spec.minReplicas is ${min}.`, "set spec.minReplicas to at least 1."));
        if (typeof max !== "number")
            ctx.report(withFix("spec.maxReplicas is not set.", `set spec.maxReplicas above minReplicas (${min}).`));
        else if (max <= min)
            ctx.report(
                withFix(
                    `spec.maxReplicas ${max} is not above minReplicas ${min}: the autoscaler can never add a pod.`,
                    `raise spec.maxReplicas above ${min}, or drop the HPA and set spec.replicas.`,
                ),
            );
    },
);

/** Reserved for node and cluster components; an application pod using them can evict those. */
const SYSTEM_PRIORITY_CLASSES = ["system-node-critical", "system-cluster-critical"];

interface PriorityConfig {
    required: boolean;
}

export const priorityClass = podRule<PriorityConfig>(
    {
        name: "k8s-priority-class",
        description:
            "Long-running pods must name a priorityClassName when `required` (set per stack), and never a system-* class reserved for cluster components.",
        remediationSteps: "Create a PriorityClass for the application tier and set spec.template.spec.priorityClassName to it.",
        severity: "medium",
        configSchema: { properties: { required: { type: "boolean", default: false } } },
    },
    (ctx, pod) => {
        const name = pod.spec.priorityClassName;
        if (SYSTEM_PRIORITY_CLASSES.includes(name)) {
            ctx.report(withFix(`pod uses the reserved priority class ${name}.`, "create an application PriorityClass and use it instead."));
        } else if (ctx.config.required && pod.longRunning && !name) {
            ctx.report(
                withFix(
                    "pod sets no priorityClassName.",
                    "set spec.template.spec.priorityClassName to the application tier's PriorityClass.",
                ),
            );
        }
    },
);

export const disruptionRules = [pdbAllowsDisruption, pdbBelowReplicas, hpaBounds, priorityClass];
