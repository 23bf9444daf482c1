import { today } from "./clock";
import { known, UNKNOWN } from "./preview";

/** Kubernetes annotation prefix; the rule name follows the slash. */
export const K8S_EXEMPTION_PREFIX = "exemptions.policy.prod-stack.io/";
/** AWS tag prefix; the rule name follows the colon. */
export const AWS_EXEMPTION_PREFIX = "policy-exemption:";

export interface Exemption {
    rule: string;
    expires: string;
    approver: string;
    reason: string;
}

export type ParsedExemption = { ok: true; exemption: Exemption } | { ok: false; rule: string; problem: string };

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function isCalendarDate(s: string): boolean {
    const m = DATE.exec(s);
    if (!m) return false;
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/**
 * Parses `expires=YYYY-MM-DD approver=<email> reason=<free text to end>`. Space-separated because AWS tag values
 * cannot hold `;` or quotes; `reason` is last so it may contain spaces and `=`.
 */
export function parseExemption(rule: string, value: string): ParsedExemption {
    const at = value.search(/(^|\s)reason=/);
    if (at < 0) return { ok: false, rule, problem: "missing reason=<text>" };
    const reason = value.slice(value.indexOf("reason=", at) + "reason=".length).trim();
    const fields = new Map<string, string>();
    for (const token of value.slice(0, at).trim().split(/\s+/).filter(Boolean)) {
        const eq = token.indexOf("=");
        if (eq <= 0) return { ok: false, rule, problem: `unparseable token "${token}"` };
        fields.set(token.slice(0, eq), token.slice(eq + 1));
    }
    const unexpected = [...fields.keys()].filter((k) => k !== "expires" && k !== "approver");
    if (unexpected.length > 0) return { ok: false, rule, problem: `unexpected field(s) ${unexpected.join(", ")}` };
    const expires = fields.get("expires");
    const approver = fields.get("approver");
    if (!expires || !isCalendarDate(expires)) return { ok: false, rule, problem: "expires must be a date YYYY-MM-DD" };
    if (!approver || !EMAIL.test(approver)) return { ok: false, rule, problem: "approver must be an email address" };
    if (!reason) return { ok: false, rule, problem: "reason must not be empty" };
    return { ok: true, exemption: { rule, expires, approver, reason } };
}

export function isExpired(e: Exemption, on: string = today()): boolean {
    return e.expires < on;
}

/** Annotations (Kubernetes) or tags (AWS) that may carry exemptions; anything else carries none. */
function markers(type: string, props: Record<string, any>): { prefix: string; entries: Record<string, unknown> } | undefined {
    if (type.startsWith("kubernetes:")) {
        const a = known(() => props.metadata?.annotations);
        return a && a !== UNKNOWN && typeof a === "object" ? { prefix: K8S_EXEMPTION_PREFIX, entries: a } : undefined;
    }
    if (type.startsWith("aws:")) {
        const t = known(() => props.tags);
        return t && t !== UNKNOWN && typeof t === "object" ? { prefix: AWS_EXEMPTION_PREFIX, entries: t } : undefined;
    }
    return undefined;
}

/** Every exemption marker on the resource, parsed. Unknown values are skipped: they cannot suppress anything. */
export function exemptionsOf(type: string, props: Record<string, any>): ParsedExemption[] {
    const m = markers(type, props);
    if (!m) return [];
    const out: ParsedExemption[] = [];
    for (const key of Object.keys(m.entries)) {
        if (!key.startsWith(m.prefix)) continue;
        const value = known(() => m.entries[key]);
        if (value === UNKNOWN) continue;
        const rule = key.slice(m.prefix.length);
        out.push(typeof value === "string" ? parseExemption(rule, value) : { ok: false, rule, problem: "value must be a string" });
    }
    return out;
}

/** true when a valid, unexpired exemption for `rule` is present. Invalid ones never suppress. */
export function isExempt(rule: string, type: string, props: Record<string, any>): boolean {
    return exemptionsOf(type, props).some((p) => p.ok && p.exemption.rule === rule && !isExpired(p.exemption));
}
