import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { StackConfig } from "../config";

/**
 * Priority of the stack's long-running pods: far above the default 0 of unclassed pods (so node pressure evicts
 * those first) and far below the system-* classes (2000000000+) that keep nodes and cluster components alive.
 */
export const WORKLOAD_PRIORITY = 100000;

/** PriorityClasses are cluster-scoped: named after the stack's namespace so two stacks on one cluster never share one. */
export function priorityClassName(config: StackConfig): string {
    return `${config.namespace}-workloads`;
}

export function priorityClassSpec(config: StackConfig, labels: Record<string, string>): k8s.scheduling.v1.PriorityClassArgs {
    return {
        metadata: { name: priorityClassName(config), labels },
        value: WORKLOAD_PRIORITY,
        globalDefault: false,
        preemptionPolicy: "PreemptLowerPriority",
        description: `Long-running app and data pods of ${config.appName} (${config.environment}).`,
    };
}

/** The class where the preset asks for one; its name is an output so every pod that names it waits for it. */
export function createPriorityClass(
    config: StackConfig,
    labels: Record<string, string>,
    provider: k8s.Provider,
): pulumi.Output<string> | undefined {
    if (!config.preset.priorityClasses) return undefined;
    const pc = new k8s.scheduling.v1.PriorityClass(`${config.appName}-priority`, priorityClassSpec(config, labels), { provider });
    return pc.metadata.name;
}
