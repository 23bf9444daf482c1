import { labelsOf } from "../../lib/kubernetes/objects";
import { K, ofType } from "../../lib/kubernetes/types";
import { withFix } from "../../lib/message";
import { resourceRule } from "../../lib/rule";

const tags = ["kubernetes", "rbac"];
/** Roles shipped by a cluster add-on's chart carry this label; their upstream rules are reviewed with the chart. */
export const ADDON_LABEL = "prod-stack.io/addon";

const isAddon = (props: Record<string, any>): boolean => labelsOf(props)[ADDON_LABEL] !== undefined;

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

/** Built-in ClusterRoles too broad to hand to a workload (cluster-admin has its own rule). */
const BROAD_ROLES = new Set(["admin", "edit"]);

export const noBuiltinRoleBinding = resourceRule(
    {
        name: "k8s-no-builtin-role-binding",
        description: `RoleBindings and ClusterRoleBindings (other than add-on ones labelled ${ADDON_LABEL}) must not bind the built-in admin or edit roles, or any system: role.`,
        remediationSteps: "Write a Role with the exact resources and verbs the subject needs and bind that instead.",
        severity: "high",
        tags,
    },
    ofType(K.RoleBinding, K.ClusterRoleBinding),
    (ctx) => {
        if (isAddon(ctx.props)) return;
        const role = String(ctx.props.roleRef?.name ?? "");
        if (BROAD_ROLES.has(role) || role.startsWith("system:")) {
            ctx.report(
                withFix(
                    `binding grants the built-in role ${role}.`,
                    `bind a Role listing only the resources and verbs the subjects need instead of ${role}.`,
                ),
            );
        }
    },
);

export const noWildcardRbac = resourceRule(
    {
        name: "k8s-no-wildcard-rbac",
        description: `Roles and ClusterRoles (other than add-on roles labelled ${ADDON_LABEL}) must not use "*" in apiGroups, verbs or resources.`,
        remediationSteps: "List the exact apiGroups, resources and verbs the workload needs.",
        severity: "high",
        tags,
    },
    ofType(K.Role, K.ClusterRole),
    (ctx) => {
        if (isAddon(ctx.props)) return;
        (ctx.props.rules ?? []).forEach((rule: Record<string, string[]>, i: number) => {
            for (const field of ["apiGroups", "verbs", "resources"]) {
                if ((rule[field] ?? []).includes("*"))
                    ctx.report(
                        withFix(`rules[${i}].${field} contains "*".`, `replace "*" in rules[${i}].${field} with the exact values needed.`),
                    );
            }
        });
    },
);

/** Sub-resources that hand out a shell, a terminal or a tunnel into any pod the role can name. */
const POD_ACCESS = ["pods/exec", "pods/attach", "pods/portforward"];
/** Verbs that bypass RBAC's own escalation checks or act as another identity. */
const ESCALATING_VERBS = ["escalate", "bind", "impersonate"];
const READ_VERBS = ["get", "list", "watch"];

/** What one rule grants that no workload role should; empty when nothing. */
export function sensitiveGrants(rule: Record<string, any>): string[] {
    const verbs: string[] = rule.verbs ?? [];
    const resources: string[] = rule.resources ?? [];
    const core = (rule.apiGroups ?? []).some((g: string) => g === "" || g === "*");
    const out: string[] = [];
    if (core) {
        for (const r of POD_ACCESS) if (resources.includes(r)) out.push(r);
        const readsSecrets = resources.includes("secrets") && verbs.some((v) => v === "*" || READ_VERBS.includes(v));
        // get on named Secrets only is the narrow grant operators need for their own credentials; list/watch is never narrow.
        const narrow = (rule.resourceNames ?? []).length > 0 && !verbs.some((v) => v === "*" || v === "list" || v === "watch");
        if (readsSecrets && !narrow) out.push("read of secrets");
    }
    for (const v of ESCALATING_VERBS) if (verbs.includes(v)) out.push(`verb ${v}`);
    return out;
}

export const noSensitiveGrants = resourceRule(
    {
        name: "k8s-rbac-no-sensitive-grants",
        description: `Roles and ClusterRoles (other than add-on roles labelled ${ADDON_LABEL}) must not grant pods/exec, pods/attach, pods/portforward, reading Secrets (except get on named ones), or the escalate, bind and impersonate verbs.`,
        remediationSteps:
            "Remove the grant; deliver credentials with secretKeyRef or the secrets backend instead of API reads, and debug through the platform's audited tooling.",
        severity: "high",
        tags,
    },
    ofType(K.Role, K.ClusterRole),
    (ctx) => {
        if (isAddon(ctx.props)) return;
        (ctx.props.rules ?? []).forEach((rule: Record<string, any>, i: number) => {
            const grants = sensitiveGrants(rule);
            if (grants.length > 0) {
                ctx.report(
                    withFix(
                        `rules[${i}] grants ${grants.join(", ")}.`,
                        `drop ${grants.join(", ")} from rules[${i}]; for a Secret the workload needs, mount it or use get with resourceNames.`,
                    ),
                );
            }
        });
    },
);

export const rbacRules = [noClusterAdminBinding, noBuiltinRoleBinding, noWildcardRbac, noSensitiveGrants];
