import type { PolicyResource } from "@pulumi/policy";
import { K } from "../../kubernetes/types";
import { UNKNOWN } from "../../preview";
import { plain } from "./finding";

/** A Helm chart the stack installs: its chart name (last path segment, no version) and its values. */
export interface StackChart {
    resource: PolicyResource;
    chart: string;
    values: Record<string, any>;
}

const CHART_TYPES: string[] = [K.HelmChartV4, K.HelmChartV3, K.HelmRelease];

/** `oci://ghcr.io/org/charts/metrics-server`, `repo/metrics-server`, `metrics-server-3.12.2.tgz` -> `metrics-server`. */
export function chartName(chart: string): string {
    const last = chart.split("/").pop() ?? chart;
    return last.replace(/\.tgz$/, "").replace(/-\d+\.\d+\.\d+.*$/, "");
}

/** The stack's charts whose name and values are known. */
export function stackCharts(resources: PolicyResource[]): StackChart[] {
    const out: StackChart[] = [];
    for (const resource of resources) {
        if (!CHART_TYPES.includes(resource.type)) continue;
        const read = plain(() => ({
            chart: resource.props.chart as string | undefined,
            values: (resource.props.values ?? {}) as Record<string, any>,
        }));
        if (read === UNKNOWN || typeof read.chart !== "string") continue;
        out.push({ resource, chart: chartName(read.chart), values: read.values });
    }
    return out;
}
