import { CacheLayer, SecretsLayer, StackContext } from "../contracts";
import { ElastiCacheRedis } from "./elasticache";
import { RedisCluster } from "./redis-cluster";

/** Redis (ElastiCache on aws, a StatefulSet on the cluster); undefined when the stack has no redis. */
export function deployCache(ctx: StackContext, secrets: SecretsLayer): CacheLayer | undefined {
    const redis = ctx.config.redis;
    if (!redis) return undefined;
    const name = `${ctx.config.appName}-cache`;
    return redis.kind === "elasticache"
        ? new ElastiCacheRedis(name, { ctx, secrets, redis }).layer
        : new RedisCluster(name, { ctx, secrets, redis }).layer;
}
