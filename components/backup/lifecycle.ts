/**
 * S3 lifecycle rules for the backup bucket, on the key prefixes the scripts write (daily/, weekly/, monthly/; see
 * scripts/lib/layout.sh). retention.sh is the primary retention (it keeps the newest N periods that have backups and
 * never deletes the latest one); these rules are the backstop and expire each tier one period after the script would
 * have, so they only act when the retention step has stopped running. Noncurrent versions (versioning is on) are kept
 * 7 days so a wrong delete can be undone; incomplete multipart uploads are aborted after a day. latest/ never expires.
 */
import * as aws from "@pulumi/aws";

export interface RetentionCounts {
    daily: number;
    weekly: number;
    monthly: number;
}

/** Days of one period of each tier (a month counted as 31 days, so expiry is never early). */
export const TIER_PERIOD_DAYS = { daily: 1, weekly: 7, monthly: 31 } as const;
/** Days deleted or overwritten backups stay recoverable as noncurrent versions. */
export const NONCURRENT_DAYS = 7;

/** Age in days at which objects of a tier expire: (kept periods + 1) periods, plus a day of slack. */
export function tierExpiryDays(tier: keyof RetentionCounts, count: number): number {
    return (count + 1) * TIER_PERIOD_DAYS[tier] + 1;
}

export function lifecycleRules(retention: RetentionCounts): aws.types.input.s3.BucketLifecycleConfigurationRule[] {
    const tiers = (["daily", "weekly", "monthly"] as const).filter((tier) => retention[tier] > 0);
    return [
        ...tiers.map((tier) => ({
            id: `expire-${tier}`,
            status: "Enabled",
            filter: { prefix: `${tier}/` },
            expiration: { days: tierExpiryDays(tier, retention[tier]) },
            noncurrentVersionExpiration: { noncurrentDays: NONCURRENT_DAYS },
        })),
        {
            id: "housekeeping",
            status: "Enabled",
            filter: { prefix: "" },
            abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
            expiration: { expiredObjectDeleteMarker: true },
            noncurrentVersionExpiration: { noncurrentDays: NONCURRENT_DAYS },
        },
    ];
}
