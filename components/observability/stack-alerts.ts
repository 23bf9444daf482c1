/**
 * Stack-level alert rules: data services, backups, certificates and uptime probes. Pure: the PrometheusRule component
 * and the promtool test both call it.
 *
 * Corrections to the guides:
 * - DatabaseConnectionPoolExhausted: `pg_stat_database_numbackends` has one series per database; dividing it by
 *   `pg_settings_max_connections` without summing compares each database alone with the server-wide limit, and the
 *   division matches no series at all because the label sets differ. Summed per server and joined with `on`.
 * - DatabasePoolExhausted: the health agent guide reads its own app's pool gauges; every stack pools through PgBouncer,
 *   whose exporter reports clients waiting for a server connection — the moment the pool is exhausted.
 * - LowCacheHitRate: the guide alerts below 30% while its success criterion is above 60%; the threshold is config
 *   (default 60) and the rate is computed from Redis keyspace hits and misses, not an app-specific gauge.
 */
import { StackConfig } from "../config";
import { BACKUP_COMPONENTS } from "../peers";
import { AlertRule, promNumber, RULE_EVALUATION_INTERVAL, RuleGroup, Severity } from "./alert-types";
import { KSM_LABELS } from "./app-metrics";
import { runbookFileUrl, runbookUrl } from "./runbooks";

export interface BackupAlertInput {
    /** `prod-stack.io/backup-of` value of the backup CronJobs (the database id). */
    databaseId: string;
    /** Seconds after which the newest successful backup is overdue (schedule interval plus slack). */
    backupMaxAgeSeconds: number;
    /** Seconds after which the newest successful restore verification is overdue. */
    verifyMaxAgeSeconds: number;
}

export interface StackAlertInput {
    appName: string;
    namespace: string;
    thresholds: StackConfig["monitoring"]["alerts"];
    /** A database with a Postgres exporter (DatabaseConnectionPoolExhausted) and PgBouncer (DatabasePoolExhausted). */
    database: boolean;
    /** A Redis exporter (LowCacheHitRate). */
    cache: boolean;
    /** Backup CronJobs exist (BackupJobFailed, BackupMissing, RestoreVerificationFailed). */
    backups?: BackupAlertInput;
    /** cert-manager issues the TLS certificates (CertificateExpiringSoon, CertificateNotReady). */
    certManager: boolean;
    /** `job` label of the blackbox Probe (EndpointDown); absent without uptime probes. */
    probeJob?: string;
    docsBase?: string;
}

/** Days before expiry at which a certificate that cert-manager has not renewed is alerted (it renews at 30 days). */
export const CERTIFICATE_WARNING_DAYS = 14;

/** Seconds a failed backup job keeps its alert firing unless it is removed from the job history earlier. */
export const FAILED_JOB_WINDOW_SECONDS = 26 * 3600;

export function stackRuleGroup(input: StackAlertInput): RuleGroup {
    return { name: `${input.appName}-stack.rules`, interval: RULE_EVALUATION_INTERVAL, rules: stackAlertRules(input) };
}

