/**
 * How often a five-field cron schedule fires at most, coarsely: enough to tell when a backup is overdue without a cron
 * library. A schedule restricted by day of month or month counts as monthly, by day of week as weekly, otherwise daily
 * (schedules firing several times a day are treated as daily, which only makes the overdue alert later, never false).
 */
const DAY = 86400;

export function scheduleIntervalSeconds(schedule: string): number {
    const fields = schedule.trim().split(/\s+/);
    if (fields.length !== 5) throw new Error(`"${schedule}" is not a five-field cron schedule`);
    const [, , dayOfMonth, month, dayOfWeek] = fields;
    if (dayOfMonth !== "*" || month !== "*") return 31 * DAY;
    if (dayOfWeek !== "*") return 7 * DAY;
    return DAY;
}

/**
 * Age after which the newest successful run is overdue: one interval, plus the time a run may take, plus an hour of
 * scheduling slack.
 */
export function overdueAfterSeconds(schedule: string, activeDeadlineSeconds: number): number {
    return scheduleIntervalSeconds(schedule) + activeDeadlineSeconds + 3600;
}

/** Five whitespace-separated fields, as a CronJob's schedule takes them (the config schema validates with this). */
export const CRON_SCHEDULE = /^(\S+\s+){4}\S+$/;
