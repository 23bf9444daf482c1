import type { PolicyResource, PolicyResourceOptions } from "@pulumi/policy";
import type { RecordedResource } from "../mock-runner/recorded-resource";
import { unknownCheckingProxy } from "../../policies/lib/preview";

/**
 * Props as the server hands them to rules: the engine sends a protobuf Struct (plain JSON: no `undefined`, no
 * class instances, secrets already unwrapped), the server deserializes it and wraps it in unknownCheckingProxy.
 */
export function serverProps(inputs: Record<string, any>): Record<string, any> {
    return unknownCheckingProxy(JSON.parse(JSON.stringify(inputs ?? {})));
}

export function serverOpts(r: RecordedResource): PolicyResourceOptions {
    const opts: PolicyResourceOptions = {
        protect: r.options.protect,
        ignoreChanges: [...r.options.ignoreChanges],
        deleteBeforeReplace: r.options.deleteBeforeReplace,
        aliases: [],
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        additionalSecretOutputs: [],
    };
    if (r.options.parent) opts.parent = r.options.parent;
    return opts;
}

function typeCheckers(type: string) {
    const matches = (cls: any) =>
        cls?.__pulumiType === type || (typeof cls?.isInstance === "function" && cls.isInstance({ __pulumiType: type }) === true);
    return { matches };
}

/** The `resources` list of a stack validation, with parent and dependency links resolved as the server does. */
export function stackResources(recorded: RecordedResource[]): PolicyResource[] {
    const byUrn = new Map<string, PolicyResource>();
    const out = recorded.map((r) => {
        // Copied on first read: a stack policy usually reads a few resources of the list it is given.
        let copy: Record<string, any> | undefined;
        const props = () => (copy ??= serverProps(r.inputs));
        const { matches } = typeCheckers(r.type);
        const resource: PolicyResource = {
            type: r.type,
            get props() {
                return props();
            },
            urn: r.urn,
            name: r.name,
            opts: serverOpts(r),
            dependencies: [],
            propertyDependencies: {},
            isType: (cls) => matches(cls),
            asType: ((cls: any) => (matches(cls) ? props() : undefined)) as PolicyResource["asType"],
        };
        byUrn.set(r.urn, resource);
        return resource;
    });
    recorded.forEach((r, i) => {
        const parent = r.options.parent ? byUrn.get(r.options.parent) : undefined;
        if (parent) out[i].parent = parent;
        out[i].dependencies = r.options.dependsOn.map((u) => byUrn.get(u)).filter((d): d is PolicyResource => d !== undefined);
    });
    return out;
}

export { typeCheckers };
