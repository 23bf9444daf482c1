/**
 * Kubernetes quantities, parsed in one place: the config schema validates with these patterns and every layer that
 * converts a size (Postgres settings, Redis maxmemory, Prometheus retention, quotas, header limits) parses with these
 * functions, so a unit accepted by config is a unit every consumer understands.
 */

/** Binary byte units the stack accepts, with their size in bytes. */
export const BYTE_UNITS = { Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4 } as const;
export type ByteUnit = keyof typeof BYTE_UNITS;

/** Kubernetes memory/storage quantity: `512Mi`, `2Gi`. */
export const BYTE_QUANTITY = /^([0-9]+)(Ki|Mi|Gi|Ti)$/;

/** Kubernetes CPU quantity: `500m`, `1`, `2.5`. */
export const CPU_QUANTITY = /^([0-9]+m|[0-9]+(\.[0-9]+)?)$/;

/** Splits a byte quantity into its count and unit; throws naming the value when it is not one. */
export function parseByteQuantity(quantity: string): { count: number; unit: ByteUnit } {
    const match = BYTE_QUANTITY.exec(quantity);
    if (!match) throw new Error(`not a byte quantity (expected e.g. 512Mi or 20Gi): ${quantity}`);
    return { count: Number(match[1]), unit: match[2] as ByteUnit };
}

/** A byte quantity in bytes. */
export function toBytes(quantity: string): number {
    const { count, unit } = parseByteQuantity(quantity);
    return count * BYTE_UNITS[unit];
}

/** A byte quantity in MiB, for size-derived defaults and budget checks. */
export function toMebibytes(quantity: string): number {
    return toBytes(quantity) / BYTE_UNITS.Mi;
}

/** A CPU quantity in millicores. */
export function toMillicores(quantity: string): number {
    return quantity.endsWith("m") ? Number(quantity.slice(0, -1)) : Math.round(Number(quantity) * 1000);
}
