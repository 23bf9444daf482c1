/**
 * The PostgreSQL extensions a database config asks for, and the one SQL statement list that creates them. Pure: the
 * RDS post-provision Job runs `extensionsSql` through psql, tests/scripts runs the same text against a real server.
 *
 * Both the resource that creates the extensions and the database resource carry `prod-stack.io/extensions: <a,b>`
 * (EXTENSIONS_MARKER) so the contracts verifier can prove every extension asked for is created somewhere. On
 * Kubernetes objects it is an annotation: a label value cannot hold a comma.
 */
import { StackContext } from "../contracts";

type DatabaseConfig = NonNullable<StackContext["config"]["database"]>;

export const EXTENSIONS_MARKER = "prod-stack.io/extensions";
/** Label of the resource that creates a database's extensions (RDS Job, init-script ConfigMap): the database id. */
export const EXTENSIONS_CREATOR_LABEL = "prod-stack.io/extensions-of";

/** Labels and annotations of the resource that creates `extensions` in database `databaseId`. */
export function extensionsCreator(
    databaseId: string,
    extensions: string[],
): { labels: Record<string, string>; annotations?: Record<string, string> } {
    return { labels: { [EXTENSIONS_CREATOR_LABEL]: databaseId }, annotations: extensionsAnnotation(extensions) };
}

/** Extensions the config asks for, in config order, no duplicates: Patroni's `timescaledb` flag first. */
export function requestedExtensions(db: DatabaseConfig): string[] {
    const asked = db.kind === "patroni" ? [...(db.timescaledb ? ["timescaledb"] : []), ...db.extensions] : db.extensions;
    return asked.filter((e, i) => asked.indexOf(e) === i);
}

/** The marker's value: the extensions, comma-separated. */
export function extensionsMarkerValue(extensions: readonly string[]): string {
    return extensions.join(",");
}

/** The marker as Kubernetes annotations; none when nothing is asked for. */
export function extensionsAnnotation(extensions: readonly string[]): Record<string, string> | undefined {
    return extensions.length > 0 ? { [EXTENSIONS_MARKER]: extensionsMarkerValue(extensions) } : undefined;
}

/** AWS tag values may not contain commas: the same list, space-separated. */
export function extensionsTagValue(extensions: string[]): string {
    return extensions.join(" ");
}

/**
 * Idempotent DDL for the extensions, in one psql -c string (one implicit transaction: all or none). Names are quoted
 * identifiers; config validation already limits them to known extension names.
 */
export function extensionsSql(extensions: readonly string[]): string {
    return extensions.map((e) => `CREATE EXTENSION IF NOT EXISTS "${e.replace(/"/g, '""')}";`).join(" ");
}

/** The Job's command: the SQL comes in $EXTENSIONS_SQL, psql stops at the first error and exits non-zero. */
export const EXTENSIONS_PSQL = 'exec psql -X -v ON_ERROR_STOP=1 -c "$EXTENSIONS_SQL"';
