import { labelsOf } from "../../lib/kubernetes/objects";
import { K, ofType } from "../../lib/kubernetes/types";
import { resourceRule } from "../../lib/rule";

const tags = ["kubernetes", "rbac"];
/** Roles shipped by a cluster add-on's chart carry this label; their upstream rules are reviewed with the chart. */
export const ADDON_LABEL = "prod-stack.io/addon";

export const noClusterAdminBinding = resourceRule(
    {
        name: "k8s-no-cluster-admin-binding",
        description: "No RoleBinding or ClusterRoleBinding may grant cluster-admin.",
        remediationSteps: "Bind a Role scoped to the namespace and the verbs/resources actually needed.",
        severity: "critical",
        tags,
    },
    ofType(K.RoleBinding, K.ClusterRoleBinding),
    (ctx) => {
        if (ctx.props.roleRef?.name === "cluster-admin") ctx.report("binding grants cluster-admin.");
    },
);

export const noWildcardRbac = resourceRule(
    {
        name: "k8s-no-wildcard-rbac",
        description: `Roles and ClusterRoles (other than add-on roles labelled ${ADDON_LABEL}) must not use "*" in verbs or resources.`,
        remediationSteps: "List the exact apiGroups, resources and verbs the workload needs.",
        severity: "high",
        tags,
    },
    ofType(K.Role, K.ClusterRole),
    (ctx) => {
        if (labelsOf(ctx.props)[ADDON_LABEL] !== undefined) return;
        (ctx.props.rules ?? []).forEach((rule: Record<string, string[]>, i: number) => {
            for (const field of ["verbs", "resources"]) {
                if ((rule[field] ?? []).includes("*")) ctx.report(`rules[${i}].${field} contains "*".`);
            }
        });
    },
);

export const rbacRules = [noClusterAdminBinding, noWildcardRbac];
