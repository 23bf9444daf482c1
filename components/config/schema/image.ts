import { z } from "zod";
import { EnvironmentPreset } from "../presets";

const IMAGE_REF = /^(?<repo>[a-z0-9]+([._\-/:][a-z0-9]+)*?)(:(?<tag>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?(@(?<digest>sha256:[a-f0-9]{64}))?$/;

export interface ImageParts {
    repository: string;
    tag?: string;
    digest?: string;
}

/** Splits `repo[:tag][@sha256:...]`; a registry port (`host:5000/repo`) is not mistaken for a tag. */
export function parseImage(ref: string): ImageParts | undefined {
    const at = ref.indexOf("@");
    const withoutDigest = at >= 0 ? ref.slice(0, at) : ref;
    const digest = at >= 0 ? ref.slice(at + 1) : undefined;
    const lastSlash = withoutDigest.lastIndexOf("/");
    const colon = withoutDigest.indexOf(":", lastSlash + 1);
    const repository = colon >= 0 ? withoutDigest.slice(0, colon) : withoutDigest;
    const tag = colon >= 0 ? withoutDigest.slice(colon + 1) : undefined;
    if (!IMAGE_REF.test(ref)) return undefined;
    if (digest !== undefined && !/^sha256:[a-f0-9]{64}$/.test(digest)) return undefined;
    return { repository, tag, digest };
}

/** An image reference checked against the environment: pinned, never `latest` where the preset forbids it. */
export function imageRef(preset: EnvironmentPreset) {
    return z.string().superRefine((ref, ctx) => {
        const parts = parseImage(ref);
        if (!parts) {
            ctx.addIssue({ code: "custom", input: ref, message: "an image reference such as ghcr.io/org/api:1.4.2 or ...@sha256:<64 hex>" });
            return;
        }
        if (!parts.tag && !parts.digest) {
            ctx.addIssue({ code: "custom", input: ref, message: "an image with an explicit tag or digest (a bare name means :latest)" });
        }
        if (preset.forbidLatestTag && parts.tag === "latest") {
            ctx.addIssue({ code: "custom", input: ref, message: "an immutable tag or digest, not :latest, in this environment" });
        }
        if (preset.requireImageDigest && !parts.digest) {
            ctx.addIssue({ code: "custom", input: ref, message: "an image pinned by digest (repo:tag@sha256:...) in this environment; fix: resolve the tag with `crane digest` or `docker buildx imagetools inspect`" });
        }
    });
}
