import { StackConfig } from "../config";
import { fitName } from "../kubernetes/names";

/** Kubernetes Secret names must be DNS subdomains; the same name is used in the backend. */
const SECRET_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

export function assertSecretName(name: string): string {
    if (!SECRET_NAME.test(name))
        throw new Error(`secret name "${name}" must be lower-case letters, digits, '-' and '.' (it names a Kubernetes Secret)`);
    return name;
}

/** Path prefix of every secret of the stack in the backend: `secrets.prefix` or "<appName>/<environment>". */
export function secretPrefix(config: StackConfig): string {
    const secrets = config.secrets;
    if (secrets.backend === "aws-secrets-manager" && secrets.prefix) return secrets.prefix.replace(/\/+$/, "");
    return `${config.appName}/${config.environment}`;
}

/** Full name of a secret in the backend: `<prefix>/<name>`. */
export function backendPath(config: StackConfig, name: string): string {
    return `${secretPrefix(config)}/${assertSecretName(name)}`;
}

/** Name fragment usable in Pulumi resource names and AWS names (no slashes). */
export function slug(value: string): string {
    return value
        .replace(/[^a-zA-Z0-9-]+/g, "-")
        .replace(/^-+|-+$/g, "")
        .toLowerCase();
}

/** Label naming the Secret an object delivers; a secret name (up to 253 characters) is shortened to fit a label value. */
export function secretLabel(name: string): Record<string, string> {
    return { "prod-stack.io/secret": fitName(name) };
}
