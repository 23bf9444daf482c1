import { z } from "zod";
import { EnvironmentPreset } from "../presets";

const IMAGE_REF =
    /^(?<repo>[a-z0-9]+([._\-/:][a-z0-9]+)*?)(:(?<tag>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?(@(?<digest>sha256:[a-f0-9]{64}))?$/;

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

/**
 * The environment's pinning rules for one image reference: what is expected of it, one entry per rule it breaks
 * (empty when it complies). Every image the config names (services, progressive tracks, platform overrides) is
 * checked by this function.
 */
export function imagePinningProblems(ref: string, preset: EnvironmentPreset): string[] {
    const parts = parseImage(ref);
    if (!parts) return ["an image reference such as ghcr.io/org/api:1.4.2 or ...@sha256:<64 hex>"];
    const problems: string[] = [];
    if (!parts.tag && !parts.digest) problems.push("an image with an explicit tag or digest (a bare name means :latest)");
    if (preset.forbidLatestTag && parts.tag === "latest") problems.push("an immutable tag or digest, not :latest, in this environment");
    if (preset.requireImageDigest && !parts.digest) {
        problems.push(
            "an image pinned by digest (repo:tag@sha256:...) in this environment; fix: resolve the tag with `crane digest` or `docker buildx imagetools inspect`",
        );
    }
    return problems;
}

/** An image reference checked against the environment: pinned, never `latest` where the preset forbids it. */
export function imageRef(preset: EnvironmentPreset) {
    return z.string().superRefine((ref, ctx) => {
        for (const message of imagePinningProblems(ref, preset)) ctx.addIssue({ code: "custom", input: ref, message });
    });
}
