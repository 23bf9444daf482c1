/**
 * pgbouncer.ini and userlist.txt. The ini holds no secret (it lives in a ConfigMap); the userlist does and only ever
 * travels as a secret output into the secrets backend.
 */
import * as pulumi from "@pulumi/pulumi";
import { StackContext } from "../contracts";

type PoolConfig = NonNullable<StackContext["config"]["database"]>["pgbouncer"];

export const PGBOUNCER_PORT = 6432;
export const PGBOUNCER_EXPORTER_PORT = 9127;
export const PGBOUNCER_AUTH_DIR = "/etc/pgbouncer-auth";
export const PGBOUNCER_CONFIG_DIR = "/etc/pgbouncer";

export interface PgBouncerIniArgs {
    host: string;
    port: number;
    databaseName: string;
    /** The one user of the pool; also the stats user the exporter logs in as. */
    user: string;
    pool: PoolConfig;
    /** `require` where the server enforces TLS (RDS rds.force_ssl=1, Spilo's certificate). */
    serverTlsSslmode: "require" | "verify-full" | "prefer";
}

export function pgbouncerIni(a: PgBouncerIniArgs): string {
    const lines = [
        "[databases]",
        `${a.databaseName} = host=${a.host} port=${a.port} dbname=${a.databaseName}`,
        "",
        "[pgbouncer]",
        "listen_addr = 0.0.0.0",
        `listen_port = ${PGBOUNCER_PORT}`,
        // No unix socket, pid or log file: the root filesystem is read-only and logs go to stdout.
        "unix_socket_dir =",
        "logfile =",
        "pidfile =",
        "auth_type = scram-sha-256",
        `auth_file = ${PGBOUNCER_AUTH_DIR}/userlist.txt`,
        `pool_mode = ${a.pool.poolMode}`,
        `max_client_conn = ${a.pool.maxClientConnections}`,
        `default_pool_size = ${a.pool.defaultPoolSize}`,
        `max_db_connections = ${a.pool.maxDbConnections}`,
        "reserve_pool_size = 5",
        "reserve_pool_timeout = 3",
        // Prepared statements work in transaction pooling since PgBouncer 1.21.
        "max_prepared_statements = 200",
        `server_tls_sslmode = ${a.serverTlsSslmode}`,
        "server_tls_protocols = secure",
        "server_idle_timeout = 600",
        "server_lifetime = 3600",
        "query_wait_timeout = 120",
        "ignore_startup_parameters = extra_float_digits,options",
        `stats_users = ${a.user}`,
        "log_connections = 0",
        "log_disconnections = 0",
        "",
    ];
    return lines.join("\n");
}

/** `"user" "password"` (PgBouncer computes SCRAM from the plain password). */
export function userlist(user: pulumi.Input<string>, password: pulumi.Input<string>): pulumi.Output<string> {
    return pulumi.secret(pulumi.interpolate`"${user}" "${password}"\n`);
}
