import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { SecretsLayer, StackContext } from "../contracts";
import { childOpts, namespacedMeta } from "../kubernetes";
import { mergeAnnotations } from "../peers";
import { alertmanagerRouting } from "./alertmanager-routing";
import { alertmanagerConfigLabels } from "./kube-prometheus-values";

export interface AlertRoutingArgs {
    ctx: StackContext;
    secrets: SecretsLayer;
}

/**
 * Alertmanager routing as an AlertmanagerConfig in the app namespace (where the secrets backend delivers the PagerDuty
 * routing key and the Slack webhook named in config.monitoring.alerting). Without a PagerDuty secret critical alerts go
 * to Slack only; without any secret the stack has no notification channel, which is logged as a warning.
 */
export class AlertRouting extends pulumi.ComponentResource {
    constructor(name: string, args: AlertRoutingArgs, opts?: pulumi.ComponentResourceOptions) {
        super("stack:observability:AlertRouting", name, {}, opts);
        const { ctx } = args;
        const alerting = ctx.config.monitoring.alerting;
        // Alertmanager reads the receivers' Secrets itself: each must be a Secret the backend really provides.
        const provided = {
            pagerduty: alerting.pagerdutySecret ? args.secrets.kubernetesSecret(alerting.pagerdutySecret) : undefined,
            slack: alerting.slackSecret ? args.secrets.kubernetesSecret(alerting.slackSecret) : undefined,
        };
        const pagerduty = provided.pagerduty?.ref;
        const slack = provided.slack?.ref;
        const both = [provided.pagerduty, provided.slack].flatMap((p) => (p ? [p] : []));
        if (!pagerduty && !slack) {
            pulumi.log.warn("monitoring.alerting names neither pagerdutySecret nor slackSecret: alerts fire but notify nobody", this);
        }
        new k8s.apiextensions.CustomResource(
            `${name}-config`,
            {
                apiVersion: "monitoring.coreos.com/v1alpha1",
                kind: "AlertmanagerConfig",
                metadata: namespacedMeta(
                    ctx,
                    `${ctx.config.appName}-routing`,
                    alertmanagerConfigLabels(ctx.config.appName),
                    both.length > 0 ? mergeAnnotations(both.map((p) => p.annotations)) : undefined,
                ),
                spec: alertmanagerRouting({ pagerduty, slack, slackChannel: alerting.slackChannel }),
            },
            childOpts(this, ctx, { dependsOn: both.flatMap((p) => p.dependsOn) }),
        );
        this.registerOutputs({});
    }
}