export function stackAlertRules(input: StackAlertInput): AlertRule[] {
    const ns = input.namespace;
    const t = input.thresholds;
    const rule = (
        alert: string,
        severity: Severity,
        forDuration: string,
        expr: string,
        summary: string,
        description: string,
        runbook?: string,
    ): AlertRule => ({
        alert,
        expr,
        for: forDuration,
        labels: { severity, namespace: ns },
        annotations: { summary, description, runbook_url: runbook ?? runbookUrl(alert, input.docsBase) },
    });
    const rules: AlertRule[] = [];

    if (input.database) {
        rules.push(
            rule(
                "DatabaseConnectionPoolExhausted",
                "critical",
                "2m",
                `100 * sum by (namespace, instance) (pg_stat_database_numbackends{namespace="${ns}"})` +
                    ` / on (namespace, instance) max by (namespace, instance) (pg_settings_max_connections{namespace="${ns}"}) > ${promNumber(t.databasePoolPercent)}`,
                `PostgreSQL connections above ${promNumber(t.databasePoolPercent)}% of max_connections`,
                `{{ $value | printf "%.0f" }}% of max_connections on {{ $labels.instance }} are in use; new connections will be refused soon.`,
            ),
            rule(
                "DatabasePoolExhausted",
                "critical",
                "5m",
                `max by (namespace, database) (pgbouncer_pools_client_waiting_connections{namespace="${ns}"}) > 0`,
                "PgBouncer pool exhausted: clients are waiting for a server connection",
                `{{ $value }} clients wait for a server connection to {{ $labels.database }}; raise the pool size or find long transactions.`,
            ),
        );
    }
    if (input.cache) {
        const hits = `sum by (namespace) (rate(redis_keyspace_hits_total{namespace="${ns}"}[5m]))`;
        const misses = `sum by (namespace) (rate(redis_keyspace_misses_total{namespace="${ns}"}[5m]))`;
        rules.push(
            rule(
                "LowCacheHitRate",
                "warning",
                "20m",
                `100 * ${hits} / (${hits} + ${misses}) < ${promNumber(t.cacheHitRatePercent)}`,
                `Redis cache hit rate below ${promNumber(t.cacheHitRatePercent)}%`,
                'The cache answers {{ $value | printf "%.0f" }}% of lookups; check maxmemory, evictions and key TTLs.',
            ),
        );
    }
    if (input.backups) rules.push(...backupRules(input.backups, ns, rule, input.docsBase));
    if (input.certManager) {
        rules.push(
            rule(
                "CertificateExpiringSoon",
                "warning",
                "1h",
                `(max by (namespace, name) (certmanager_certificate_expiration_timestamp_seconds) - time()) < ${CERTIFICATE_WARNING_DAYS * 86400}`,
                `A TLS certificate expires in less than ${CERTIFICATE_WARNING_DAYS} days`,
                "Certificate {{ $labels.namespace }}/{{ $labels.name }} expires in {{ $value | humanizeDuration }} and cert-manager has not renewed it.",
            ),
            rule(
                "CertificateNotReady",
                "warning",
                "15m",
                `max by (namespace, name) (certmanager_certificate_ready_status{condition="False"}) == 1`,
                "A TLS certificate is not ready",
                "cert-manager reports certificate {{ $labels.namespace }}/{{ $labels.name }} not ready; see `kubectl describe certificate`.",
            ),
        );
    }
    if (input.probeJob) {
        rules.push(
            rule(
                "EndpointDown",
                "critical",
                "2m",
                `max by (instance) (probe_success{job="${input.probeJob}"}) == 0`,
                "A public health endpoint is down",
                "The blackbox probe of {{ $labels.instance }} has failed for 2 minutes (DNS, TLS, edge or app).",
            ),
        );
    }
    return rules;
}

type RuleFactory = (
    alert: string,
    severity: Severity,
    forDuration: string,
    expr: string,
    summary: string,
    description: string,
    runbook?: string,
) => AlertRule;

function backupRules(b: BackupAlertInput, ns: string, rule: RuleFactory, docsBase?: string): AlertRule[] {
    const failedJobs = (component: string) =>
        `max by (namespace, job_name) (` +
        `(kube_job_status_failed{namespace="${ns}"} > 0)` +
        ` * on (namespace, job_name) group_left () max by (namespace, job_name) (kube_job_labels{namespace="${ns}",${KSM_LABELS.backupOf}="${b.databaseId}",${KSM_LABELS.component}="${component}"})` +
        ` and on (namespace, job_name) (time() - kube_job_status_start_time{namespace="${ns}"} < ${FAILED_JOB_WINDOW_SECONDS})` +
        `)`;
    const lastSuccessAge = (component: string) =>
        `time() - max by (namespace) (kube_cronjob_status_last_successful_time{namespace="${ns}"}` +
        ` * on (namespace, cronjob) group_left () max by (namespace, cronjob) (kube_cronjob_labels{namespace="${ns}",${KSM_LABELS.backupOf}="${b.databaseId}",${KSM_LABELS.component}="${component}"}))`;
    const runbook = runbookFileUrl("backup-restore", docsBase);
    return [
        rule(
            "BackupJobFailed",
            "critical",
            "0m",
            failedJobs(BACKUP_COMPONENTS.backup),
            `Backup of database ${b.databaseId} failed`,
            `Backup job {{ $labels.job_name }} failed; read its logs (\`kubectl logs job/{{ $labels.job_name }} -n ${ns} --all-containers\`). Runbook: ${runbook}`,
        ),
        rule(
            "BackupMissing",
            "critical",
            "0m",
            `${lastSuccessAge(BACKUP_COMPONENTS.backup)} > ${b.backupMaxAgeSeconds}`,
            `No successful backup of database ${b.databaseId} within its schedule`,
            `The newest successful backup is {{ $value | humanizeDuration }} old (limit ${b.backupMaxAgeSeconds}s): the CronJob is failing, suspended or not being scheduled.`,
        ),
        rule(
            "RestoreVerificationFailed",
            "critical",
            "0m",
            failedJobs(BACKUP_COMPONENTS.verify),
            `Restore verification of database ${b.databaseId} failed`,
            `Restore drill {{ $labels.job_name }} failed: the latest backup may not be restorable. Runbook: ${runbook}`,
        ),
        rule(
            "RestoreVerificationMissing",
            "warning",
            "0m",
            `${lastSuccessAge(BACKUP_COMPONENTS.verify)} > ${b.verifyMaxAgeSeconds}`,
            `No successful restore verification of database ${b.databaseId} within its schedule`,
            `The newest successful restore drill is {{ $value | humanizeDuration }} old (limit ${b.verifyMaxAgeSeconds}s).`,
        ),
    ];
}
