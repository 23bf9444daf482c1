/** Cross-field checks of `backup.clusterState`: Velero needs its chart, an S3 destination and, off AWS, credentials. */
import { ConfigIssue } from "./issues";
import { ParsedStackConfig } from "./schema/stack";

interface ClusterStateCheckInput {
    target?: "aws" | "cluster";
    backup?: ParsedStackConfig["backup"];
    addons?: ParsedStackConfig["addons"];
}

export function clusterStateIssues({ target, backup, addons }: ClusterStateCheckInput): ConfigIssue[] {
    const state = backup?.clusterState;
    if (!backup || !state?.enabled) return [];
    const issues: ConfigIssue[] = [];
    if (!backup.enabled)
        issues.push({
            path: "backup.clusterState.enabled",
            expected: "backup.enabled: true (Velero writes into the backup destination)",
            found: "true with backup.enabled: false",
            fix: "set backup.enabled: true, or backup.clusterState.enabled: false",
        });
    if (addons && !addons.velero)
        issues.push({
            path: "addons.velero",
            expected: "true while backup.clusterState.enabled (the schedules are values of the Velero chart)",
            found: "false",
            fix: "set addons.velero: true, or backup.clusterState.enabled: false where another stack's Velero backs up this namespace",
        });
    if (backup.destination.kind !== "s3")
        issues.push({
            path: "backup.destination.kind",
            expected: "s3 while backup.clusterState.enabled (Velero stores backups in object storage only)",
            found: `"${backup.destination.kind}"`,
            fix: "use destination.kind: s3 (bucket and endpoint of an S3-compatible store on the cluster target), or backup.clusterState.enabled: false",
        });
    if (target === "cluster" && !state.credentialsSecret)
        issues.push({
            path: "backup.clusterState.credentialsSecret",
            expected: "the name of a Secret in the velero namespace with key `cloud` (an AWS credentials file) on the cluster target",
            found: "nothing (key missing)",
            fix: "create it (kubectl -n velero create secret generic velero-s3-credentials --from-file=cloud=./credentials-velero) and name it here",
        });
    if (target === "aws" && state.credentialsSecret)
        issues.push({
            path: "backup.clusterState.credentialsSecret",
            expected: "nothing on the aws target (Velero gets an IRSA role scoped to the bucket prefix and key)",
            found: `"${state.credentialsSecret}"`,
            fix: "remove backup.clusterState.credentialsSecret",
        });
    const dest = backup.destination;
    if (state.kmsKeyArn && (target === "cluster" || (dest.kind === "s3" && !dest.bucket)))
        issues.push({
            path: "backup.clusterState.kmsKeyArn",
            expected: "only with an existing backup.destination.bucket on the aws target (a bucket the stack creates brings its own key)",
            found: `"${state.kmsKeyArn}"`,
            fix: "remove backup.clusterState.kmsKeyArn, or set backup.destination.bucket to the existing bucket it encrypts",
        });
    if (target === "cluster" && state.snapshotVolumes)
        issues.push({
            path: "backup.clusterState.snapshotVolumes",
            expected: "false on the cluster target (volume snapshots are EBS snapshots, aws target only)",
            found: "true",
            fix: "remove backup.clusterState.snapshotVolumes; the data services' own backups cover their volumes",
        });
    return issues;
}
