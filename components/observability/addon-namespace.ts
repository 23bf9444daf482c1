import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { podSecurityLabels } from "../kubernetes";

/**
 * Namespace of a monitoring/logging add-on. `privileged` where a chart runs node agents with host access
 * (node-exporter: hostNetwork/hostPID; Fluent Bit: hostPath /var/log); audit and warn stay at restricted.
 */
export function addonNamespace(
    name: string,
    namespace: string,
    level: "privileged" | "baseline" | "restricted",
    commonLabels: Record<string, string>,
    opts: pulumi.CustomResourceOptions,
): k8s.core.v1.Namespace {
    const pss = level === "privileged"
        ? { ...podSecurityLabels("baseline"), "pod-security.kubernetes.io/enforce": "privileged" }
        : podSecurityLabels(level);
    return new k8s.core.v1.Namespace(name, { metadata: { name: namespace, labels: { ...commonLabels, ...pss } } }, opts);
}
