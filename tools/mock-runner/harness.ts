/**
 * Runs the program (or any function that registers resources) under Pulumi mocks and records every resource with its
 * type, name, URN, resolved inputs, secret paths and resource options. Unit tests and the in-process policy check use it.
 */
import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import * as path from "path";
import * as yaml from "yaml";
import { RecordedOptions, RecordedResource } from "./recorded-resource";
import { mockCallResult, mockResourceOutputs } from "./mock-outputs";
import { memoizedRecording, recordingKey } from "./recording-memo";
import { noteShallowStack, withShallowStacks } from "./shallow-stacks";
import { isSecretOutput, resourceIdentity, runInPulumiStack, setAllConfig, unwrapWireSecret, waitForRPCs } from "./sdk-internals";

const PROJECT = "prod-stack";
const NAMESPACE = "prod-stack";
export const REPO_ROOT = path.resolve(__dirname, "..", "..");

export interface RunOptions {
    /** `dev`, `staging` or `prod`: reads Pulumi.<stack>.yaml. */
    stack?: string;
    /** A file in Pulumi stack-file format (`config:` map), e.g. an example under examples/. */
    configFile?: string;
    /** Raw `prod-stack:` values (without namespace) replacing the file's top-level keys. */
    overrides?: Record<string, unknown>;
    /** Edits the raw config after overrides (for one-property changes deep inside). */
    edit?: (raw: Record<string, any>) => void;
    /** Run as a preview (outputs of resources are unknown). Default false. */
    preview?: boolean;
}

export interface RunResult {
    resources: RecordedResource[];
    outputs: Record<string, unknown>;
    /** Error thrown by the program (config errors), if any. */
    error?: Error;
}

/** Reads a stack file's `prod-stack:` keys. */
export function readStackFile(file: string): Record<string, any> {
    const doc = yaml.parse(fs.readFileSync(file, "utf8")) ?? {};
    const raw: Record<string, any> = {};
    for (const [key, value] of Object.entries(doc.config ?? {})) {
        if (key.startsWith(`${NAMESPACE}:`)) raw[key.slice(NAMESPACE.length + 1)] = value;
    }
    return raw;
}

export function rawConfigFor(options: RunOptions): Record<string, any> {
    const file = options.configFile ?? path.join(REPO_ROOT, `Pulumi.${options.stack ?? "dev"}.yaml`);
    const raw = { ...readStackFile(path.resolve(REPO_ROOT, file)), ...(options.overrides ?? {}) };
    const copy = JSON.parse(JSON.stringify(raw));
    options.edit?.(copy);
    return copy;
}

/** Runs index.ts for a stack or config file; returns what it registered. */
export async function runProgram(options: RunOptions = {}): Promise<RecordedResource[]> {
    const result = await runProgramFull(options);
    if (result.error) throw result.error;
    return result.resources;
}

/** Runs index.ts once per distinct config in this process (./recording-memo.ts); each call gets its own copy. */
export async function runProgramFull(options: RunOptions = {}): Promise<RunResult> {
    const raw = rawConfigFor(options);
    const stackName = stackNameFor(options, raw);
    const preview = options.preview ?? false;
    return memoizedRecording(recordingKey(stackName, preview, raw), () => evaluateProgram(raw, stackName, preview));
}

/** Evaluates index.ts now, bypassing the memo (benchmarks time this). */
export async function evaluateProgramFull(options: RunOptions = {}): Promise<RunResult> {
    const raw = rawConfigFor(options);
    return evaluateProgram(raw, stackNameFor(options, raw), options.preview ?? false);
}

/** The stack named in the options, else the file's `environment`, as `pulumi stack select` would be. */
function stackNameFor(options: RunOptions, raw: Record<string, any>): string {
    return options.stack ?? String(raw.environment ?? "dev");
}

async function evaluateProgram(raw: Record<string, any>, stackName: string, preview: boolean): Promise<RunResult> {
    // The program is loaded lazily so that mocks are in place before any module touches the runtime.

    const program: () => Promise<Record<string, unknown>> = require(path.join(REPO_ROOT, "index.ts"));
    return runWithMocks(() => program(), { config: raw, stack: stackName, preview });
}

