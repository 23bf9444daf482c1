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

/**
 * The registry host and repository path of an image reference, with Docker's defaults applied: a first component
 * without a dot, a colon or `localhost` is a Docker Hub path (`redis` is `docker.io/library/redis`).
 */
export function registryPathOf(image: string): { registry: string; path: string } {
    const { repository } = parseImage(image);
    const [first, ...rest] = repository.split("/");
    if (rest.length > 0 && (first.includes(".") || first.includes(":") || first === "localhost")) {
        return { registry: first === "index.docker.io" ? "docker.io" : first, path: rest.join("/") };
    }
    return { registry: "docker.io", path: rest.length > 0 ? repository : `library/${repository}` };
}

/** Whether `image` comes from an allow-list entry: a registry host (`ghcr.io`) or host and path prefix (`ghcr.io/acme`). */
export function fromAllowedRegistry(image: string, allowed: string[]): boolean {
    const { registry, path } = registryPathOf(image);
    const full = `${registry}/${path}`;
    return allowed.some((entry) => {
        const e = entry.replace(/\/+$/, "");
        return e === registry || full.startsWith(`${e}/`);
    });
}
