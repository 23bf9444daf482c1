/** ServiceMonitor and PodMonitor specs (monitoring.coreos.com/v1). Pure. */
import { WorkloadInfo } from "../contracts";
import { LABELS } from "../peers";
import { ExporterScrape } from "./exporters";

/** Scrape interval of every target (the seeds' 15 s). */
export const SCRAPE_INTERVAL = "15s";

/**
 * ServiceMonitor of one app service. It selects the service's Service by the pod selector labels (the workload layer
 * labels its Services with them) and scrapes the metrics port; the `job` label is pinned to the service name so alert
 * rules do not depend on Kubernetes object names.
 */
export function appServiceMonitorSpec(
    info: Pick<WorkloadInfo, "name" | "selector" | "metricsPort" | "metricsPath">,
    namespace: string,
): Record<string, unknown> {
    return {
        // Only the per-track Services carry the track label: each pod is scraped once, through its track's Service,
        // never again through the headless Service that governs a StatefulSet.
        selector: { matchLabels: info.selector, matchExpressions: [{ key: LABELS.track, operator: "Exists" }] },
        namespaceSelector: { matchNames: [namespace] },
        endpoints: [
            {
                targetPort: info.metricsPort,
                path: info.metricsPath,
                interval: SCRAPE_INTERVAL,
                scheme: "http",
                relabelings: [{ action: "replace", targetLabel: "job", replacement: info.name }],
            },
        ],
    };
}

export function exporterPodMonitorSpec(exporter: ExporterScrape, namespace: string): Record<string, unknown> {
    return {
        selector: { matchLabels: exporter.podLabels },
        namespaceSelector: { matchNames: [namespace] },
        podMetricsEndpoints: [{ port: exporter.port, path: exporter.path, interval: SCRAPE_INTERVAL }],
    };
}
