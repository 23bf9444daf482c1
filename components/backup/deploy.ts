import * as pulumi from "@pulumi/pulumi";
import { DatabaseLayer, SecretsLayer, StackContext } from "../contracts";
import { DatabaseBackups } from "./database-backups";

export interface BackupDeps {
    secrets: SecretsLayer;
    database?: DatabaseLayer;
}

/**
 * The backup layer: when config.backup.enabled and the stack has a database, encrypted logical backups with
 * retention and a scheduled restore verification (see DatabaseBackups). On the aws target RDS automated snapshots and
 * PITR come on top (set by the database layer). Returns the components created (empty when backups are off).
 */
export function deployBackups(ctx: StackContext, deps: BackupDeps): pulumi.Resource[] {
    if (!ctx.config.backup.enabled) return [];
    if (!deps.database) {
        pulumi.log.info("backup.enabled is set but the stack has no database: no backup jobs");
        return [];
    }
    return [new DatabaseBackups(`${ctx.config.appName}-backups`, { ctx, secrets: deps.secrets, database: deps.database })];
}
