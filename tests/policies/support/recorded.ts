import * as fs from "fs";
import * as path from "path";
import { parseAllDocuments } from "yaml";
import type { RecordedOptions, RecordedResource } from "../../../tools/mock-runner/recorded-resource";

export const STACK = "prod";
export const PROJECT = "prod-stack";
export const FIXTURES = path.resolve(__dirname, "../fixtures");

export function urnOf(type: string, name: string, parentTypes: string[] = []): string {
    return `urn:pulumi:${STACK}::${PROJECT}::${[...parentTypes, type].join("$")}::${name}`;
}

/** A recorded custom resource as the mock harness would produce it. */
export function recorded(
    type: string,
    name: string,
    inputs: Record<string, any>,
    options: Partial<RecordedOptions> = {},
): RecordedResource {
    return {
        type,
        name,
        urn: urnOf(type, name),
        custom: true,
        inputs,
        secretPaths: [],
        options: { protect: false, retainOnDelete: false, dependsOn: [], ignoreChanges: [], deleteBeforeReplace: false, ...options },
    };
}

/** `apps/v1` + `Deployment` → `kubernetes:apps/v1:Deployment` (core group → `core`). */
export function k8sType(apiVersion: string, kind: string): string {
    const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["core", apiVersion];
    return `kubernetes:${group}/${version}:${kind}`;
}

/**
 * Kubernetes YAML fixtures → recorded resources named after metadata.name. A document may carry
 * `x-pulumi: { protect: true }`, the resource options a manifest cannot express; it is stripped from inputs.
 */
export function loadYaml(relative: string): RecordedResource[] {
    const text = fs.readFileSync(path.join(FIXTURES, relative), "utf8");
    return parseAllDocuments(text)
        .map((doc) => doc.toJS())
        .filter(Boolean)
        .map((obj: Record<string, any>) => {
            const { ["x-pulumi"]: opts, ...inputs } = obj;
            return recorded(k8sType(inputs.apiVersion, inputs.kind), inputs.metadata.name, inputs, opts ?? {});
        });
}

export function byName(resources: RecordedResource[], name: string, type?: string): RecordedResource {
    const r = resources.find((x) => x.name === name && (type === undefined || x.type === type));
    if (!r) throw new Error(`fixture has no resource ${name}${type ? ` of type ${type}` : ""}`);
    return r;
}
