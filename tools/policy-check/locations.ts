import type { RecordedResource } from "../mock-runner/recorded-resource";

/** Where a finding points in the stack file: the config key that produced the resource, else line 1. */
export interface FindingLocation {
    /** Config key path (`services[api]`, `database`), when the resource can be traced to one. */
    key?: string;
    line: number;
}

/** The stack file's key lookup (components/config/stack-file.ts) and the recorded resources of the run. */
export interface LocationSource {
    lineOf: (path: string) => number | undefined;
    resources: readonly RecordedResource[];
    serviceNames: readonly string[];
}

/** Config sections that each component module is built from; service-bound components are resolved by name. */
const SECTION_OF_MODULE: Record<string, string> = {
    database: "database",
    cache: "redis",
    secrets: "secrets",
    edge: "edge",
    backup: "backup",
    platform: "namespace",
};
/** Keys tried, in order, when a section is not written in the file (its defaults apply): the nearest one that is. */
const FALLBACK_KEYS: Record<string, readonly string[]> = {
    namespace: ["kubernetes", "appName"],
    addons: ["kubernetes"],
    monitoring: ["environment"],
    logging: ["monitoring", "environment"],
    backup: ["database"],
    edge: ["services"],
    "edge.tls": ["edge", "services"],
};
const SECTION_OF_TYPE: Record<string, string> = {
    "stack:observability:Logging": "logging",
    "stack:addons:EnvoyGateway": "edge",
    "stack:addons:CertManager": "edge.tls",
    "pulumi:providers:aws": "aws",
    "pulumi:providers:kubernetes": "kubernetes",
    "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute": "edge",
};

/** The top-level component (child of the stack) a resource belongs to, following parent links. */
function rootOf(urn: string, byUrn: ReadonlyMap<string, RecordedResource>): RecordedResource | undefined {
    let current = byUrn.get(urn);
    const seen = new Set<string>();
    while (current?.options.parent && byUrn.has(current.options.parent) && !seen.has(current.urn)) {
        seen.add(current.urn);
        current = byUrn.get(current.options.parent);
    }
    return current;
}

/** A service whose name is a dash-separated part of a component name (`api`, `api-public`, `webapp-api-monitoring`). */
function serviceIn(componentName: string, services: readonly string[]): string | undefined {
    const parts = `-${componentName}-`;
    return [...services].sort((a, b) => b.length - a.length).find((s) => parts.includes(`-${s}-`));
}

/** The config key a resource comes from, by the component that built it. */
export function configKeyOf(
    urn: string | undefined,
    source: Pick<LocationSource, "resources" | "serviceNames">,
    byUrn = indexByUrn(source.resources),
): string | undefined {
    if (urn === undefined) return undefined;
    const root = rootOf(urn, byUrn);
    if (!root) return undefined;
    const [, module] = root.type.split(":");
    if (root.type === "stack:workload:AppService" && source.serviceNames.includes(root.name)) return `services[${root.name}]`;
    if (root.type === "stack:edge:ServiceRoute" || root.type === "stack:observability:AppMonitoring") {
        const svc = serviceIn(root.name, source.serviceNames);
        if (svc) return root.type === "stack:edge:ServiceRoute" ? `services[${svc}].route` : `services[${svc}]`;
    }
    if (SECTION_OF_TYPE[root.type]) return SECTION_OF_TYPE[root.type];
    if (module === "observability") return "monitoring";
    if (module === "addons") return "addons";
    return SECTION_OF_MODULE[module];
}

export function indexByUrn(resources: readonly RecordedResource[]): Map<string, RecordedResource> {
    return new Map(resources.map((r) => [r.urn, r]));
}

/** A locator for formatters: the line of the producing key, line 1 where nothing better is known. */
export function locator(source: LocationSource): (urn: string | undefined) => FindingLocation {
    const byUrn = indexByUrn(source.resources);
    return (urn) => {
        const key = configKeyOf(urn, source, byUrn);
        if (key === undefined) return { line: 1 };
        for (const candidate of [key, ...(FALLBACK_KEYS[key] ?? [])]) {
            const line = source.lineOf(candidate);
            if (line !== undefined) return { key: candidate, line };
        }
        return { line: 1 };
    };
}
