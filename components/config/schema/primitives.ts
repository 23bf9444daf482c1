import { z } from "zod";
import { CRON_SCHEDULE } from "../../shared/cron";
import { BYTE_QUANTITY, CPU_QUANTITY } from "../../shared/quantities";

/** RFC 1123 label: what Kubernetes accepts for names of namespaces, services and containers. */
export const dnsLabel = z
    .string()
    .regex(
        /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/,
        "a DNS label: lower-case letters, digits and '-', starting with a letter, at most 63 characters",
    );

export const hostname = z
    .string()
    .regex(/^(\*\.)?([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, "a fully qualified host name such as api.example.com");

export const urlPath = z.string().regex(/^\/[A-Za-z0-9._~\-/]*$/, "an absolute URL path such as /health");

export const port = z.number().int().min(1).max(65535);

/** Kubernetes CPU quantity: `500m`, `1`, `2.5`. */
export const cpuQuantity = z.string().regex(CPU_QUANTITY, "a CPU quantity such as 250m or 1");

/** Kubernetes memory/storage quantity: `512Mi`, `2Gi`. */
export const byteQuantity = z.string().regex(BYTE_QUANTITY, "a size such as 512Mi or 20Gi");

/** Five-field cron expression as CronJob accepts it. */
export const cronSchedule = z.string().regex(CRON_SCHEDULE, 'a five-field cron schedule such as "0 2 * * *"');

/** Prometheus-style duration: `15d`, `12h`. */
export const promDuration = z.string().regex(/^[0-9]+(s|m|h|d|w|y)$/, "a duration such as 15d or 12h");

/** Environment variable name. */
export const envVarName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, "an upper-case environment variable name");

/** Names that only secrets have: such a variable must come from the secrets backend, never as a literal. */
export const SECRET_LOOKING_NAME =
    /(PASSWORD|PASSWD|SECRET|TOKEN|API_KEY|PRIVATE_KEY|ACCESS_KEY|_KEY$|^KEY$|DSN|DATABASE_URL|REDIS_URL|CREDENTIALS)/;
