import type { PolicyResource } from "@pulumi/policy";
import { containersOf, podTemplateOf } from "../../kubernetes/pod-spec";
import { K } from "../../kubernetes/types";
import { UNKNOWN } from "../../preview";
import { plain } from "./finding";

/** A Kubernetes-auth role of Vault as the stack writes it, and whom it admits. */
export interface VaultRoleBinding {
    role: string;
    serviceAccounts: string[];
    namespaces: string[];
    /** The Job (or Vault provider resource) that writes the role. */
    writtenBy: PolicyResource;
}

/** The Pulumi Vault provider's Kubernetes-auth role resource. */
export const VAULT_AUTH_BACKEND_ROLE = "vault:kubernetes/authBackendRole:AuthBackendRole";

/** One shell word: unquoted runs and quoted parts glued together (`key='value'`). */
const WORD = /(?:[^\s'"]+|'[^']*'|"[^"]*")+/g;
const ROLE_PATH = /^auth\/[^/]+\/role\/(.+)$/;

const unquote = (word: string) => word.replace(/'([^']*)'|"([^"]*)"/g, (_, a, b) => a ?? b);
const list = (value: string | undefined) => (value ?? "").split(",").filter((v) => v.length > 0);

/** `vault write auth/<mount>/role/<role> bound_service_account_names=... bound_service_account_namespaces=...` lines. */
export function rolesInScript(script: string): Omit<VaultRoleBinding, "writtenBy">[] {
    const out: Omit<VaultRoleBinding, "writtenBy">[] = [];
    for (const line of script.replace(/\\\n/g, " ").split("\n")) {
        const words = (line.match(WORD) ?? []).map(unquote);
        const at = words.findIndex((w, i) => w === "write" && words[i - 1] === "vault");
        const role = at >= 0 ? ROLE_PATH.exec(words[at + 1] ?? "")?.[1] : undefined;
        if (!role) continue;
        const params = new Map(words.slice(at + 2).map((w) => [w.split("=")[0], w.slice(w.indexOf("=") + 1)] as const));
        out.push({
            role,
            serviceAccounts: list(params.get("bound_service_account_names")),
            namespaces: list(params.get("bound_service_account_namespaces")),
        });
    }
    return out;
}

/**
 * The roles the stack writes: in the scripts of its Jobs (components/secrets/vault-scripts.ts roleScript) and as
 * Vault provider resources. `complete` is false when a Job's script is not known yet, so "no such role" is undecided.
 */
export function vaultRoleBindings(resources: PolicyResource[]): { bindings: VaultRoleBinding[]; complete: boolean } {
    const bindings: VaultRoleBinding[] = [];
    let complete = true;
    for (const r of resources) {
        if (r.type !== K.Job && r.type !== K.CronJob) continue;
        const containers = plain(() => containersOf(podTemplateOf(r.type, r.props)?.spec ?? {}).map((c) => c.container));
        if (containers === UNKNOWN) {
            complete = false;
            continue;
        }
        for (const container of containers) {
            const text = [...(container.command ?? []), ...(container.args ?? [])].join("\n");
            for (const b of rolesInScript(text)) bindings.push({ ...b, writtenBy: r });
        }
    }
    for (const r of resources) {
        if (r.type !== VAULT_AUTH_BACKEND_ROLE) continue;
        const role = plain(() => ({
            name: r.props.roleName as string,
            serviceAccounts: (r.props.boundServiceAccountNames ?? []) as string[],
            namespaces: (r.props.boundServiceAccountNamespaces ?? []) as string[],
        }));
        if (role === UNKNOWN) complete = false;
        else bindings.push({ role: role.name, serviceAccounts: role.serviceAccounts, namespaces: role.namespaces, writtenBy: r });
    }
    return { bindings, complete };
}

/** Vault's bound_* matching: an entry is a name or a glob with `*`. */
export function boundMatches(patterns: string[], value: string): boolean {
    return patterns.some((p) => new RegExp(`^${p.split("*").map(escape).join(".*")}$`).test(value));
}

function escape(s: string): string {
    return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
