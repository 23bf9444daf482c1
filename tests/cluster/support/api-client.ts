/**
 * A minimal Kubernetes API client over HTTPS with the kubeconfig's client certificate: raw requests, discovery
 * (kind -> resource path), and server-side apply. Warnings come back as `Warning` headers and are returned too.
 */
import * as fs from "fs";
import * as https from "https";
import * as yaml from "yaml";

export interface ApiResponse {
    status: number;
    body: any;
    /** Texts of the `Warning: 299 - "..."` response headers. */
    warnings: string[];
}

interface ResourceInfo {
    /** e.g. `/apis/apps/v1` */
    base: string;
    plural: string;
    namespaced: boolean;
}

export class ApiClient {
    private readonly agent: https.Agent;
    private readonly url: URL;
    private readonly resources = new Map<string, ResourceInfo>();

    constructor(kubeconfig: string) {
        const config = yaml.parse(fs.readFileSync(kubeconfig, "utf8"));
        const cluster = config.clusters[0].cluster;
        const user = config.users[0].user;
        this.url = new URL(cluster.server);
        this.agent = new https.Agent({
            ca: fs.readFileSync(cluster["certificate-authority"]),
            cert: fs.readFileSync(user["client-certificate"]),
            key: fs.readFileSync(user["client-key"]),
            keepAlive: true,
            maxSockets: 8,
        });
    }

    request(method: string, path: string, body?: string, contentType = "application/json"): Promise<ApiResponse> {
        return new Promise((resolve, reject) => {
            const req = https.request(
                {
                    host: this.url.hostname,
                    port: this.url.port,
                    path,
                    method,
                    agent: this.agent,
                    headers: { Accept: "application/json", ...(body !== undefined ? { "Content-Type": contentType } : {}) },
                },
                (res) => {
                    let text = "";
                    res.on("data", (d: Buffer) => (text += d.toString()));
                    res.on("end", () => {
                        const header = res.headers.warning;
                        const warnings = (Array.isArray(header) ? header : header ? [header] : []).flatMap(splitWarnings);
                        let parsed: any = text;
                        try {
                            parsed = text ? JSON.parse(text) : undefined;
                        } catch {
                            // non-JSON bodies (e.g. /readyz) stay text
                        }
                        resolve({ status: res.statusCode ?? 0, body: parsed, warnings });
                    });
                },
            );
            req.on("error", reject);
            if (body !== undefined) req.write(body);
            req.end();
        });
    }

    /** Resource path of an object (`name` omitted: the collection). Discovers the API group on first use. */
    async pathOf(apiVersion: string, kind: string, namespace: string | undefined, name?: string): Promise<string> {
        const info = await this.resourceInfo(apiVersion, kind);
        const ns = info.namespaced ? `/namespaces/${encodeURIComponent(namespace ?? "default")}` : "";
        return `${info.base}${ns}/${info.plural}${name !== undefined ? `/${encodeURIComponent(name)}` : ""}`;
    }

    async resourceInfo(apiVersion: string, kind: string): Promise<ResourceInfo> {
        const key = `${apiVersion}/${kind}`;
        if (!this.resources.has(key)) {
            const base = apiVersion.includes("/") ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
            const res = await this.request("GET", base);
            if (res.status !== 200) throw new Error(`discovery of ${apiVersion} failed (${res.status}): is its CRD installed?`);
            for (const r of res.body.resources as { name: string; kind: string; namespaced: boolean }[]) {
                if (!r.name.includes("/"))
                    this.resources.set(`${apiVersion}/${r.kind}`, { base, plural: r.name, namespaced: r.namespaced });
            }
        }
        const info = this.resources.get(key);
        if (!info) throw new Error(`the API server serves no kind ${kind} in ${apiVersion}`);
        return info;
    }

    /**
     * Server-side apply of one object given as YAML text (what a YAML reader such as kubectl would send), with strict
     * field validation; `dryRun` validates and admits without persisting.
     */
    async apply(manifest: Record<string, any>, text: string, options: { dryRun: boolean }): Promise<ApiResponse> {
        const path = await this.pathOf(manifest.apiVersion, manifest.kind, manifest.metadata.namespace, manifest.metadata.name);
        const query = `fieldManager=prod-stack-tests&force=true&fieldValidation=Strict${options.dryRun ? "&dryRun=All" : ""}`;
        return this.request("PATCH", `${path}?${query}`, text, "application/apply-patch+yaml");
    }
}

/** `299 - "text"` (several may share one header, comma-separated). */
function splitWarnings(header: string): string[] {
    return [...header.matchAll(/\d{3} \S+ "((?:[^"\\]|\\.)*)"/g)].map((m) => m[1].replace(/\\(.)/g, "$1"));
}

/** Runs `fn` over `items` with at most `limit` in flight. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
    const results: R[] = new Array(items.length);
    let next = 0;
    const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
        while (next < items.length) {
            const i = next++;
            results[i] = await fn(items[i]);
        }
    });
    await Promise.all(workers);
    return results;
}
