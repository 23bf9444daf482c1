import type { PolicyResource } from "@pulumi/policy";
import { A } from "../../aws/types";
import { annotationsOf, labelsOf } from "../../kubernetes/objects";
import { K } from "../../kubernetes/types";
import { withFix } from "../../message";
import { known, UNKNOWN } from "../../preview";
import { DATABASE_KEY } from "../../../rules/stack/backups";
import { Contract, Finding, plain } from "./finding";

/**
 * How a stack tells the pack which PostgreSQL extensions a database needs (the pack sees no config): the database
 * resource carries `prod-stack.io/extensions` (RDS tag; annotation on the `postgresql` CR or Postgres StatefulSet), the
 * extension names separated by spaces (AWS tag values allow no commas), empty when none.
 */
export const EXTENSIONS_KEY = "prod-stack.io/extensions";
/**
 * A Job that creates extensions (or the init-script ConfigMap a plain PostgreSQL image runs on its empty data directory)
 * labels itself `prod-stack.io/extensions-of: <database id>` and lists what it creates in its `prod-stack.io/extensions`
 * annotation.
 */
export const EXTENSIONS_OF_LABEL = "prod-stack.io/extensions-of";

export const parseExtensions = (value: string): string[] => value.split(/[\s,]+/).filter((e) => e.length > 0);

interface Database {
    resource: PolicyResource;
    id: string;
    /** undefined: the resource declares nothing. */
    declared: string[] | undefined;
    /** Extensions the resource itself creates (the Zalando operator's preparedDatabases[].extensions). */
    created: string[];
}

/** Primary database resources: non-replica RDS instances, `postgresql` clusters and Postgres StatefulSets with an id. */
function databaseOf(r: PolicyResource): Database | undefined | typeof UNKNOWN {
    if (r.type === A.RdsInstance) {
        const read = plain(() => ({ replica: r.props.replicateSourceDb as unknown, tags: (r.props.tags ?? {}) as Record<string, string> }));
        if (read === UNKNOWN) return UNKNOWN;
        const id = read.tags[DATABASE_KEY];
        if (read.replica !== undefined || !id) return undefined;
        const declared = read.tags[EXTENSIONS_KEY];
        return { resource: r, id, declared: declared === undefined ? undefined : parseExtensions(declared), created: [] };
    }
    if (r.type !== K.Postgresql && r.type !== K.StatefulSet) return undefined;
    const meta = plain(() => ({ labels: { ...labelsOf(r.props) }, annotations: { ...annotationsOf(r.props) } }));
    if (meta === UNKNOWN) return UNKNOWN;
    const id = meta.labels[DATABASE_KEY];
    if (!id) return undefined;
    const declared = meta.annotations[EXTENSIONS_KEY];
    let created: string[] = [];
    if (r.type === K.Postgresql) {
        const prepared = plain(() => (r.props.spec?.preparedDatabases ?? {}) as Record<string, { extensions?: Record<string, string> }>);
        if (prepared === UNKNOWN) return UNKNOWN;
        created = Object.values(prepared).flatMap((db) => Object.keys(db?.extensions ?? {}));
    }
    return { resource: r, id, declared: declared === undefined ? undefined : parseExtensions(declared), created };
}

/** Extensions created by the stack's extension Jobs and init scripts, by database id; UNKNOWN while their labels are not known. */
function jobCreated(resources: PolicyResource[]): Map<string, Set<string>> | typeof UNKNOWN {
    const out = new Map<string, Set<string>>();
    for (const r of resources) {
        if (r.type !== K.Job && r.type !== K.ConfigMap) continue;
        const meta = known(() => ({ of: labelsOf(r.props)[EXTENSIONS_OF_LABEL], list: annotationsOf(r.props)[EXTENSIONS_KEY] }));
        if (meta === UNKNOWN) return UNKNOWN;
        if (!meta.of) continue;
        const set = out.get(meta.of) ?? new Set<string>();
        for (const e of parseExtensions(meta.list ?? "")) set.add(e);
        out.set(meta.of, set);
    }
    return out;
}

/**
 * Extensions a database needs are created by something in the stack: the postgres-operator (preparedDatabases
 * extensions of the same cluster) or a Job labelled as that database's extension step. An image that merely ships an
 * extension (Spilo bundles pgvector and TimescaleDB) creates nothing: `CREATE EXTENSION` must run in the app database.
 */
export const databaseExtensionsContract: Contract = (resources) => {
    const findings: Finding[] = [];
    const jobs = jobCreated(resources);
    for (const r of resources) {
        const db = databaseOf(r);
        if (db === UNKNOWN || !db) continue;
        const where = r.type === A.RdsInstance ? "tag" : "annotation";
        if (db.declared === undefined) {
            findings.push({
                resource: r,
                message: withFix(
                    `database ${db.id} does not declare the extensions it needs (${where} ${EXTENSIONS_KEY}), so nothing can show they are created.`,
                    `set the ${where} ${EXTENSIONS_KEY} to the space-separated extensions of the database config (empty when none).`,
                ),
            });
            continue;
        }
        if (jobs === UNKNOWN) continue;
        const created = new Set([...db.created, ...(jobs.get(db.id) ?? [])]);
        const missing = db.declared.filter((e) => !created.has(e));
        if (missing.length > 0)
            findings.push({
                resource: r,
                message: withFix(
                    `database ${db.id} needs extension(s) ${missing.join(", ")}, which nothing in the stack creates: the app's first query using them fails.`,
                    `add a Job labelled ${EXTENSIONS_OF_LABEL}: ${db.id} (annotated ${EXTENSIONS_KEY}: "${missing.join(" ")}") that runs CREATE EXTENSION IF NOT EXISTS, or list them under the cluster's spec.preparedDatabases.<db>.extensions.`,
                ),
            });
    }
    return findings;
};
