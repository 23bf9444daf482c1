import { retirementOf } from "../../lib/kubernetes/api-versions";
import { fromAllowedRegistry } from "../../lib/kubernetes/image";
import { podRule } from "../../lib/kubernetes/pod-rule";
import { containerLabel, containersOf } from "../../lib/kubernetes/pod-spec";
import { kindOf } from "../../lib/kubernetes/types";
import { withFix } from "../../lib/message";
import { resourceRule } from "../../lib/rule";

interface RegistryConfig {
    allowedRegistries: string[];
}

export const imageRegistryAllowed = podRule<RegistryConfig>(
    {
        name: "k8s-image-registry-allowed",
        description:
            "Container images must come from the stack's allowed registries (allowedRegistries: hosts such as ghcr.io, or host/path prefixes such as ghcr.io/acme; an image without a host is docker.io).",
        remediationSteps:
            "Mirror the image into an allowed registry and reference it there, or add the registry to this rule's allowedRegistries in policies/config/<stack>.json after review.",
        severity: "high",
        configSchema: {
            properties: {
                allowedRegistries: {
                    type: "array",
                    items: { type: "string" },
                    default: ["docker.io", "ghcr.io", "quay.io", "registry.k8s.io", "public.ecr.aws"],
                },
            },
        },
    },
    (ctx, pod) => {
        for (const ref of containersOf(pod.spec)) {
            const image = ref.container.image;
            if (typeof image !== "string" || image === "" || fromAllowedRegistry(image, ctx.config.allowedRegistries)) continue;
            ctx.report(
                withFix(
                    `${containerLabel(ref)} image ${image} is not from an allowed registry (${ctx.config.allowedRegistries.join(", ")}).`,
                    "mirror the image into an allowed registry, or extend k8s-image-registry-allowed.allowedRegistries for this stack.",
                ),
            );
        }
    },
);

export const noRetiredApis = resourceRule(
    {
        name: "k8s-no-retired-api-version",
        description:
            "Objects must not use removed or deprecated Kubernetes API versions (extensions/v1beta1, policy/v1beta1, batch/v1beta1 CronJob, autoscaling/v2beta*, flowcontrol v1beta*, core/v1 Endpoints, ...).",
        remediationSteps: "Move the object to the replacement API version named in the message; the fields usually map one to one.",
        severity: "high",
        tags: ["kubernetes", "supply-chain"],
    },
    (type) => kindOf(type) !== undefined,
    (ctx) => {
        const k = kindOf(ctx.type)!;
        const r = retirementOf(k.group, k.version, k.kind);
        if (r) ctx.report(withFix(`${k.kind} uses ${k.group}/${k.version}, ${r.status}.`, `use ${r.replacement}.`));
    },
);

export const supplyChainRules = [imageRegistryAllowed, noRetiredApis];
