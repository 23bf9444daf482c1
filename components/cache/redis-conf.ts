/**
 * redis.conf / sentinel.conf for the in-cluster Redis. The base files hold no secret (ConfigMap); the password and the
 * new name of CONFIG live in an auth fragment stored in the secrets backend and appended at start-up in memory.
 */
import { toMebibytes } from "../shared/quantities";

export const REDIS_PORT = 6379;
export const SENTINEL_PORT = 26379;
export const REDIS_EXPORTER_PORT = 9121;
export const SENTINEL_MASTER = "mymaster";

export interface RedisConfArgs {
    maxmemory: string;
    maxmemoryPolicy: string;
}

/** Bytes Redis may use: the configured quantity. */
export function maxmemoryBytes(quantity: string): number {
    return Math.floor(toMebibytes(quantity) * 1024 * 1024);
}

export function redisConf(a: RedisConfArgs): string {
    return [
        "bind * -::*",
        `port ${REDIS_PORT}`,
        "protected-mode yes",
        "dir /data",
        // Durability: AOF fsync every second plus RDB snapshots (guides: save 900 1 / 300 10 / 60 10000).
        "appendonly yes",
        "appendfsync everysec",
        "save 900 1",
        "save 300 10",
        "save 60 10000",
        `maxmemory ${maxmemoryBytes(a.maxmemory)}`,
        `maxmemory-policy ${a.maxmemoryPolicy}`,
        "tcp-keepalive 60",
        "timeout 300",
        // Dangerous commands are renamed away (CONFIG gets a secret name in the auth fragment when Sentinel needs it).
        'rename-command FLUSHDB ""',
        'rename-command FLUSHALL ""',
        'rename-command DEBUG ""',
        "",
    ].join("\n");
}

/** Secret fragment appended to redis.conf: password for clients and replication, CONFIG renamed. */
export function redisAuthConf(password: string, configCommand: string | undefined): string {
    return [`requirepass ${password}`, `masterauth ${password}`, `rename-command CONFIG "${configCommand ?? ""}"`, ""].join("\n");
}

export function sentinelConf(masterHost: string, quorum: number): string {
    return [
        `port ${SENTINEL_PORT}`,
        "dir /tmp",
        "sentinel resolve-hostnames yes",
        "sentinel announce-hostnames yes",
        `sentinel monitor ${SENTINEL_MASTER} ${masterHost} ${REDIS_PORT} ${quorum}`,
        `sentinel down-after-milliseconds ${SENTINEL_MASTER} 5000`,
        `sentinel failover-timeout ${SENTINEL_MASTER} 60000`,
        `sentinel parallel-syncs ${SENTINEL_MASTER} 1`,
        "",
    ].join("\n");
}

/** Secret fragment appended to sentinel.conf. */
export function sentinelAuthConf(password: string, configCommand: string): string {
    return [
        `requirepass ${password}`,
        `sentinel auth-pass ${SENTINEL_MASTER} ${password}`,
        `sentinel rename-command ${SENTINEL_MASTER} CONFIG ${configCommand}`,
        "",
    ].join("\n");
}

/**
 * Start-up script of a Redis member: base config + auth fragment into a memory-backed emptyDir; with Sentinel, asks the
 * Sentinels for the current master (so a restarted old master rejoins as a replica) and falls back to member 0.
 */
export function redisStartScript(sentinel: { service: string; firstMember: string } | undefined): string {
    const lines = ["set -eu", "cat /etc/redis/redis.conf /etc/redis-auth/auth.conf > /run/redis/redis.conf"];
    if (sentinel) {
        lines.push(
            'SELF="$(hostname -f)"',
            `MASTER="$(REDISCLI_AUTH="$(cat /etc/redis-auth/password)" redis-cli -h ${sentinel.service} -p ${SENTINEL_PORT} sentinel get-master-addr-by-name ${SENTINEL_MASTER} 2>/dev/null | head -n 1 || true)"`,
            `if [ -z "$MASTER" ]; then MASTER="${sentinel.firstMember}"; fi`,
            'echo "replica-announce-ip $SELF" >> /run/redis/redis.conf',
            'if [ "$MASTER" != "$SELF" ]; then echo "replicaof $MASTER ' + REDIS_PORT + '" >> /run/redis/redis.conf; fi',
        );
    }
    lines.push("exec redis-server /run/redis/redis.conf");
    return lines.join("\n");
}

export function sentinelStartScript(): string {
    return [
        "set -eu",
        "cat /etc/redis/sentinel.conf /etc/redis-auth/sentinel-auth.conf > /run/redis/sentinel.conf",
        "exec redis-sentinel /run/redis/sentinel.conf",
    ].join("\n");
}
