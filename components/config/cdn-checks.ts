/** Cross-field checks of the `cdn` section: CloudFront is an AWS resource and needs names and paths to serve. */
import { ConfigIssue } from "./issues";
import { CdnConfig } from "./schema/cdn";
import { EnvironmentPreset } from "./presets";

interface CdnCheckInput {
    preset: EnvironmentPreset;
    serviceNames: string[];
    target?: "aws" | "cluster";
    cdn?: CdnConfig;
}

export function cdnIssues({ preset, target, cdn, serviceNames }: CdnCheckInput): ConfigIssue[] {
    const issues: ConfigIssue[] = (cdn?.servedBy ?? []).flatMap((name, i) =>
        serviceNames.includes(name)
            ? []
            : [
                  {
                      path: `cdn.servedBy[${i}]`,
                      expected: `the name of a configured service (${serviceNames.join(", ")})`,
                      found: `"${name}"`,
                      fix: "name the service whose route serves the static paths, or remove cdn.servedBy to mean every routed service",
                  },
              ],
    );
    if (!cdn?.enabled) return issues;
    if (target && target !== "aws")
        issues.push({
            path: "cdn.enabled",
            expected: "the aws target (the CloudFront distribution, its S3 origin and certificate are AWS resources)",
            found: "true on the cluster target",
            fix: "set target: aws, or set cdn.enabled: false and keep cdn.staticPaths: the edge then sends their Cache-Control for a CDN you run in front of it",
        });
    if (cdn.aliases.length === 0)
        issues.push({
            path: "cdn.aliases",
            expected: "at least one host name the distribution answers (its certificate covers them)",
            found: "a list of 0",
            fix: "add the static host, e.g. aliases: [cdn.example.com]",
        });
    if (cdn.staticPaths.length === 0)
        issues.push({
            path: "cdn.staticPaths",
            expected: "at least one path pattern of fingerprinted assets when cdn.enabled",
            found: "a list of 0",
            fix: "add the asset paths the frontend builds, e.g. staticPaths: [/static/*] or [/_next/static/*]",
        });
    if (preset.requireCdnLogging && !cdn.logging.enabled)
        issues.push({
            path: "cdn.logging.enabled",
            expected: "true in this environment (access logs of the distribution are required)",
            found: "false",
            fix: "remove cdn.logging.enabled (it defaults to true here) or set it to true",
        });
    return issues;
}
