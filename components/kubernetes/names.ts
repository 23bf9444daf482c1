import { createHash } from "crypto";

/**
 * Kubernetes name and label syntax (apimachinery's validation), and the one way the stack fits a derived name or
 * label value into it: names built from user-chosen parts (secret names, service names) can outgrow the limits.
 */
export const MAX_LABEL_VALUE = 63;

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

export function isDns1123Label(value: string): boolean {
    return DNS1123_LABEL.test(value);
}

export function isDns1123Subdomain(value: string): boolean {
    return value.length <= 253 && DNS1123_SUBDOMAIN.test(value) && value.split(".").every((part) => part.length <= 63);
}

export function isLabelValue(value: string): boolean {
    return LABEL_VALUE.test(value);
}

/** `[prefix/]name`: prefix a DNS subdomain, name up to 63 characters. */
export function isLabelKey(key: string): boolean {
    const slash = key.lastIndexOf("/");
    const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
    return LABEL_NAME.test(key.slice(slash + 1)) && (prefix === undefined || isDns1123Subdomain(prefix));
}

/**
 * `value` when it fits in `max` characters, else its readable head plus "-" and 10 hex characters of its SHA-256, so
 * distinct long values stay distinct. Valid DNS-1123 labels stay valid; so do label values. Applied where an object
 * name is copied into a label (a Job's name becomes its pods' `job-name` label) or a label carries a long name.
 */
export function fitName(value: string, max: number = MAX_LABEL_VALUE): string {
    if (value.length <= max) return value;
    const hash = createHash("sha256").update(value).digest("hex").slice(0, 10);
    const head = value.slice(0, max - hash.length - 1).replace(/[^A-Za-z0-9]+$/, "");
    return `${head}-${hash}`;
}
