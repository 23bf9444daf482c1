import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ADDON_VERSIONS } from "../addons/versions";
import { irsaTrustPolicy } from "../shared/iam";
import { awsTarget, StackContext } from "../contracts";
import { childOpts } from "../kubernetes";
import { addonNamespace, pinnedChart } from "../addons/chart";
import { alloyValues, cloudwatchRetentionDays, fluentBitValues, LOKI_URL, lokiValues } from "./logging-values";

export interface LoggingArgs {
    ctx: StackContext;
    /** Loki volume size. Default "50Gi". */
    lokiStorageSize?: string;
}

/** Fluent Bit's service account (the IRSA trust names it). */
export const FLUENT_BIT_SERVICE_ACCOUNT = "fluent-bit";

/**
 * Log aggregation with retention from config.logging.retentionDays.
 * - backend loki (needs addons.loki): Loki (single binary) and Grafana Alloy shipping every pod's logs to it.
 * - backend cloudwatch (aws target): a CloudWatch log group (retention rounded up to a value CloudWatch accepts,
 *   protected in staging/prod) and Fluent Bit with an IRSA role allowed to write to that group only.
 */
export class Logging extends pulumi.ComponentResource {
    /** Loki URL when logs go to Loki (Grafana datasource). */
    public readonly lokiUrl?: string;
    public readonly logGroupName?: pulumi.Output<string>;

    constructor(name: string, args: LoggingArgs, opts?: pulumi.ComponentResourceOptions) {
        super("stack:observability:Logging", name, {}, opts);
        const { ctx } = args;
        const config = ctx.config;
        if (config.logging.backend === "loki") {
            const ns = addonNamespace(
                `${name}-namespace`,
                ADDON_VERSIONS.loki.namespace,
                "baseline",
                ctx.commonLabels,
                childOpts(this, ctx),
            );
            const loki = pinnedChart(
                `${name}-loki`,
                ADDON_VERSIONS.loki,
                lokiValues({ retentionDays: config.logging.retentionDays, storageSize: args.lokiStorageSize ?? "50Gi" }),
                { parent: this, provider: ctx.k8sProvider, dependsOn: [ns] },
            );
            pinnedChart(`${name}-alloy`, ADDON_VERSIONS.alloy, alloyValues(config.preset.requireHighAvailability ? 2 : 1), {
                parent: this,
                provider: ctx.k8sProvider,
                dependsOn: [ns, loki],
            });
            this.lokiUrl = LOKI_URL;
        } else {
            const { aws: account, provider } = awsTarget(ctx, "logging.backend cloudwatch");
            const awsOpts = { parent: this, provider };
            const protect = config.preset.protectStatefulResources;
            const group = new aws.cloudwatch.LogGroup(
                `${name}-group`,
                {
                    name: `/${config.appName}/${config.environment}/pods`,
                    retentionInDays: cloudwatchRetentionDays(config.logging.retentionDays),
                    tags: ctx.commonTags,
                },
                { ...awsOpts, protect },
            );
            const role = new aws.iam.Role(
                `${name}-fluent-bit-role`,
                {
                    assumeRolePolicy: JSON.stringify(
                        irsaTrustPolicy(
                            account.oidcProviderArn,
                            account.oidcIssuer,
                            ADDON_VERSIONS.fluentBit.namespace,
                            FLUENT_BIT_SERVICE_ACCOUNT,
                        ),
                    ),
                    tags: ctx.commonTags,
                },
                awsOpts,
            );
            new aws.iam.RolePolicy(
                `${name}-fluent-bit-policy`,
                {
                    role: role.id,
                    policy: group.arn.apply((arn) =>
                        JSON.stringify({
                            Version: "2012-10-17",
                            Statement: [
                                {
                                    Effect: "Allow",
                                    Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                                    Resource: [arn, `${arn}:*`],
                                },
                            ],
                        }),
                    ),
                },
                awsOpts,
            );
            const ns = addonNamespace(
                `${name}-namespace`,
                ADDON_VERSIONS.fluentBit.namespace,
                "privileged",
                ctx.commonLabels,
                childOpts(this, ctx),
            );
            const region = account.region;
            const values = pulumi
                .all([group.name, role.arn])
                .apply(([logGroupName, roleArn]) => fluentBitValues({ region, logGroupName, roleArn }));
            pinnedChart(`${name}-fluent-bit`, ADDON_VERSIONS.fluentBit, values, {
                parent: this,
                provider: ctx.k8sProvider,
                dependsOn: [ns],
            });
            this.logGroupName = group.name;
        }
        this.registerOutputs({ logGroupName: this.logGroupName });
    }
}
