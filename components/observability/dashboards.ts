/**
 * Grafana dashboards kept as JSON files in ./dashboards, loaded and checked here, provisioned as ConfigMaps that
 * Grafana's sidecar picks up (label grafana_dashboard=1).
 *
 * A dashboard with a constant `service` variable is a per-service template: the metric names differ between services
 * (config `services[].metrics`), so it is rendered once per service with its hidden constants set to that service's
 * names, a uid and a title of its own.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { RequestMetrics, UNITS_PER_SECOND } from "./app-metrics";

export const DASHBOARD_DIR = path.join(__dirname, "dashboards");

export interface Dashboard {
    /** File name without .json: names the ConfigMap. */
    name: string;
    uid: string;
    title: string;
    /** Panel titles, for tests and docs. */
    panelTitles: string[];
    /** The file's JSON, as Grafana reads it. */
    json: string;
    /** Rendered once per service (it has a constant `service` variable). */
    perService: boolean;
}

/** Hidden constants of a per-service dashboard, set from the service's metric names. */
export function serviceDashboardConstants(service: string, metrics: RequestMetrics): Record<string, string> {
    return {
        service,
        requests_metric: metrics.requests,
        status_label: metrics.statusLabel,
        latency_bucket: metrics.durationBucket,
        latency_per_second: String(UNITS_PER_SECOND[metrics.latencyUnit]),
    };
}

/** Grafana uids are at most 40 characters and unique per instance, which one Grafana watching many stacks shares. */
function dashboardUid(base: string, scope: string): string {
    const hash = crypto.createHash("sha256").update(scope).digest("hex").slice(0, 12);
    return `${base.slice(0, 40 - hash.length - 1)}-${hash}`;
}

/**
 * One service's copy of a per-service dashboard: its constants set, uid and title made its own. Throws naming the
 * dashboard when the template lacks a constant the service needs (a renamed variable would silently read nothing).
 */
export function renderServiceDashboard(dashboard: Dashboard, scope: string, constants: Record<string, string>): Dashboard {
    const doc = JSON.parse(dashboard.json);
    const variables: { name: string; type: string; query: string }[] = doc.templating?.list ?? [];
    for (const [name, value] of Object.entries(constants)) {
        const variable = variables.find((v) => v.name === name && v.type === "constant");
        if (!variable) throw new Error(`dashboard ${dashboard.name} has no constant variable "${name}" to set`);
        variable.query = value;
        // A constant's current value is what Grafana substitutes; keep it in step with the query.
        Object.assign(variable, { current: { text: value, value } });
    }
    doc.uid = dashboardUid(dashboard.uid, `${scope}/${constants.service}`);
    doc.title = `${dashboard.title}: ${constants.service}`;
    return {
        ...dashboard,
        name: `${dashboard.name}-${constants.service}`,
        uid: doc.uid,
        title: doc.title,
        json: JSON.stringify(doc, null, 2),
    };
}

/** Loads every dashboard; throws naming the file when one is not valid JSON or lacks uid, title or panels. */
export function loadDashboards(dir: string = DASHBOARD_DIR): Dashboard[] {
    return fs
        .readdirSync(dir)
        .filter((f) => f.endsWith(".json"))
        .sort()
        .map((file) => parseDashboard(file, fs.readFileSync(path.join(dir, file), "utf8")));
}

export function parseDashboard(file: string, text: string): Dashboard {
    let doc: {
        uid?: unknown;
        title?: unknown;
        panels?: { title?: unknown; targets?: { expr?: unknown }[] }[];
        templating?: { list?: { name?: unknown; type?: unknown }[] };
    };
    try {
        doc = JSON.parse(text);
    } catch (e) {
        throw new Error(`dashboard ${file} is not valid JSON: ${(e as Error).message}`, { cause: e });
    }
    if (typeof doc.uid !== "string" || typeof doc.title !== "string") throw new Error(`dashboard ${file} needs a string uid and title`);
    if (!Array.isArray(doc.panels) || doc.panels.length === 0) throw new Error(`dashboard ${file} has no panels`);
    for (const panel of doc.panels) {
        if (typeof panel.title !== "string") throw new Error(`dashboard ${file} has a panel without a title`);
        if (!Array.isArray(panel.targets) || panel.targets.some((t) => typeof t.expr !== "string" || t.expr.length === 0)) {
            throw new Error(`dashboard ${file}, panel "${panel.title}": every target needs a PromQL expr`);
        }
    }
    return {
        name: path.basename(file, ".json"),
        uid: doc.uid,
        title: doc.title,
        panelTitles: doc.panels.map((p) => String(p.title)),
        json: text,
        perService: (doc.templating?.list ?? []).some((v) => v.name === "service" && v.type === "constant"),
    };
}
