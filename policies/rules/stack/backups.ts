import type { PolicyResource } from "@pulumi/policy";
import { A } from "../../lib/aws/types";
import { labelsOf } from "../../lib/kubernetes/objects";
import { K } from "../../lib/kubernetes/types";
import { known, UNKNOWN } from "../../lib/preview";
import { stackRule } from "../../lib/rule";

export const DATABASE_KEY = "prod-stack.io/database";
export const BACKUP_OF_LABEL = "prod-stack.io/backup-of";

/** The database id a resource declares (AWS tag or Kubernetes label), if any. */
function databaseId(r: PolicyResource): string | undefined | typeof UNKNOWN {
    if (r.type === A.RdsInstance) {
        // Read replicas serve the same database; the primary's backup covers them.
        if (known(() => r.props.replicateSourceDb) !== undefined) return undefined;
        return known(() => r.props.tags?.[DATABASE_KEY]);
    }
    if (r.type.startsWith("kubernetes:")) return known(() => labelsOf(r.props)[DATABASE_KEY]);
    return undefined;
}

export const databaseBackupJob = stackRule(
    {
        name: "database-backup-cronjob",
        description: `Every database (RDS instance tagged ${DATABASE_KEY}=<id>, or Kubernetes object labelled ${DATABASE_KEY}: <id>) must have a CronJob labelled ${BACKUP_OF_LABEL}: <id>.`,
        remediationSteps: `Add the backup component for the database; its CronJob carries ${BACKUP_OF_LABEL}: <id>.`,
        severity: "high",
        tags: ["stack", "backup"],
    },
    (ctx) => {
        const backups = ctx.resources.filter((r) => r.type === K.CronJob).map((r) => known(() => labelsOf(r.props)[BACKUP_OF_LABEL]));
        if (backups.includes(UNKNOWN)) return;
        for (const r of ctx.resources) {
            const id = databaseId(r);
            if (id === undefined || id === UNKNOWN) continue;
            if (!backups.includes(id)) ctx.report(r, `database ${id} has no backup CronJob labelled ${BACKUP_OF_LABEL}: ${id}.`);
        }
    },
);
