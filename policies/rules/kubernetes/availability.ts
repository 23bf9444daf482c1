import { inNamespaces, selects } from "../../lib/kubernetes/objects";
import { K, ofType, REPLICATED } from "../../lib/kubernetes/types";
import { guaranteedReplicas, mayRunSeveral, replicatedWorkloads } from "../../lib/kubernetes/workloads";
import { podTemplateOf } from "../../lib/kubernetes/pod-spec";
import { known, UNKNOWN } from "../../lib/preview";
import { resourceRule, stackRule } from "../../lib/rule";

const tags = ["kubernetes", "availability"];

interface MinReplicasConfig {
    minReplicas: number;
}

export const minReplicas = stackRule<MinReplicasConfig>(
    {
        name: "k8s-workload-min-replicas",
        description:
            "Deployments and StatefulSets must keep at least minReplicas pods (fixed replicas, or an HPA targeting them with that minReplicas).",
        remediationSteps:
            "Raise spec.replicas, or attach a HorizontalPodAutoscaler whose scaleTargetRef names the workload and whose minReplicas meets the minimum.",
        severity: "high",
        tags,
        configSchema: { properties: { minReplicas: { type: "integer", minimum: 1, default: 2 } } },
    },
    (ctx) => {
        for (const w of replicatedWorkloads(ctx.resources)) {
            const n = guaranteedReplicas(w);
            if (n !== UNKNOWN && n < ctx.config.minReplicas) {
                ctx.report(
                    w.resource,
                    `${w.kind} ${w.namespace}/${w.name} keeps ${n} replica(s); at least ${ctx.config.minReplicas} required${w.hpaMin !== undefined ? " (HPA minReplicas)" : ""}.`,
                );
            }
        }
    },
);

export const pdbRequired = stackRule(
    {
        name: "k8s-pdb-required",
        description: "Every multi-replica workload must be covered by a PodDisruptionBudget whose selector matches its pod labels.",
        remediationSteps:
            "Add a policy/v1 PodDisruptionBudget in the workload's namespace with spec.selector matching the pod template labels and maxUnavailable: 1.",
        severity: "medium",
        tags,
    },
    (ctx) => {
        const pdbs = ctx.resources
            .filter((r) => r.type === K.PodDisruptionBudget)
            .map((r) => ({
                namespace: known(() => r.props.metadata?.namespace ?? "default"),
                selector: known(() => r.props.spec?.selector),
            }));
        for (const w of replicatedWorkloads(ctx.resources)) {
            if (mayRunSeveral(w) !== true) continue;
            const candidates = pdbs.filter((p) => p.namespace === UNKNOWN || p.namespace === w.namespace);
            if (candidates.some((p) => p.selector === UNKNOWN || p.namespace === UNKNOWN)) continue;
            if (!candidates.some((p) => p.selector !== UNKNOWN && selects(p.selector, w.podLabels))) {
                ctx.report(
                    w.resource,
                    `${w.kind} ${w.namespace}/${w.name} runs several replicas but no PodDisruptionBudget selects its pods.`,
                );
            }
        }
    },
);

export const topologySpread = resourceRule(
    {
        name: "k8s-topology-spread",
        description:
            "Replicated workloads must spread across nodes/zones (topologySpreadConstraints or pod anti-affinity). Enforced in prod.",
        remediationSteps:
            "Add spec.template.spec.topologySpreadConstraints on topology.kubernetes.io/zone and kubernetes.io/hostname, or a podAntiAffinity on the pod labels.",
        severity: "medium",
        tags,
    },
    ofType(...REPLICATED),
    (ctx) => {
        const spec = podTemplateOf(ctx.type, ctx.props)?.spec ?? {};
        const spread = (spec.topologySpreadConstraints ?? []).length > 0;
        const anti = spec.affinity?.podAntiAffinity !== undefined;
        if (!spread && !anti) ctx.report("pod template has neither topologySpreadConstraints nor podAntiAffinity.");
    },
);

const SINGLE_NODE_MODES = ["ReadWriteOnce", "ReadWriteOncePod"];

export const noSharedRwoVolume = stackRule(
    {
        name: "k8s-no-shared-rwo-volume",
        description:
            "A Deployment that may run several pods (replicas > 1 or an HPA) must not mount a ReadWriteOnce PersistentVolumeClaim.",
        remediationSteps:
            "Use a StatefulSet with volumeClaimTemplates, a ReadWriteMany storage class, or object storage instead of a shared RWO claim.",
        severity: "high",
        tags,
    },
    (ctx) => {
        const claims = inNamespaces(ctx.resources, [K.PersistentVolumeClaim]);
        for (const w of replicatedWorkloads(ctx.resources)) {
            if (w.kind !== "Deployment" || mayRunSeveral(w) !== true) continue;
            for (const volume of w.podSpec.volumes ?? []) {
                const claimName = known(() => volume.persistentVolumeClaim?.claimName);
                if (claimName === UNKNOWN || claimName === undefined) continue;
                const claim = claims.find((c) => c.namespace === w.namespace && known(() => c.resource.props.metadata?.name) === claimName);
                const modes = claim && known(() => claim.resource.props.spec?.accessModes as string[]);
                if (modes && modes !== UNKNOWN && modes.length > 0 && modes.every((m) => SINGLE_NODE_MODES.includes(m))) {
                    ctx.report(
                        w.resource,
                        `Deployment ${w.namespace}/${w.name} may run several pods but mounts ReadWriteOnce claim ${claimName}.`,
                    );
                }
            }
        }
    },
);

export const cronJobScheduling = resourceRule(
    {
        name: "k8s-cronjob-safe-scheduling",
        description: "CronJobs must set startingDeadlineSeconds and concurrencyPolicy: Forbid so missed or slow runs never pile up.",
        remediationSteps: "Set spec.startingDeadlineSeconds (e.g. 300) and spec.concurrencyPolicy: Forbid.",
        severity: "medium",
        tags,
    },
    ofType(K.CronJob),
    (ctx) => {
        if (ctx.props.spec?.startingDeadlineSeconds === undefined) ctx.report("spec.startingDeadlineSeconds is not set.");
        if (ctx.props.spec?.concurrencyPolicy !== "Forbid")
            ctx.report(`spec.concurrencyPolicy is ${ctx.props.spec?.concurrencyPolicy ?? "Allow (default)"}, not Forbid.`);
    },
);

export const availabilityRules = [minReplicas, pdbRequired, topologySpread, noSharedRwoVolume, cronJobScheduling];
