import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ChartPin } from "../addons/versions";
import { StackContext } from "../contracts";

/** A pinned upstream chart as a child of `parent`. */
export function chart(name: string, pin: ChartPin, values: pulumi.Input<Record<string, unknown>>, parent: pulumi.Resource, ctx: StackContext, dependsOn: pulumi.Resource[]): k8s.helm.v4.Chart {
    return new k8s.helm.v4.Chart(name, {
        chart: pin.chart,
        version: pin.version,
        namespace: pin.namespace,
        ...(pin.repo ? { repositoryOpts: { repo: pin.repo } } : {}),
        values,
    }, { parent, provider: ctx.k8sProvider, dependsOn });
}
