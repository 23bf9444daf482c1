import { isSecretAt } from "../../tools/mock-runner/harness";
import { RecordedResource } from "../../tools/mock-runner/recorded-resource";

/** Every (dot path, string) leaf of a value. */
export function stringLeaves(value: unknown, prefix = ""): [string, string][] {
    if (typeof value === "string") return [[prefix, value]];
    if (Array.isArray(value)) return value.flatMap((v, i) => stringLeaves(v, `${prefix}[${i}]`));
    if (value && typeof value === "object")
        return Object.entries(value).flatMap(([k, v]) => stringLeaves(v, prefix ? `${prefix}.${k}` : k));
    return [];
}

/** Dot paths of a resource's inputs whose value contains a generated (mock) password. */
export function pathsWithGeneratedSecret(r: RecordedResource): string[] {
    return stringLeaves(r.inputs)
        .filter(([, v]) => v.includes("MOCKSECRET"))
        .map(([p]) => p);
}

/** Occurrences of generated passwords that did not travel as secret outputs, as `<type> <name> <path>`. */
export function secretLeaks(resources: RecordedResource[]): string[] {
    return resources
        .filter((r) => r.type !== "random:index/randomPassword:RandomPassword")
        .flatMap((r) =>
            pathsWithGeneratedSecret(r)
                .filter((p) => !isSecretAt(r, p))
                .map((p) => `${r.type} ${r.name} ${p}`),
        );
}
