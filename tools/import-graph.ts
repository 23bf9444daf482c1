/**
 * Measures the module graph of the project's TypeScript: cross-layer imports (a file of one components/ layer
 * importing another layer's internal module), import cycles, and imports from tools/ into tests/.
 * Usage: ts-node --transpile-only tools/import-graph.ts [--list]
 * The rules it measures are stated in docs/architecture.md (Floors and layers).
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

export const REPO_ROOT = path.resolve(__dirname, "..");
const ROOTS = ["index.ts", "components", "policies", "tools", "tests"];

/**
 * Folders of components/ every layer may import (shared helpers), and the top-level modules that are the layers'
 * common vocabulary. Everything else under components/<layer>/ is that layer's internal module.
 */
export const FLOORS = new Set(["kubernetes", "shared", "addons"]);
export const VOCABULARY = new Set(["components/contracts.ts", "components/peers.ts"]);
/** A layer's public face: what other layers (and index.ts) may import from it. */
export const PUBLIC_ENTRIES = new Set(["components/config/index.ts"]);

function listSources(dir: string): string[] {
    const abs = path.join(REPO_ROOT, dir);
    if (!fs.existsSync(abs)) return [];
    if (fs.statSync(abs).isFile()) return [dir];
    return fs.readdirSync(abs, { withFileTypes: true }).flatMap((e) => {
        if (e.name === "node_modules" || e.name.startsWith(".")) return [];
        const rel = path.join(dir, e.name);
        if (e.isDirectory()) return listSources(rel);
        return /\.ts$/.test(e.name) && !e.name.endsWith(".d.ts") ? [rel] : [];
    });
}

function resolveRelative(from: string, spec: string): string | undefined {
    if (!spec.startsWith(".")) return undefined;
    const base = path.join(path.dirname(from), spec);
    for (const candidate of [base, `${base}.ts`, path.join(base, "index.ts")]) {
        const abs = path.join(REPO_ROOT, candidate);
        if (fs.existsSync(abs) && fs.statSync(abs).isFile() && candidate.endsWith(".ts")) return candidate;
    }
    return undefined;
}

/** Module graph: file -> files it imports (relative imports only; `import type` counts, since cycles of types are cycles of design). */
export function importGraph(): Map<string, string[]> {
    const graph = new Map<string, string[]>();
    for (const file of ROOTS.flatMap(listSources)) {
        const info = ts.preProcessFile(fs.readFileSync(path.join(REPO_ROOT, file), "utf8"), true, true);
        const targets = info.importedFiles.flatMap((f) => {
            const resolved = resolveRelative(file, f.fileName);
            return resolved ? [resolved] : [];
        });
        graph.set(file, [...new Set(targets)]);
    }
    return graph;
}

function layerOf(file: string): string | undefined {
    const parts = file.split(path.sep);
    return parts[0] === "components" && parts.length > 2 ? parts[1] : undefined;
}

export interface Edge {
    from: string;
    to: string;
}

/** Imports from one layer into another layer's internal module. */
export function crossLayerImports(graph: Map<string, string[]>): Edge[] {
    const edges: Edge[] = [];
    for (const [from, targets] of graph) {
        const source = layerOf(from);
        if (!source) continue;
        for (const to of targets) {
            const target = layerOf(to);
            if (!target || target === source || FLOORS.has(target) || PUBLIC_ENTRIES.has(to)) continue;
            edges.push({ from, to });
        }
    }
    return edges;
}

/** Imports of the shared floors into layers (a floor must not depend on the layers above it). */
export function floorUpwardImports(graph: Map<string, string[]>): Edge[] {
    const edges: Edge[] = [];
    for (const [from, targets] of graph) {
        const source = layerOf(from);
        if (!source || !FLOORS.has(source)) continue;
        for (const to of targets) {
            const target = layerOf(to);
            if (target && !FLOORS.has(target) && !PUBLIC_ENTRIES.has(to)) edges.push({ from, to });
        }
    }
    return edges;
}

/** Strongly connected components with more than one module (Tarjan): each is one import cycle. */
export function importCycles(graph: Map<string, string[]>): string[][] {
    let index = 0;
    const indices = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const onStack = new Set<string>();
    const cycles: string[][] = [];
    const visit = (v: string): void => {
        indices.set(v, index);
        low.set(v, index);
        index++;
        stack.push(v);
        onStack.add(v);
        for (const w of graph.get(v) ?? []) {
            if (!indices.has(w)) {
                visit(w);
                low.set(v, Math.min(low.get(v)!, low.get(w)!));
            } else if (onStack.has(w)) {
                low.set(v, Math.min(low.get(v)!, indices.get(w)!));
            }
        }
        if (low.get(v) === indices.get(v)) {
            const members: string[] = [];
            let w: string;
            do {
                w = stack.pop()!;
                onStack.delete(w);
                members.push(w);
            } while (w !== v);
            if (members.length > 1) cycles.push(members.sort());
        }
    };
    for (const v of graph.keys()) if (!indices.has(v)) visit(v);
    return cycles;
}

/** Imports from tools/ into tests/ (tools must stand on their own). */
export function toolsIntoTests(graph: Map<string, string[]>): Edge[] {
    const edges: Edge[] = [];
    for (const [from, targets] of graph) {
        if (!from.startsWith(`tools${path.sep}`)) continue;
        for (const to of targets) if (to.startsWith(`tests${path.sep}`)) edges.push({ from, to });
    }
    return edges;
}

function main(): void {
    const list = process.argv.includes("--list");
    const graph = importGraph();
    const cross = crossLayerImports(graph);
    const upward = floorUpwardImports(graph);
    const cycles = importCycles(graph);
    const toolsTests = toolsIntoTests(graph);
    const edges = [...graph.values()].reduce((n, t) => n + t.length, 0);
    console.log(`modules: ${graph.size}, imports: ${edges}`);
    console.log(`cross-layer imports: ${cross.length}`);
    if (list) for (const e of cross) console.log(`  ${e.from} -> ${e.to}`);
    console.log(`floor-to-layer imports: ${upward.length}`);
    if (list) for (const e of upward) console.log(`  ${e.from} -> ${e.to}`);
    console.log(`import cycles: ${cycles.length}`);
    if (list) for (const c of cycles) console.log(`  ${c.join(" <-> ")}`);
    console.log(`tools -> tests imports: ${toolsTests.length}`);
    if (list) for (const e of toolsTests) console.log(`  ${e.from} -> ${e.to}`);
}

if (require.main === module) main();
