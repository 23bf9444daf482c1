/**
 * Secret detection by value and by name: each credential format is caught under a neutral name, each known secret
 * variable is caught whatever its value looks like, and the settings that merely mention keys or tokens are not.
 */
import * as assert from "assert";
import { isSecretName, KNOWN_SECRET_NAMES } from "../../policies/lib/kubernetes/secret-names";
import { credentialFormatOf } from "../../policies/lib/kubernetes/secret-values";
import { K } from "../../policies/lib/kubernetes/types";
import { credentialIn } from "../../policies/rules/kubernetes/secrets";
import { check, goodStack, violationsOf } from "./support/check";
import { byName } from "./support/recorded";

// Built from parts so no scanner mistakes this file for a leak; none of these is a live credential.
const PEM = (label: string) => `-----BEGIN ${label}-----\nMIIBOgIBAAJBAK${"x".repeat(60)}\n-----END ${label}-----\n`;
const r = (n: number, alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") =>
    Array.from({ length: n }, (_, i) => alphabet[(i * 7 + 3) % alphabet.length]).join("");

const CREDENTIALS: [string, string][] = [
    ["a PEM private key", PEM("PRIVATE KEY")],
    ["a PEM private key", PEM("RSA PRIVATE KEY")],
    ["a PEM private key", PEM("EC PRIVATE KEY")],
    ["a PEM private key", PEM("OPENSSH PRIVATE KEY")],
    ["a PEM private key", PEM("ENCRYPTED PRIVATE KEY")],
    ["a PEM private key", PEM("PGP PRIVATE KEY BLOCK")],
    ["a PEM private key", `{"type": "x", "key": "${PEM("PRIVATE KEY").replace(/\n/g, "\\n")}"}`],
    ["an AWS access key id", `AKIA${r(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")}`],
    ["an AWS access key id", `ASIA${r(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")}`],
    ["a GitHub token", `ghp_${r(36)}`],
    ["a GitHub token", `github_pat_${r(22)}_${r(59)}`],
    ["a GitLab token", `glpat-${r(20)}`],
    ["a Slack token", `xoxb-${r(12, "0123456789")}-${r(24)}`],
    ["a Slack webhook URL", `https://hooks.slack.com/services/T${r(8)}/B${r(8)}/${r(24)}`],
    ["a Stripe secret key", `sk_live_${r(24)}`],
    ["an Anthropic or OpenAI API key", `sk-ant-api03-${r(40)}`],
    ["an Anthropic or OpenAI API key", `sk-proj-${r(40)}`],
    ["a Google API key", `AIza${r(35)}`],
    ["a Google service account key", `{ "type": "service_account", "project_id": "p" }`],
    ["an npm token", `npm_${r(36)}`],
    ["a HashiCorp Vault token", `hvs.${r(24)}`],
    ["a Hugging Face token", `hf_${r(34)}`],
    ["an Azure storage account key", `DefaultEndpointsProtocol=https;AccountName=a;AccountKey=${r(86)}==`],
    ["a JSON Web Token", `eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.${r(43)}`],
    ["a URL with a password", "postgres://app:s3cret@db.internal:5432/app"],
    ["a URL with a password", "upstream: amqp://guest:guest@rabbit:5672/"],
];

const NOT_CREDENTIALS = [
    PEM("CERTIFICATE"),
    PEM("PUBLIC KEY"),
    "https://shop.example.com",
    "postgres://db.internal:5432/app",
    "redis://redis:6379/0",
    "info",
    "3600",
    "shop:",
    "sha256:" + "a".repeat(64),
    "ghcr.io/example/api:1.4.2",
    "sk-short",
    "AKIA-not-a-key",
    "eyJhbGciOiJIUzI1NiJ9",
    "service_account",
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI user@host",
];

describe("secret detection: credential formats in values", () => {
    for (const [format, value] of CREDENTIALS) {
        it(`finds ${format} in ${JSON.stringify(value.slice(0, 24))}…`, () => assert.strictEqual(credentialFormatOf(value), format));
    }
    for (const value of NOT_CREDENTIALS) {
        it(`leaves ${JSON.stringify(value.slice(0, 32))} alone`, () => assert.strictEqual(credentialFormatOf(value), undefined));
    }
});

describe("secret detection: names", () => {
    it("every known secret name is a secret name, OCI_CLI_KEY_CONTENT included", () => {
        assert.ok(KNOWN_SECRET_NAMES.has("OCI_CLI_KEY_CONTENT"));
        assert.deepStrictEqual(
            [...KNOWN_SECRET_NAMES].filter((n) => !isSecretName(n)),
            [],
        );
    });
    for (const name of [
        "OCI_CLI_KEY_CONTENT",
        "oci-cli-key-content",
        "PGPASSWORD",
        "REDISCLI_AUTH",
        "SLACK_WEBHOOK_URL",
        "AZURE_STORAGE_CONNECTION_STRING",
        "CLIENT_KEY_DATA",
        "SIGNING_KEY_PEM",
        "tlsPrivateKeyBase64",
        "DB_PASSWORD",
        "API_KEY",
        "SENTRY_DSN",
        "SECRET_KEY_BASE",
        "DATABASE_URL",
    ]) {
        it(`${name} is a secret name`, () => assert.ok(isSecretName(name)));
    }
    for (const name of [
        "TOKEN_TTL_SECONDS",
        "CACHE_KEY_PREFIX",
        "KEY_ROTATION_DAYS",
        "LOG_LEVEL",
        "PUBLIC_URL",
        "MONKEY_DATA",
        "DATA_CONTENT",
        "OCI_CLI_KEY_FILE",
    ]) {
        it(`${name} is not a secret name`, () => assert.ok(!isSecretName(name)));
    }
    it("a secret name with an empty value is not a literal credential", () =>
        assert.strictEqual(credentialIn("DB_PASSWORD", ""), undefined));
});

describe("secret detection in the pack", () => {
    it("a PEM private key in an env value under a neutral name is reported with the format and a fix line", async () => {
        const all = goodStack();
        const d = byName(all, "api", K.Deployment);
        d.inputs.spec.template.spec.containers[0].env.push({ name: "TLS_MATERIAL", value: PEM("PRIVATE KEY") });
        const vs = violationsOf(await check(all), "k8s-no-literal-secrets-in-env");
        assert.strictEqual(vs.length, 1);
        assert.match(vs[0].message, /TLS_MATERIAL.*a PEM private key\.\nfix: .*secretKeyRef/);
    });
    it("a credential-format value passed by secretKeyRef is not reported (only literals are)", async () => {
        const all = goodStack();
        byName(all, "api", K.Deployment).inputs.spec.template.spec.containers[0].env.push({
            name: "OCI_CLI_KEY_CONTENT",
            valueFrom: { secretKeyRef: { name: "oci", key: "key" } },
        });
        assert.deepStrictEqual(violationsOf(await check(all), "k8s-no-literal-secrets-in-env"), []);
    });
});
