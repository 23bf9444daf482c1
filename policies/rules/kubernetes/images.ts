import { podRule } from "../../lib/kubernetes/pod-rule";
import { containerLabel, containersOf } from "../../lib/kubernetes/pod-spec";
import { hasDigest, parseImage } from "../../lib/kubernetes/image";

interface ImageConfig {
    requireDigest: boolean;
}

export const imagePinned = podRule<ImageConfig>(
    {
        name: "k8s-image-pinned",
        description:
            "Container images must be pinned: an explicit tag that is not `latest`, or a sha256 digest (required when requireDigest is set, as in prod).",
        remediationSteps: "Reference images as repo:1.2.3@sha256:<digest>; resolve the digest in CI when the image is built.",
        severity: "high",
        configSchema: { properties: { requireDigest: { type: "boolean", default: false } } },
    },
    (ctx, pod) => {
        for (const ref of containersOf(pod.spec)) {
            const image = ref.container.image;
            if (typeof image !== "string" || image === "") {
                ctx.report(`${containerLabel(ref)} has no image.`);
                continue;
            }
            const parsed = parseImage(image);
            if (hasDigest(parsed)) continue;
            if (ctx.config.requireDigest) ctx.report(`${containerLabel(ref)} image ${image} is not pinned by sha256 digest.`);
            else if (!parsed.tag) ctx.report(`${containerLabel(ref)} image ${image} has no tag (resolves to latest).`);
            else if (parsed.tag === "latest") ctx.report(`${containerLabel(ref)} image ${image} uses the mutable tag latest.`);
        }
    },
);

export const imageRules = [imagePinned];
