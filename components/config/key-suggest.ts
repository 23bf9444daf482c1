import type { z } from "zod";

/** Edit distance (insert, delete, substitute, swap adjacent), for "did you mean" on misspelt keys. */
export function editDistance(a: string, b: string): number {
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    const d: number[][] = Array.from({ length: x.length + 1 }, (_, i) =>
        Array.from({ length: y.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
    );
    for (let i = 1; i <= x.length; i++) {
        for (let j = 1; j <= y.length; j++) {
            const cost = x[i - 1] === y[j - 1] ? 0 : 1;
            d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
            if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[x.length][y.length];
}

/**
 * The known key closest to an unknown one, when it is close enough to be a typo (a third of its length, at least 2
 * edits) or differs only by case or separators; undefined when nothing is plausibly meant.
 */
export function nearestKey(unknown: string, known: readonly string[]): string | undefined {
    const squash = (s: string) => s.toLowerCase().replace(/[-_]/g, "");
    const same = known.find((k) => squash(k) === squash(unknown));
    if (same) return same;
    let best: { key: string; distance: number } | undefined;
    for (const key of known) {
        const distance = editDistance(unknown, key);
        if (!best || distance < best.distance) best = { key, distance };
    }
    const limit = Math.max(2, Math.floor(unknown.length / 3));
    return best && best.distance <= limit ? best.key : undefined;
}

type Def = { type: string; [k: string]: unknown };
const defOf = (schema: unknown): Def | undefined => (schema as { _zod?: { def?: Def } } | undefined)?._zod?.def;

/** Wrappers that do not change which keys an object accepts. */
const WRAPPERS = new Set(["optional", "nullable", "default", "prefault", "catch", "readonly", "nonoptional"]);

/** The object schemas a value at `path` inside `schema` may be checked against (several for unions). */
function objectsAt(schema: unknown, path: readonly PropertyKey[]): Def[] {
    const def = defOf(schema);
    if (!def) return [];
    if (WRAPPERS.has(def.type)) return objectsAt(def.innerType, path);
    if (def.type === "pipe") return objectsAt(def.in, path);
    if (def.type === "lazy") return objectsAt((def.getter as () => unknown)(), path);
    if (def.type === "union") return (def.options as unknown[]).flatMap((o) => objectsAt(o, path));
    if (def.type === "intersection") return [...objectsAt(def.left, path), ...objectsAt(def.right, path)];
    if (path.length === 0) return def.type === "object" ? [def] : [];
    const [head, ...rest] = path;
    if (def.type === "object") {
        const child = (def.shape as Record<string, unknown>)[String(head)];
        return child === undefined ? [] : objectsAt(child, rest);
    }
    if (def.type === "array") return objectsAt(def.element, rest);
    if (def.type === "record") return objectsAt(def.valueType, rest);
    return [];
}

/** Keys the schema accepts for the object at `path` (relative to `schema`). */
export function knownKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
    return [...new Set(objectsAt(schema, path).flatMap((def) => Object.keys(def.shape as Record<string, unknown>)))];
}

/** The `fix:` text for an unknown key: the nearest known key if there is one, else the list of known keys. */
export function unknownKeyFix(key: string, known: readonly string[]): string {
    const near = nearestKey(key, known);
    if (near) return `did you mean \`${near}\`? (rename the key, or remove it)`;
    if (known.length > 0) return `remove it; keys accepted here: ${known.join(", ")}`;
    return "remove it or check its spelling against docs/configuration.md";
}
