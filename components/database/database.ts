/**
 * The database layer: the server (RDS or Patroni), PgBouncer in front of it, and the credentials in the secrets
 * backend: admin (direct, for backups and migrations) and the pooled DATABASE_URL for apps.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { awsTarget, DatabaseLayer, SecretsLayer, StackContext } from "../contracts";
import { BACKUP_COMPONENTS, DATA_PODS, LABELS, MIGRATION_PODS, POSTGRES_PORT, spiloSelector } from "../peers";
import { PatroniPostgres } from "./patroni";
import { PostgresStatefulSet, postgresSelector } from "./postgres-statefulset";
import { PgBouncer } from "./pgbouncer";
import { PGBOUNCER_PORT } from "./pgbouncer-ini";
import { RdsPostgres } from "./rds";
import { RdsExtensions } from "./rds-extensions";

type DatabaseConfig = NonNullable<StackContext["config"]["database"]>;

export interface DatabaseArgs {
    ctx: StackContext;
    secrets: SecretsLayer;
    database: DatabaseConfig;
}

/** `<appName>-postgres`: the RDS identifier / Patroni cluster name (teamId-prefixed) and the database label value. */
export function databaseIdOf(config: StackContext["config"]): string {
    return `${config.appName}-postgres`;
}

/** Postgres URL; every part is percent-encoded and the result is a secret. */
export function postgresUrl(
    user: string,
    password: pulumi.Input<string>,
    host: pulumi.Input<string>,
    port: number,
    dbname: string,
    sslmode?: string,
): pulumi.Output<string> {
    return pulumi.secret(
        pulumi
            .all([password, host])
            .apply(
                ([p, h]) =>
                    `postgresql://${encodeURIComponent(user)}:${encodeURIComponent(p)}@${h}:${port}/${encodeURIComponent(dbname)}${sslmode ? `?sslmode=${sslmode}` : ""}`,
            ),
    );
}

export class Database extends pulumi.ComponentResource {
    readonly layer: DatabaseLayer;

    constructor(name: string, args: DatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
        super("stack:database:Database", name, {}, opts);
        const { ctx, secrets, database: db } = args;
        const config = ctx.config;
        const databaseId = databaseIdOf(config);
        const adminName = `${databaseId}-admin`;
        // Only the dump jobs reach the server: restore drills run against their own scratch server (same backup-of label).
        const backupClients = { [LABELS.backupOf]: databaseId, [LABELS.component]: BACKUP_COMPONENTS.backup };

        let server: {
            host: pulumi.Output<string>;
            port: number;
            user: string;
            password: pulumi.Output<string>;
            resources: pulumi.Resource[];
        };
        let postgresPeer: ConstructorParameters<typeof PgBouncer>[1]["postgresPeer"];
        let rdsCidr: pulumi.Output<string> | undefined;
        const poolerSelector = { ...DATA_PODS.pgbouncer, [LABELS.database]: databaseId };
        if (db.kind === "rds") {
            const rds = new RdsPostgres(`${name}-rds`, { ctx, database: db, databaseId }, { parent: this });
            server = {
                host: rds.instance.address,
                port: POSTGRES_PORT,
                user: rds.username,
                password: rds.password,
                resources: [rds.instance, ...rds.replicas],
            };
            const { aws: account, provider } = awsTarget(ctx, "an RDS database");
            rdsCidr = aws.ec2.getVpcOutput({ id: account.vpcId }, { provider, parent: this }).cidrBlock;
            postgresPeer = { ipBlock: rdsCidr };
        } else if (db.kind === "postgres") {
            const plain = new PostgresStatefulSet(
                `${name}-postgres`,
                { ctx, secrets, database: db, databaseId, clients: [poolerSelector, backupClients, MIGRATION_PODS] },
                { parent: this },
            );
            server = { host: plain.host, port: POSTGRES_PORT, user: plain.username, password: plain.password, resources: plain.resources };
            postgresPeer = { podSelector: postgresSelector(databaseId) };
        } else {
            const patroni = new PatroniPostgres(
                `${name}-patroni`,
                {
                    ctx,
                    secrets,
                    database: db,
                    databaseId,
                    adminSecret: adminName,
                    clients: [poolerSelector, backupClients, MIGRATION_PODS],
                },
                { parent: this },
            );
            server = {
                host: patroni.host,
                port: POSTGRES_PORT,
                user: patroni.username,
                password: patroni.password,
                resources: patroni.resources,
            };
            postgresPeer = { podSelector: spiloSelector(databaseId) };
        }

        // RDS forces TLS; Spilo offers it; the plain server offers none (in-cluster traffic under NetworkPolicies).
        const sslMode = db.kind === "rds" ? "require" : "prefer";
        const admin = secrets.store(
            adminName,
            {
                host: server.host,
                port: String(server.port),
                dbname: db.databaseName,
                user: server.user,
                password: server.password,
                url: postgresUrl(
                    server.user,
                    server.password,
                    server.host,
                    server.port,
                    db.databaseName,
                    db.kind === "postgres" ? sslMode : "require",
                ),
            },
            { parent: this },
        );

        const extensions =
            db.kind === "rds" && rdsCidr && db.extensions.length > 0
                ? new RdsExtensions(
                      `${name}-extensions`,
                      {
                          ctx,
                          secrets,
                          databaseId,
                          databaseName: db.databaseName,
                          admin,
                          extensions: db.extensions,
                          databaseCidr: rdsCidr,
                          dependsOn: server.resources,
                      },
                      { parent: this },
                  )
                : undefined;

        const pooler = new PgBouncer(
            `${name}-pgbouncer`,
            {
                ctx,
                secrets,
                databaseId,
                host: server.host,
                port: server.port,
                databaseName: db.databaseName,
                user: server.user,
                password: server.password,
                pool: db.pgbouncer,
                postgresPeer,
                ...(db.kind === "postgres" ? { serverTlsSslmode: sslMode } : {}),
            },
            { parent: this },
        );
        const poolerHost = `${pooler.serviceName}.${config.namespace}.svc.cluster.local`;
        const { url: appUrl } = secrets.store(
            `${databaseId}-app`,
            {
                url: postgresUrl(server.user, server.password, poolerHost, PGBOUNCER_PORT, db.databaseName),
            },
            { parent: this },
        );

        this.layer = {
            kind: db.kind,
            databaseId,
            appUrl,
            adminCredentials: admin,
            pooler: pooler.peer,
            primaryHost: server.host,
            primaryPort: server.port,
            sslMode,
            databaseName: db.databaseName,
            // Apps wait for their extensions as for the server itself.
            resources: [...server.resources, ...(extensions ? [extensions.job] : []), ...pooler.resources],
        };
        this.registerOutputs({ databaseId, primaryHost: server.host, pooler: pooler.serviceName });
    }
}
