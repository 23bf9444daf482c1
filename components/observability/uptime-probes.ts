import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ADDON_VERSIONS } from "../addons/versions";
import { StackContext } from "../contracts";
import { childOpts, namespacedMeta } from "../kubernetes";
import { LABELS } from "../peers";
import { PROBE_MODULE, UptimeTarget } from "./uptime-targets";

export interface UptimeProbesArgs {
    ctx: StackContext;
    targets: UptimeTarget[];
}

/** `job` label of the probes' metrics (EndpointDown selects on it). */
export function probeJobName(appName: string): string {
    return `${appName}-uptime`;
}

/** Blackbox exporter address inside the cluster (Service of the chart with fullnameOverride). */
export const BLACKBOX_URL = `prometheus-blackbox-exporter.${ADDON_VERSIONS.blackboxExporter.namespace}.svc:9115`;

/** One Probe CR per routed service, probing each of its public health endpoints every 30 s. */
export class UptimeProbes extends pulumi.ComponentResource {
    constructor(name: string, args: UptimeProbesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("stack:observability:UptimeProbes", name, {}, opts);
        const { ctx } = args;
        const byService = new Map<string, string[]>();
        for (const t of args.targets) byService.set(t.service, [...(byService.get(t.service) ?? []), t.url]);
        for (const [service, urls] of byService) {
            new k8s.apiextensions.CustomResource(
                `${name}-${service}`,
                {
                    apiVersion: "monitoring.coreos.com/v1",
                    kind: "Probe",
                    metadata: namespacedMeta(ctx, `${service}-uptime`, { [LABELS.name]: service, [LABELS.component]: "monitoring" }),
                    spec: {
                        jobName: probeJobName(ctx.config.appName),
                        interval: "30s",
                        module: PROBE_MODULE,
                        prober: { url: BLACKBOX_URL },
                        targets: { staticConfig: { static: urls, labels: { service } } },
                    },
                },
                childOpts(this, ctx),
            );
        }
        this.registerOutputs({});
    }
}
