export interface ImageRef {
    repository: string;
    tag?: string;
    digest?: string;
}

/**
 * Splits `registry[:port]/path[:tag][@sha256:...]`. The tag is only what follows the last colon after the last
 * slash, so a registry port is never mistaken for a tag.
 */
export function parseImage(image: string): ImageRef {
    const [nameAndTag, digest] = image.split("@", 2);
    const slash = nameAndTag.lastIndexOf("/");
    const colon = nameAndTag.lastIndexOf(":");
    if (colon > slash) return { repository: nameAndTag.slice(0, colon), tag: nameAndTag.slice(colon + 1), digest };
    return { repository: nameAndTag, digest };
}

export function hasDigest(ref: ImageRef): boolean {
    return /^sha256:[a-f0-9]{64}$/.test(ref.digest ?? "");
}
