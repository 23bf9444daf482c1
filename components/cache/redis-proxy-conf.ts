/**
 * haproxy.cfg of the Redis master endpoint. HAProxy health-checks every member with the Redis protocol (AUTH, then
 * `INFO replication` must say `role:master`) and routes only to the member that passes, so the one REDIS_URL follows
 * a Sentinel failover within about a second. Connections to a demoted master are cut (`on-marked-down
 * shutdown-sessions`): clients reconnect and land on the new master instead of writing into a replica. The password
 * stays out of the file: HAProxy expands "${REDIS_PASSWORD}" from the container's secret env at start-up.
 */
import { REDIS_PORT } from "./redis-conf";

/** Port of the proxy's liveness endpoint (HTTP, answers 200 while HAProxy runs). */
export const REDIS_PROXY_HEALTH_PORT = 8404;

/** `members`: `host:port` of each Redis member. `listen`: the proxy's own ports (tests run it on free ones). */
export function redisProxyConf(members: string[], listen = { redis: REDIS_PORT, health: REDIS_PROXY_HEALTH_PORT }): string {
    return [
        "global",
        "  maxconn 4096",
        "defaults",
        "  mode tcp",
        "  timeout connect 3s",
        // Longer than redis.conf's `timeout 300`: Redis, not the proxy, closes idle clients.
        "  timeout client 330s",
        "  timeout server 330s",
        "  timeout check 2s",
        "frontend health",
        "  mode http",
        `  bind :${listen.health}`,
        "  monitor-uri /healthz",
        "frontend redis",
        `  bind :${listen.redis}`,
        "  default_backend master",
        "resolvers cluster",
        "  parse-resolv-conf",
        "  hold valid 5s",
        "backend master",
        "  option tcp-check",
        "  tcp-check connect",
        '  tcp-check send "AUTH ${REDIS_PASSWORD}\\r\\n"',
        "  tcp-check expect string +OK",
        '  tcp-check send "INFO replication\\r\\n"',
        "  tcp-check expect string role:master",
        '  tcp-check send "QUIT\\r\\n"',
        "  tcp-check expect string +OK",
        "  default-server check inter 1s fall 1 rise 1 on-marked-down shutdown-sessions resolvers cluster init-addr none",
        ...members.map((address, i) => `  server member-${i} ${address}`),
        "",
    ].join("\n");
}