export interface MockRunOptions {
    config?: Record<string, unknown>;
    stack?: string;
    preview?: boolean;
}

/** Runs any resource-registering function under mocks (component-level tests). */
export async function runWithMocks(fn: () => unknown, options: MockRunOptions = {}): Promise<RunResult> {
    const result = await withShallowStacks(() => recordUnderMocks(fn, options));
    return result.error ? { ...result, error: noteShallowStack(result.error) } : result;
}

async function recordUnderMocks(fn: () => unknown, options: MockRunOptions): Promise<RunResult> {
    const stack = options.stack ?? "dev";
    const config = options.config ?? {};
    const region = String((config.aws as { region?: string } | undefined)?.region ?? "us-east-1");
    const flatConfig: Record<string, string> = {};
    for (const [key, value] of Object.entries(config)) {
        flatConfig[`${NAMESPACE}:${key}`] = typeof value === "string" ? value : JSON.stringify(value);
    }
    setAllConfig(flatConfig);

    const byKey = new Map<string, RecordedResource>();
    const pendingSecretChecks: Promise<void>[] = [];
    const order: string[] = [];
    const keyOf = (type: string, name: string) => `${type}::${name}`;

    await pulumi.runtime.setMocks(
        {
            newResource: (args) => {
                const out = mockResourceOutputs(args, region);
                const entry = ensureEntry(byKey, order, keyOf(args.type, args.name), args.type, args.name);
                const unwrapped = unwrapSecrets(args.inputs, "");
                entry.inputs = unwrapped.value as Record<string, any>;
                entry.secretPaths = [...new Set([...entry.secretPaths, ...unwrapped.paths])];
                entry.custom = args.custom ?? true;
                return out;
            },
            call: (args) => mockCallResult(args, region),
        },
        PROJECT,
        stack,
        options.preview ?? false,
    );

    let outputs: Record<string, unknown> = {};
    let error: Error | undefined;
    try {
        outputs = (await runInPulumiStack(async () => {
            pulumi.runtime.registerStackTransformation((t) => {
                const entry = ensureEntry(byKey, order, keyOf(t.type, t.name), t.type, t.name);
                entry.urn = urnOf(stack, t.type, t.name, t.opts.parent);
                entry.options = optionsOf(stack, t.opts);
                if (!entry.custom) entry.custom = !(t.resource instanceof pulumi.ComponentResource);
                pendingSecretChecks.push(
                    secretPathsOf(t.props).then((paths) => {
                        entry.secretPaths = [...new Set([...entry.secretPaths, ...paths])];
                    }),
                );
                return undefined;
            });
            return fn();
        })) as Record<string, unknown>;
    } catch (e) {
        error = e as Error;
    }
    await waitForRPCs().catch(() => undefined);
    await Promise.all(pendingSecretChecks);
    const resources = order.map((k) => byKey.get(k)!).filter((r) => r.type !== "pulumi:pulumi:Stack");
    return { resources, outputs: outputs ?? {}, error };
}

function ensureEntry(map: Map<string, RecordedResource>, order: string[], key: string, type: string, name: string): RecordedResource {
    let entry = map.get(key);
    if (!entry) {
        entry = {
            type,
            name,
            urn: `urn:pulumi:unknown::${PROJECT}::${type}::${name}`,
            custom: false,
            inputs: {},
            secretPaths: [],
            options: { protect: false, retainOnDelete: false, dependsOn: [], ignoreChanges: [], deleteBeforeReplace: false },
        };
        map.set(key, entry);
        order.push(key);
    }
    return entry;
}

/** Rebuilds the URN the engine would assign, from the chain of parent types. */
function urnOf(stack: string, type: string, name: string, parent: pulumi.Resource | undefined): string {
    const types: string[] = [];
    let p = resourceIdentity(parent);
    while (p && p.type !== "pulumi:pulumi:Stack") {
        types.unshift(p.type);
        p = resourceIdentity(p.parent);
    }
    return `urn:pulumi:${stack}::${PROJECT}::${[...types, type].join("$")}::${name}`;
}

