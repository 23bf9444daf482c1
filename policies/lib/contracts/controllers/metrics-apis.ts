import type { PolicyResource } from "@pulumi/policy";
import { stackCharts } from "./charts";

/**
 * What the stack's add-ons serve to the HPA controller: the resource metrics API (metrics.k8s.io: metrics-server, or
 * prometheus-adapter with rules.resource) and custom/external metric names (prometheus-adapter rules.custom /
 * rules.external; KEDA's metrics server for external metrics). prometheus-adapter's built-in `rules.default` set is
 * not counted: which names it yields depends on the cluster's cAdvisor series, so an HPA relying on it must say so.
 */
export interface MetricsApis {
    /** Resource names (cpu, memory) served by metrics.k8s.io; "all" with metrics-server. */
    resource: Set<string> | "all";
    /** Metric names of custom.metrics.k8s.io (Pods and Object metrics). */
    custom: Set<string>;
    /** Metric names of external.metrics.k8s.io; "all" when KEDA serves them. */
    external: Set<string> | "all";
    /** Where they come from, for messages. */
    providers: string[];
}

interface AdapterRule {
    seriesQuery?: string;
    name?: { matches?: string; as?: string };
}

/**
 * Series names a seriesQuery selects literally: `http_requests_total{...}`, `{__name__="..."}`, or an anchored regex
 * that is a plain name (`{__name__=~"^http_requests_total$"}`). A true regex selects names only Prometheus knows.
 */
function seriesNames(query: string | undefined): string[] {
    if (!query) return [];
    const bare = /^\s*([a-zA-Z_:][a-zA-Z0-9_:]*)/.exec(query)?.[1];
    const exact = [...query.matchAll(/__name__\s*=\s*"([^"]+)"/g)].map((m) => m[1]);
    const literalRegex = [...query.matchAll(/__name__\s*=~\s*"\^?([a-zA-Z_:][a-zA-Z0-9_:]*)\$?"/g)].map((m) => m[1]);
    return [...(bare ? [bare] : []), ...exact, ...literalRegex];
}

/**
 * Go's regexp template expansion, which the adapter applies to `name.as`: `$name` takes the longest run of letters,
 * digits and underscores, so `$1_per_second` names a group "1_per_second" and expands to nothing (write `${1}_per_second`).
 */
function expandGo(template: string, m: RegExpExecArray): string {
    return template.replace(
        /\$(?:(\$)|\{(\w+)\}|(\w+))/g,
        (_, dollar: string | undefined, braced: string | undefined, bare: string | undefined) => {
            if (dollar) return "$";
            const name = (braced ?? bare)!;
            return (/^\d+$/.test(name) ? m[Number(name)] : m.groups?.[name]) ?? "";
        },
    );
}

/**
 * The metric names a prometheus-adapter rule yields: each series name the query selects that `name.matches` matches,
 * with the match replaced by `name.as` (the adapter's defaults: matches "(.*)"; as "$1" with one capture group, else "$0").
 */
export function adapterRuleNames(rule: AdapterRule): string[] {
    let re: RegExp;
    try {
        re = new RegExp(rule.name?.matches ?? "(.*)");
    } catch {
        return [];
    }
    const groups = (new RegExp(`${re.source}|`).exec("") ?? [""]).length - 1;
    const as = rule.name?.as ?? (groups === 1 ? "$1" : "$0");
    const names: string[] = [];
    for (const series of seriesNames(rule.seriesQuery)) {
        const m = re.exec(series);
        if (m) names.push(series.slice(0, m.index) + expandGo(as, m) + series.slice(m.index + m[0].length));
    }
    // A template without references names the metric whatever series the (possibly regex) query selects.
    if (rule.name?.as !== undefined && !rule.name.as.includes("$")) names.push(rule.name.as);
    return [...new Set(names.filter((n) => n.length > 0))];
}

export function metricsApis(resources: PolicyResource[]): MetricsApis {
    const apis: MetricsApis = { resource: new Set(), custom: new Set(), external: new Set(), providers: [] };
    for (const c of stackCharts(resources)) {
        if (c.chart === "metrics-server") {
            apis.resource = "all";
            apis.providers.push(`metrics-server (${c.resource.name})`);
        } else if (c.chart === "prometheus-adapter") {
            const rules = (c.values.rules ?? {}) as Record<string, any>;
            if (apis.resource !== "all")
                for (const k of Object.keys(rules.resource ?? {}).filter((k) => k !== "window")) apis.resource.add(k);
            for (const r of (rules.custom ?? []) as AdapterRule[]) for (const n of adapterRuleNames(r)) apis.custom.add(n);
            if (apis.external !== "all")
                for (const r of (rules.external ?? []) as AdapterRule[]) for (const n of adapterRuleNames(r)) apis.external.add(n);
            apis.providers.push(`prometheus-adapter (${c.resource.name})`);
        } else if (c.chart === "keda") {
            apis.external = "all";
            apis.providers.push(`KEDA (${c.resource.name})`);
        }
    }
    return apis;
}
