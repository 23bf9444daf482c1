/**
 * A name is secret-looking when its last token names a credential (DB_PASSWORD, API_KEY, SENTRY_DSN), or any
 * token is unambiguous (SECRET_KEY_BASE), or it is a key's material (OCI_CLI_KEY_CONTENT, CLIENT_KEY_DATA). Only the
 * last token counts for KEY/TOKEN so that settings such as TOKEN_TTL_SECONDS or CACHE_KEY_PREFIX are not flagged.
 */
const LAST_TOKENS = new Set(["PASSWORD", "PASSWD", "PASS", "PWD", "SECRET", "TOKEN", "KEY", "APIKEY", "DSN", "CREDENTIAL", "CREDENTIALS"]);
const ANY_TOKENS = new Set(["PASSWORD", "PASSWD", "SECRET", "PRIVATEKEY"]);
/** KEY followed by one of these last tokens is the key itself, not a setting about keys. */
const KEY_MATERIAL = new Set(["CONTENT", "CONTENTS", "DATA", "PEM", "B64", "BASE64", "MATERIAL"]);
const KEY_TOKENS = new Set(["KEY", "APIKEY", "PRIVATEKEY"]);
/** Connection strings that embed credentials by convention. */
const SECRET_SUFFIXES = ["DATABASE_URL", "REDIS_URL", "POSTGRES_URL", "POSTGRESQL_URL", "MONGODB_URI", "AMQP_URL"];

/**
 * Variables that tools read credentials from under names the token heuristic cannot recognise. Exact names,
 * compared after upper-casing and turning `.`/`-` into `_`.
 */
export const KNOWN_SECRET_NAMES = new Set([
    "OCI_CLI_KEY_CONTENT",
    "PGPASSWORD",
    "PGPASSFILE_CONTENT",
    "REDISCLI_AUTH",
    "MYSQL_PWD",
    "MONGO_INITDB_ROOT_PASSWORD",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AZURE_CLIENT_SECRET",
    "ARM_CLIENT_SECRET",
    "ARM_ACCESS_KEY",
    "AZURE_STORAGE_CONNECTION_STRING",
    "AZURE_STORAGE_KEY",
    "AZURE_STORAGE_SAS_TOKEN",
    "GOOGLE_CREDENTIALS",
    "GOOGLE_APPLICATION_CREDENTIALS_JSON",
    "GCP_SERVICE_ACCOUNT_KEY",
    "CLOUDSDK_AUTH_ACCESS_TOKEN",
    "DIGITALOCEAN_ACCESS_TOKEN",
    "HCLOUD_TOKEN",
    "LINODE_TOKEN",
    "VAULT_TOKEN",
    "CONSUL_HTTP_TOKEN",
    "NOMAD_TOKEN",
    "GITHUB_TOKEN",
    "GH_TOKEN",
    "GITLAB_TOKEN",
    "CI_JOB_TOKEN",
    "NPM_TOKEN",
    "NODE_AUTH_TOKEN",
    "NPM_CONFIG__AUTH",
    "NPM_CONFIG__AUTHTOKEN",
    "TWINE_PASSWORD",
    "DOCKER_AUTH_CONFIG",
    "DOCKER_PASSWORD",
    "REGISTRY_AUTH",
    "SLACK_WEBHOOK_URL",
    "DISCORD_WEBHOOK_URL",
    "TEAMS_WEBHOOK_URL",
    "PAGERDUTY_ROUTING_KEY",
    "PAGERDUTY_INTEGRATION_KEY",
    "SENTRY_AUTH_TOKEN",
    "DD_API_KEY",
    "DD_APP_KEY",
    "DATADOG_API_KEY",
    "NEW_RELIC_LICENSE_KEY",
    "HONEYCOMB_API_KEY",
    "TWILIO_AUTH_TOKEN",
    "SENDGRID_API_KEY",
    "STRIPE_SECRET_KEY",
    "OPENAI_API_KEY",
    "ANTHROPIC_API_KEY",
    "HF_TOKEN",
    "HUGGING_FACE_HUB_TOKEN",
    "KUBECONFIG_DATA",
    "SSH_AUTH",
    "JWT_SIGNING_KEY",
    "COOKIE_SECRET",
]);

export function tokens(name: string): string[] {
    return name
        .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
        .toUpperCase()
        .split(/[_.-]+/)
        .filter(Boolean);
}

export function isSecretName(name: string): boolean {
    const upper = name.toUpperCase().replace(/[.-]/g, "_");
    const t = tokens(name);
    const last = t[t.length - 1] ?? "";
    return (
        KNOWN_SECRET_NAMES.has(upper) ||
        LAST_TOKENS.has(last) ||
        t.some((x) => ANY_TOKENS.has(x)) ||
        (KEY_MATERIAL.has(last) && t.slice(0, -1).some((x) => KEY_TOKENS.has(x))) ||
        SECRET_SUFFIXES.some((s) => upper.endsWith(s))
    );
}
