/**
 * Where alert annotations point. Each alert has a section in docs/alerts.md whose anchor is the alert name in lower case
 * (GitHub's heading anchors); backup and restore alerts point at the runbooks under docs/runbooks/.
 */

/**
 * Base URL of the repository's docs folder as rendered by the code host. A documented constant until the config has a
 * `monitoring.runbookBaseUrl` field (requested from the lead).
 */
export const DEFAULT_DOCS_BASE_URL = "https://github.com/prod-stack/prod-stack/blob/main/docs";

/** Runbook URL of an alert: its section in docs/alerts.md. */
export function runbookUrl(alert: string, base: string = DEFAULT_DOCS_BASE_URL): string {
    return `${base}/alerts.md#${alert.toLowerCase()}`;
}

/** URL of a runbook file under docs/runbooks/ (e.g. "backup-restore"). */
export function runbookFileUrl(file: string, base: string = DEFAULT_DOCS_BASE_URL): string {
    return `${base}/runbooks/${file}.md`;
}