function urnOfResource(stack: string, r: unknown): string | undefined {
    const id = resourceIdentity(r);
    if (!id) return undefined;
    if (id.type === "pulumi:pulumi:Stack") return `urn:pulumi:${stack}::${PROJECT}::pulumi:pulumi:Stack::${PROJECT}-${stack}`;
    return urnOf(stack, id.type, id.name, id.parent);
}

function optionsOf(stack: string, opts: pulumi.CustomResourceOptions & pulumi.ComponentResourceOptions): RecordedOptions {
    const dependsOn = opts.dependsOn === undefined ? [] : Array.isArray(opts.dependsOn) ? opts.dependsOn : [opts.dependsOn];
    return {
        parent: urnOfResource(stack, opts.parent),
        protect: opts.protect === true,
        retainOnDelete: opts.retainOnDelete === true,
        dependsOn: (dependsOn as unknown[]).flatMap((d) => {
            const urn = urnOfResource(stack, d);
            return urn ? [urn] : [];
        }),
        provider: urnOfResource(stack, opts.provider),
        ignoreChanges: opts.ignoreChanges ?? [],
        deleteBeforeReplace: opts.deleteBeforeReplace === true,
    };
}

/** The mock monitor hands inputs over with secrets still wrapped in their signature object: unwrap and note where. */
function unwrapSecrets(value: unknown, prefix: string): { value: unknown; paths: string[] } {
    if (Array.isArray(value)) {
        const items = value.map((v, i) => unwrapSecrets(v, `${prefix}[${i}]`));
        return { value: items.map((i) => i.value), paths: items.flatMap((i) => i.paths) };
    }
    if (value && typeof value === "object") {
        const obj = value as Record<string, unknown>;
        const wire = unwrapWireSecret(obj);
        if (wire.secret) {
            const inner = unwrapSecrets(wire.value, prefix);
            return { value: inner.value, paths: [prefix, ...inner.paths] };
        }
        const out: Record<string, unknown> = {};
        const paths: string[] = [];
        for (const [k, v] of Object.entries(obj)) {
            const inner = unwrapSecrets(v, prefix ? `${prefix}.${k}` : k);
            out[k] = inner.value;
            paths.push(...inner.paths);
        }
        return { value: out, paths };
    }
    return { value, paths: [] };
}

/** Walks the props and returns the dot paths of every secret Output. */
async function secretPathsOf(props: unknown, prefix = ""): Promise<string[]> {
    if (pulumi.Output.isInstance(props)) {
        if (await isSecretOutput(props as pulumi.Output<unknown>)) return [prefix];
        // Unwrap one level: an Output of an object may carry secret Outputs inside it.
        return [];
    }
    if (props instanceof Promise) return secretPathsOf(await props.catch(() => undefined), prefix);
    if (Array.isArray(props)) {
        const nested = await Promise.all(props.map((v, i) => secretPathsOf(v, `${prefix}[${i}]`)));
        return nested.flat();
    }
    if (props && typeof props === "object" && !(props instanceof pulumi.Resource)) {
        const nested = await Promise.all(Object.entries(props).map(([k, v]) => secretPathsOf(v, prefix ? `${prefix}.${k}` : k)));
        return nested.flat();
    }
    return [];
}

/** Convenience lookups for assertions. */
export function ofType(resources: RecordedResource[], type: string): RecordedResource[] {
    return resources.filter((r) => r.type === type);
}

export function named(resources: RecordedResource[], type: string, name: string): RecordedResource {
    const found = resources.find((r) => r.type === type && r.name === name);
    if (!found) {
        const names = ofType(resources, type).map((r) => r.name);
        throw new Error(`no ${type} named ${name}; registered: ${names.join(", ") || "none"}`);
    }
    return found;
}

/** True when the value at `dotPath` travelled as a secret (itself or an enclosing property was a secret Output). */
export function isSecretAt(resource: RecordedResource, dotPath: string): boolean {
    return resource.secretPaths.some((p) => p === "" || dotPath === p || dotPath.startsWith(`${p}.`) || dotPath.startsWith(`${p}[`));
}
