/**
 * Where a pod connects, read from the settings the stack hands it: the values of the Secret keys its env and
 * envFrom refer to (connection URLs, `host` + `port` keys) and the ConfigMaps it mounts (`host=... port=...` in
 * pgbouncer.ini, `host:port` server lines of a proxy config). The apps' own env carries no plain host, and their
 * DATABASE_URL / REDIS_URL are opaque to the pod spec, so this reads what the stack really renders: the Secret
 * (Kubernetes backend, or the seed Secret a Vault backend syncs from), or the secrets-manager value an
 * ExternalSecret extracts (aws:secretsmanager SecretVersion of the Secret whose name is the remote key).
 * Loopback hosts (sidecars, the pod itself) are no network flow and are left out.
 */
import type { ModelWorkload, StackModel } from "./model";

export interface Connection {
    host: string;
    port: number;
    /** What carries the setting, for reports: "DATABASE_URL (Secret api/db-app key url)". */
    via: string;
}

const DEFAULT_PORTS: Record<string, number> = { postgres: 5432, postgresql: 5432, redis: 6379, rediss: 6379, http: 80, https: 443 };
const URL_RE = /^([a-z][a-z0-9+.-]*):\/\/(?:[^@/\s]*@)?([A-Za-z0-9.-]+)(?::(\d+))?/;
const LOOPBACK = /^(127\.|localhost$|0\.0\.0\.0$)/;

function decoded(value: string): string {
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value) || value.length % 4 !== 0) return value;
    const text = Buffer.from(value, "base64").toString("utf8");
    return /^[\x20-\x7e\t\n\r]*$/.test(text) ? text : value;
}

/** Plain key -> value of a Secret of the stack, from wherever its content is visible; undefined when opaque. */
export function secretData(model: StackModel, namespace: string, name: string): Record<string, string> | undefined {
    const secret = model.objects.find((o) => o.kind === "Secret" && o.namespace === namespace && o.name === name);
    if (secret) {
        const data: Record<string, string> = {};
        for (const [k, v] of Object.entries(secret.props.data ?? {})) if (typeof v === "string") data[k] = decoded(v);
        for (const [k, v] of Object.entries(secret.props.stringData ?? {})) if (typeof v === "string") data[k] = v;
        return data;
    }
    const es = model.objects.find(
        (o) => o.kind === "ExternalSecret" && o.namespace === namespace && (o.props.spec?.target?.name ?? o.name) === name,
    );
    if (!es) return undefined;
    const keys = [
        ...(es.props.spec?.dataFrom ?? []).map((d: any) => d.extract?.key),
        ...(es.props.spec?.data ?? []).map((d: any) => d.remoteRef?.key),
    ].filter((k): k is string => typeof k === "string");
    const data: Record<string, string> = {};
    for (const key of keys) Object.assign(data, managedSecretValue(model, key) ?? {});
    return Object.keys(data).length > 0 ? data : undefined;
}

/** The JSON value of the AWS Secrets Manager secret named `key`, when its SecretVersion is in the stack. */
function managedSecretValue(model: StackModel, key: string): Record<string, string> | undefined {
    const secret = model.resources.find((r) => r.type === "aws:secretsmanager/secret:Secret" && r.props?.name === key);
    if (!secret) return undefined;
    // secretId is the secret's ARN (its id); under mocks the id is the resource name plus a suffix.
    const version = model.resources.find(
        (r) =>
            r.type === "aws:secretsmanager/secretVersion:SecretVersion" &&
            typeof r.props?.secretId === "string" &&
            (r.props.secretId === secret.props?.arn || r.props.secretId.startsWith(`${secret.name}-`)),
    );
    try {
        const value = JSON.parse(String(version?.props?.secretString ?? ""));
        return value && typeof value === "object" ? value : undefined;
    } catch {
        return undefined;
    }
}

/** Host and port of one setting value: a URL, or a bare host whose port sits under a `port` key beside it. */
function parseValue(value: string, portBeside: string | undefined): { host: string; port: number } | undefined {
    const url = URL_RE.exec(value);
    if (url) {
        const port = url[3] ? Number(url[3]) : DEFAULT_PORTS[url[1]];
        return port ? { host: url[2], port } : undefined;
    }
    if (/^[A-Za-z0-9.-]+$/.test(value) && /[a-z]/i.test(value) && portBeside && /^\d+$/.test(portBeside))
        return { host: value, port: Number(portBeside) };
    return undefined;
}

function fromSecretKey(model: StackModel, w: ModelWorkload, secret: string, key: string | undefined, label: string): Connection[] {
    const data = secretData(model, w.namespace, secret);
    if (!data) return [];
    const out: Connection[] = [];
    for (const [k, v] of Object.entries(data)) {
        if (key !== undefined && k !== key) continue;
        if (key === undefined && k !== "url" && k !== "host") continue;
        const parsed = parseValue(v, k === "host" ? data.port : undefined);
        if (parsed) out.push({ ...parsed, via: `${label} (Secret ${w.namespace}/${secret} key ${k})` });
    }
    return out;
}

/** `host=X port=N` (libpq / pgbouncer.ini) and `X.svc...:N` (proxy server lines) in a mounted ConfigMap. */
function fromConfigText(text: string, via: string): Connection[] {
    const out: Connection[] = [];
    for (const m of text.matchAll(/host=([A-Za-z0-9.-]+)\s+port=(\d+)/g)) out.push({ host: m[1], port: Number(m[2]), via });
    for (const m of text.matchAll(/([A-Za-z0-9.-]+\.svc(?:\.cluster\.local)?):(\d+)/g)) out.push({ host: m[1], port: Number(m[2]), via });
    return out;
}

/** Every connection the pod's settings name (duplicates removed, loopback left out). */
export function connectionsOf(model: StackModel, w: ModelWorkload): Connection[] {
    const spec = w.podSpec ?? {};
    const found: Connection[] = [];
    for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
        for (const e of c.env ?? []) {
            const ref = e.valueFrom?.secretKeyRef;
            if (ref?.name) found.push(...fromSecretKey(model, w, ref.name, ref.key, e.name));
        }
        for (const e of c.envFrom ?? [])
            if (e.secretRef?.name) found.push(...fromSecretKey(model, w, e.secretRef.name, undefined, "envFrom"));
    }
    for (const v of spec.volumes ?? []) {
        const name = v.configMap?.name;
        const cm = name ? model.objects.find((o) => o.kind === "ConfigMap" && o.namespace === w.namespace && o.name === name) : undefined;
        for (const [k, text] of Object.entries(cm?.props.data ?? {}))
            if (typeof text === "string") found.push(...fromConfigText(text, `ConfigMap ${w.namespace}/${name} key ${k}`));
    }
    const seen = new Set<string>();
    return found.filter((c) => {
        const key = `${c.host}:${c.port}`;
        if (LOOPBACK.test(c.host) || seen.has(key)) return false;
        seen.add(key);
        return true;
    });
}
