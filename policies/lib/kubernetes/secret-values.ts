/**
 * Credential formats recognisable from the value alone, whatever the key or variable is called. Each pattern is a
 * published, prefix- or structure-anchored format, so ordinary settings (URLs, hostnames, hashes, certificates) do
 * not match; a public certificate (`BEGIN CERTIFICATE`) is not a secret and is not flagged.
 */
const FORMATS: { name: string; pattern: RegExp }[] = [
    { name: "a PEM private key", pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/ },
    { name: "an AWS access key id", pattern: /\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b/ },
    { name: "a GitHub token", pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\b/ },
    { name: "a GitLab token", pattern: /\bglpat-[A-Za-z0-9_-]{20,}/ },
    { name: "a Slack token", pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/ },
    { name: "a Slack webhook URL", pattern: /https:\/\/hooks\.slack\.com\/services\/T[A-Za-z0-9]+\/B[A-Za-z0-9]+\/[A-Za-z0-9]+/ },
    { name: "a Stripe secret key", pattern: /\b[sr]k_live_[A-Za-z0-9]{16,}/ },
    { name: "an Anthropic or OpenAI API key", pattern: /\bsk-(?:ant-|proj-)?[A-Za-z0-9_-]{32,}/ },
    { name: "a Google API key", pattern: /\bAIza[0-9A-Za-z_-]{35}\b/ },
    { name: "a Google service account key", pattern: /"type"\s*:\s*"service_account"/ },
    { name: "an npm token", pattern: /\bnpm_[A-Za-z0-9]{36}\b/ },
    { name: "a PyPI token", pattern: /\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{20,}/ },
    { name: "a SendGrid API key", pattern: /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b/ },
    { name: "a HashiCorp Vault token", pattern: /\bhv[sbr]\.[A-Za-z0-9_-]{24,}/ },
    { name: "a Hugging Face token", pattern: /\bhf_[A-Za-z0-9]{34,}\b/ },
    { name: "a DigitalOcean token", pattern: /\bdo[por]_v1_[a-f0-9]{64}\b/ },
    { name: "an Azure storage account key", pattern: /AccountKey=[A-Za-z0-9+/=]{40,}/ },
    { name: "a JSON Web Token", pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/ },
];

/** `scheme://user:password@host` in any value is a credential whatever the name. */
const URL_WITH_PASSWORD = /\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]*:[^\s/@]+@/i;

/** What credential a value holds ("a PEM private key", ...), or undefined when it matches no known format. */
export function credentialFormatOf(value: unknown): string | undefined {
    if (typeof value !== "string" || value === "") return undefined;
    if (URL_WITH_PASSWORD.test(value)) return "a URL with a password";
    return FORMATS.find((f) => f.pattern.test(value))?.name;
}
