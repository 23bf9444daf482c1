/**
 * Grafana dashboards kept as JSON files in ./dashboards, loaded and checked here, provisioned as ConfigMaps that
 * Grafana's sidecar picks up (label grafana_dashboard=1).
 */
import * as fs from "fs";
import * as path from "path";

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
    let doc: { uid?: unknown; title?: unknown; panels?: { title?: unknown; targets?: { expr?: unknown }[] }[] };
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
    };
}
