import { DatabaseLayer, SecretsLayer, StackContext } from "../contracts";
import { Database } from "./database";

/** PostgreSQL (RDS on aws, Patroni on the cluster) behind PgBouncer; undefined when the stack has no database. */
export function deployDatabase(ctx: StackContext, secrets: SecretsLayer): DatabaseLayer | undefined {
    const database = ctx.config.database;
    if (!database) return undefined;
    return new Database(`${ctx.config.appName}-database`, { ctx, secrets, database }).layer;
}
