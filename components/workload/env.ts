import * as pulumi from "@pulumi/pulumi";
import { ServiceConfig } from "../config";
import { CacheLayer, DatabaseLayer, SecretRef, SecretsLayer } from "../contracts";

/**
 * Plain env for the ConfigMap: the service's `env`, plus the pool sizing the guides set (DATABASE_POOL_SIZE, ...) and,
 * with `redisEnv: parts`, where Redis is (never its password).
 */
export function plainEnv(svc: ServiceConfig, cache?: CacheLayer): Record<string, pulumi.Input<string>> {
    const pool: Record<string, string> = svc.uses.database
        ? { DATABASE_POOL_SIZE: String(svc.databasePool.size), DATABASE_MAX_OVERFLOW: String(svc.databasePool.maxOverflow) }
        : {};
    const redis: Record<string, pulumi.Input<string>> = svc.uses.redis && svc.redisEnv === "parts" && cache
        ? { REDIS_HOST: cache.host, REDIS_PORT: String(cache.port), REDIS_DB: "0", REDIS_SSL: String(cache.tls) }
        : {};
    return { ...pool, ...redis, ...svc.env };
}

export interface SecretEnvDeps {
    secrets: SecretsLayer;
    database?: DatabaseLayer;
    cache?: CacheLayer;
}

/**
 * Env var -> secret reference for everything secret a service receives: external secrets (`secretEnv`), DATABASE_URL
 * (through PgBouncer), REDIS_URL, and the generated secrets already stored (`generated`).
 */
export function secretEnvMap(svc: ServiceConfig, deps: SecretEnvDeps, generated: Record<string, SecretRef>): Record<string, SecretRef> {
    const env: Record<string, SecretRef> = {};
    for (const [name, secret] of Object.entries(svc.secretEnv)) env[name] = deps.secrets.external(secret);
    if (svc.uses.database) {
        if (!deps.database) throw new Error(`service ${svc.name} uses the database but no database layer was built`);
        env.DATABASE_URL = deps.database.appUrl;
    }
    if (svc.uses.redis) {
        if (!deps.cache) throw new Error(`service ${svc.name} uses redis but no cache layer was built`);
        if (svc.redisEnv === "parts") env.REDIS_PASSWORD = deps.cache.password;
        else env.REDIS_URL = deps.cache.url;
    }
    return { ...env, ...generated };
}

/** Migrations run DDL and hold locks: they connect directly to the primary, not through the transaction pooler. */
export function migrationEnvMap(appEnv: Record<string, SecretRef>, database: DatabaseLayer | undefined): Record<string, SecretRef> {
    if (!database || !appEnv.DATABASE_URL) return appEnv;
    return { ...appEnv, DATABASE_URL: database.adminCredentials.url };
}
