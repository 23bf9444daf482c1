/** IPv4 CIDR arithmetic for NetworkPolicy ipBlocks (the stack's policies name IPv4 ranges only). */

function toInt(ip: string): number | undefined {
    const parts = ip.split(".");
    if (parts.length !== 4) return undefined;
    let n = 0;
    for (const p of parts) {
        if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
        n = n * 256 + Number(p);
    }
    return n;
}

/** Whether `ip` lies in `cidr` (a.b.c.d/len). Malformed input matches nothing, as the API server would reject it. */
export function inCidr(ip: string, cidr: string): boolean {
    const [base, lenText] = cidr.split("/");
    const len = Number(lenText ?? "32");
    const a = toInt(ip);
    const b = toInt(base);
    if (a === undefined || b === undefined || !Number.isInteger(len) || len < 0 || len > 32) return false;
    if (len === 0) return true;
    const mask = len === 32 ? 0xffffffff : (0xffffffff << (32 - len)) >>> 0;
    return (a & mask) >>> 0 === (b & mask) >>> 0;
}
