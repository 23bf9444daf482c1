import { inNamespaces } from "../../lib/kubernetes/objects";
import { POD_BEARING } from "../../lib/kubernetes/types";
import { withFix } from "../../lib/message";
import { known, UNKNOWN } from "../../lib/preview";
import { stackRule } from "../../lib/rule";

const tags = ["kubernetes", "namespace"];
const RESOURCE_QUOTA = "kubernetes:core/v1:ResourceQuota";
const LIMIT_RANGE = "kubernetes:core/v1:LimitRange";

/**
 * A stack rule that every app namespace (one the stack puts workloads in) holds an object of `type`; reported once
 * per namespace, on its first workload. Default-deny NetworkPolicies are k8s-namespace-default-deny's concern.
 */
function namespaceMustHold(name: string, type: string, what: string, why: string, fix: (ns: string) => string) {
    return stackRule(
        {
            name,
            description: `Every namespace with workloads must have a ${what}: ${why}`,
            remediationSteps: fix("<namespace>"),
            severity: "medium",
            tags,
        },
        (ctx) => {
            const held = ctx.resources.filter((r) => r.type === type).map((r) => known(() => r.props.metadata?.namespace ?? "default"));
            if (held.includes(UNKNOWN)) return;
            const reported = new Set<string>();
            for (const { resource, namespace } of inNamespaces(ctx.resources, POD_BEARING)) {
                if (reported.has(namespace) || held.includes(namespace)) continue;
                reported.add(namespace);
                ctx.report(resource, withFix(`namespace ${namespace} has workloads but no ${what}.`, fix(namespace)));
            }
        },
    );
}

export const namespaceResourceQuota = namespaceMustHold(
    "k8s-namespace-resource-quota",
    RESOURCE_QUOTA,
    "ResourceQuota",
    "without one a runaway rollout or HPA can take the whole cluster's capacity.",
    (ns) => `add a ResourceQuota in ${ns} capping requests.cpu, requests.memory, limits.memory and pods.`,
);

export const namespaceLimitRange = namespaceMustHold(
    "k8s-namespace-limit-range",
    LIMIT_RANGE,
    "LimitRange",
    "it gives every container default requests and limits, so a pod that omits them is still bounded and schedulable under the quota.",
    (ns) => `add a LimitRange in ${ns} with type Container defaults and defaultRequests for cpu and memory.`,
);

export const namespaceHygieneRules = [namespaceResourceQuota, namespaceLimitRange];
