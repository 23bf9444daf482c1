import { awsTarget, CdnLayer, StackContext } from "../contracts";
import { StaticCdn } from "./static-cdn";

/** The CDN layer: a CloudFront distribution for the static paths where `cdn.enabled` (validation kept it on aws). */
export function deployCdn(ctx: StackContext): CdnLayer | undefined {
    const config = ctx.config;
    if (!config.cdn.enabled) return undefined;
    const { provider } = awsTarget(ctx, "the CloudFront CDN");
    const cdn = new StaticCdn(`${config.appName}-cdn`, {
        cdn: config.cdn,
        edge: config.edge,
        provider,
        bucketPrefix: `${config.appName}-${config.environment}-cdn`,
        tags: ctx.commonTags,
        protect: config.preset.protectStatefulResources,
    });
    return { distributionId: cdn.distribution.id, domainName: cdn.distribution.domainName, originBucket: cdn.originBucket.bucket };
}
