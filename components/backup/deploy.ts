import * as pulumi from "@pulumi/pulumi";
import { DatabaseLayer, SecretsLayer, StackContext } from "../contracts";
import { deployClusterStateBackups } from "./cluster-state";
import { DatabaseBackups } from "./database-backups";
import { SqliteBackups } from "./sqlite-backups";

export interface BackupDeps {
    secrets: SecretsLayer;
    database?: DatabaseLayer;
}

/**
 * The backup layer: when config.backup.enabled, encrypted logical backups with retention and a scheduled restore drill
 * of the database (see DatabaseBackups) and of the SQLite files listed in config.backup.sqlite (see SqliteBackups),
 * sharing one key and destination, and Velero's cluster-state backups into that destination (config
 * backup.clusterState, see cluster-state.ts). On the aws target RDS automated snapshots and PITR come on top (set by the database
 * layer). Config validation rejects backups that would back up nothing. Returns the components created.
 */
export function deployBackups(ctx: StackContext, deps: BackupDeps): pulumi.Resource[] {
    const config = ctx.config;
    if (!config.backup.enabled) return [];
    const created: pulumi.Resource[] = [];
    const database = deps.database
        ? new DatabaseBackups(`${config.appName}-backups`, { ctx, secrets: deps.secrets, database: deps.database })
        : undefined;
    if (database) created.push(database);
    const sqlite = config.backup.sqlite
        ? new SqliteBackups(`${config.appName}-sqlite-backups`, { ctx, secrets: deps.secrets, foundation: database?.foundation })
        : undefined;
    if (sqlite) created.push(sqlite);
    created.push(...deployClusterStateBackups(ctx, database?.foundation ?? sqlite?.foundation));
    return created;
}
