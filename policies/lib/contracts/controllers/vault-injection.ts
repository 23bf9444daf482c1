import type { PolicyResource } from "@pulumi/policy";
import { nameOf, namespaceOf } from "../../kubernetes/objects";
import { K } from "../../kubernetes/types";
import { withFix } from "../../message";
import { UNKNOWN } from "../../preview";
import { Contract, Finding, plain } from "./finding";
import { StackPod, stackPods } from "./pods";
import { boundMatches, vaultRoleBindings } from "./vault-roles";

/** Pod annotations the Vault agent injector reads (vault-k8s). */
export const VAULT_ANNOTATIONS = {
    inject: "vault.hashicorp.com/agent-inject",
    role: "vault.hashicorp.com/role",
    prePopulateOnly: "vault.hashicorp.com/agent-pre-populate-only",
    tokenVolume: "vault.hashicorp.com/agent-service-account-token-volume-name",
} as const;

/** automountServiceAccountToken of the stack's ServiceAccounts, by `namespace/name`. */
function accountAutomount(resources: PolicyResource[]): Map<string, boolean | undefined> {
    const out = new Map<string, boolean | undefined>();
    for (const r of resources) {
        if (r.type !== K.ServiceAccount) continue;
        const ns = namespaceOf(r.props);
        const name = nameOf(r.props);
        const automount = plain(() => r.props.automountServiceAccountToken as boolean | undefined);
        if (ns !== UNKNOWN && name !== UNKNOWN && name && automount !== UNKNOWN) out.set(`${ns}/${name}`, automount);
    }
    return out;
}

/** The injector reads its boolean annotations with Go's strconv.ParseBool. */
const isTrue = (value: string | undefined) => value !== undefined && ["1", "t", "T", "true", "TRUE", "True"].includes(value);

const serviceAccountOf = (pod: StackPod): string => pod.spec.serviceAccountName ?? pod.spec.serviceAccount ?? "default";

/** The agent logs in to Vault with a service-account token: either the pod's automounted one or a projected volume. */
function tokenProblem(pod: StackPod, automount: Map<string, boolean | undefined>): string | undefined {
    const volumeName = pod.annotations[VAULT_ANNOTATIONS.tokenVolume];
    if (volumeName !== undefined) {
        const volume = ((pod.spec.volumes ?? []) as Record<string, any>[]).find((v) => v.name === volumeName);
        const projected = ((volume?.projected?.sources ?? []) as Record<string, unknown>[]).some((s) => s.serviceAccountToken);
        if (projected) return undefined;
        return withFix(
            `the Vault agent's token volume ${volumeName} (${VAULT_ANNOTATIONS.tokenVolume}) is ${volume ? "not a projected serviceAccountToken volume" : "not a volume of the pod"}: the agent cannot log in.`,
            `add a volume ${volumeName} with projected.sources[].serviceAccountToken to the pod spec, or drop the annotation and mount the service-account token.`,
        );
    }
    const own = pod.spec.automountServiceAccountToken as boolean | undefined;
    const effective = own ?? automount.get(`${pod.namespace}/${serviceAccountOf(pod)}`) ?? true;
    if (effective) return undefined;
    const where =
        own === false
            ? "the pod sets automountServiceAccountToken: false"
            : `service account ${serviceAccountOf(pod)} sets automountServiceAccountToken: false`;
    return withFix(
        `${where} and names no token volume: the Vault agent has no service-account token to log in with.`,
        `add a projected serviceAccountToken volume and name it in ${VAULT_ANNOTATIONS.tokenVolume} (the app containers then still mount no token).`,
    );
}

/**
 * The Vault agent injector's contract for every pod annotated agent-inject "true": the agent can log in (a service-account
 * token), a Job's pod can finish (pre-populate only: an agent sidecar never exits), and the Vault role it names is bound
 * to the service account and namespace the pod really runs as.
 */
export const vaultInjectionContract: Contract = (resources) => {
    const findings: Finding[] = [];
    const automount = accountAutomount(resources);
    const { bindings, complete } = vaultRoleBindings(resources);
    for (const pod of stackPods(resources)) {
        if (!isTrue(pod.annotations[VAULT_ANNOTATIONS.inject])) continue;
        const report = (message: string) => findings.push({ resource: pod.resource, message });
        const token = tokenProblem(pod, automount);
        if (token) report(token);
        if (pod.batch && !isTrue(pod.annotations[VAULT_ANNOTATIONS.prePopulateOnly]))
            report(
                withFix(
                    "the Vault agent runs as a sidecar in a Job's pod: the sidecar never exits, so the Job never completes.",
                    `annotate the pod template ${VAULT_ANNOTATIONS.prePopulateOnly}: "true" (secrets are rendered once by the init container).`,
                ),
            );
        const role = pod.annotations[VAULT_ANNOTATIONS.role];
        const account = serviceAccountOf(pod);
        if (!role) {
            report(
                withFix(
                    `the pod asks for Vault injection but names no role (${VAULT_ANNOTATIONS.role}).`,
                    "annotate the Kubernetes-auth role the pod logs in with.",
                ),
            );
            continue;
        }
        const written = bindings.filter((b) => b.role === role);
        if (written.length === 0) {
            if (complete)
                report(
                    withFix(
                        `Vault role ${role} is written by no Job or Vault resource of the stack: the agent's login is refused.`,
                        `write the role (vault write auth/kubernetes/role/${role} bound_service_account_names=${account} bound_service_account_namespaces=${pod.namespace} ...) in the stack's bootstrap Job.`,
                    ),
                );
            continue;
        }
        const admits = written.some((b) => boundMatches(b.serviceAccounts, account) && boundMatches(b.namespaces, pod.namespace));
        if (!admits) {
            const bound = written.map((b) => `${b.namespaces.join(",") || "?"}/${b.serviceAccounts.join(",") || "?"}`).join("; ");
            report(
                withFix(
                    `Vault role ${role} binds ${bound}, but the pod runs as ${pod.namespace}/${account}: the agent's login is refused.`,
                    `bind the role to service account ${account} in namespace ${pod.namespace}, or run the pod as the bound service account.`,
                ),
            );
        }
    }
    return findings;
};
