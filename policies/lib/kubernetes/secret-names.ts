/**
 * A name is secret-looking when its last token names a credential (DB_PASSWORD, API_KEY, SENTRY_DSN), or any
 * token is unambiguous (SECRET_KEY_BASE). Only the last token counts for KEY/TOKEN so that settings such as
 * TOKEN_TTL_SECONDS or CACHE_KEY_PREFIX are not flagged.
 */
const LAST_TOKENS = new Set(["PASSWORD", "PASSWD", "PASS", "PWD", "SECRET", "TOKEN", "KEY", "APIKEY", "DSN", "CREDENTIAL", "CREDENTIALS"]);
const ANY_TOKENS = new Set(["PASSWORD", "PASSWD", "SECRET", "PRIVATEKEY"]);
/** Connection strings that embed credentials by convention. */
const SECRET_SUFFIXES = ["DATABASE_URL", "REDIS_URL", "POSTGRES_URL", "POSTGRESQL_URL", "MONGODB_URI", "AMQP_URL"];
/** `scheme://user:password@host` in any value is a credential whatever the name. */
const URL_WITH_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^\s/:@]*:[^\s/@]+@/i;

export function tokens(name: string): string[] {
    return name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase().split(/[_.-]+/).filter(Boolean);
}

export function isSecretName(name: string): boolean {
    const upper = name.toUpperCase().replace(/[.-]/g, "_");
    const t = tokens(name);
    return LAST_TOKENS.has(t[t.length - 1] ?? "") || t.some((x) => ANY_TOKENS.has(x)) || SECRET_SUFFIXES.some((s) => upper.endsWith(s));
}

export function looksLikeSecret(name: string, value: unknown): boolean {
    if (typeof value !== "string" || value === "") return false;
    return isSecretName(name) || URL_WITH_PASSWORD.test(value);
}
