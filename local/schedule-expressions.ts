/**
 * EventBridge Scheduler expressions, evaluated locally: rate(N minute|minutes|hour|hours|day|days) and
 * cron(minutes hours day-of-month month day-of-week year) in an IANA time zone. Like Scheduler across
 * a clock change, a local time that does not exist (spring forward) is skipped and a local time that
 * happens twice (fall back) runs once, at its first occurrence.
 */

export type ScheduleExpression =
  | { readonly kind: 'rate'; readonly everyMs: number }
  | { readonly kind: 'cron'; readonly fields: CronFields };

/** Allowed values per field; undefined means any ('*' or '?'). */
export interface CronFields {
  readonly minutes: readonly number[];
  readonly hours: readonly number[];
  readonly daysOfMonth?: ReadonlySet<number>;
  readonly months?: ReadonlySet<number>;
  /** 1 = Sunday ... 7 = Saturday, as in AWS cron. */
  readonly daysOfWeek?: ReadonlySet<number>;
  readonly years?: ReadonlySet<number>;
}

const units: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };
const monthNames = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const dayNames = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

function parseField(text: string, min: number, max: number, names: readonly string[] = [], nameBase = 1): ReadonlySet<number> | undefined {
  if (text === '*' || text === '?') return undefined;
  if (/[LW#]/.test(text)) throw new Error(`cron field "${text}": L, W and # are not supported locally`);
  const value = (token: string): number => {
    const named = names.indexOf(token.toUpperCase());
    const n = named >= 0 ? named + nameBase : Number(token);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`cron field "${text}": ${token} is not in ${min}-${max}`);
    return n;
  };
  const allowed = new Set<number>();
  for (const part of text.split(',')) {
    const [range = '', stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new Error(`cron field "${text}": bad step`);
    const [from, to] = range === '*' ? [min, max] : range.includes('-') ? range.split('-').map(value) : [value(range), stepText ? max : value(range)];
    if (from === undefined || to === undefined || from > to) throw new Error(`cron field "${text}": bad range`);
    for (let n = from; n <= to; n += step) allowed.add(n);
  }
  return allowed;
}

const all = (min: number, max: number) => Array.from({ length: max - min + 1 }, (_, i) => min + i);
const sorted = (set: ReadonlySet<number> | undefined, min: number, max: number) => (set ? [...set].sort((a, b) => a - b) : all(min, max));

export function parseSchedule(expression: string): ScheduleExpression {
  const rate = /^rate\((\d+)\s+(minute|minutes|hour|hours|day|days)\)$/.exec(expression.trim());
  if (rate) {
    const every = Number(rate[1]);
    const unit = units[(rate[2] ?? '').replace(/s$/, '')];
    if (!unit || every < 1) throw new Error(`Bad rate expression ${expression}`);
    return { kind: 'rate', everyMs: every * unit };
  }
  const cron = /^cron\((.+)\)$/.exec(expression.trim());
  const parts = cron?.[1]?.trim().split(/\s+/) ?? [];
  if (parts.length !== 6) throw new Error(`Unsupported schedule expression ${expression}: use rate(...) or cron(min hour dom month dow year)`);
  const [minutes = '', hours = '', dom = '', month = '', dow = '', year = ''] = parts;
  const daysOfMonth = parseField(dom, 1, 31);
  const months = parseField(month, 1, 12, monthNames);
  const daysOfWeek = parseField(dow, 1, 7, dayNames);
  const years = parseField(year, 1970, 2199);
  return {
    kind: 'cron',
    fields: {
      minutes: sorted(parseField(minutes, 0, 59), 0, 59),
      hours: sorted(parseField(hours, 0, 23), 0, 23),
      ...(daysOfMonth ? { daysOfMonth } : {}),
      ...(months ? { months } : {}),
      ...(daysOfWeek ? { daysOfWeek } : {}),
      ...(years ? { years } : {}),
    },
  };
}

interface WallClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function wallClock(instant: number, timeZone: string): WallClock {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' });
    formatters.set(timeZone, format);
  }
  const part = Object.fromEntries(format.formatToParts(instant).map((p) => [p.type, Number(p.value)]));
  return { year: part.year ?? 0, month: part.month ?? 0, day: part.day ?? 0, hour: part.hour ?? 0, minute: part.minute ?? 0 };
}

const asUtc = (w: WallClock) => Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);

/** The instants at which the zone's clocks show this wall-clock time: none in a gap, two in an overlap. */
function instantsOf(wall: WallClock, timeZone: string): number[] {
  const naive = asUtc(wall);
  // The zone's offsets a day either side cover both sides of any clock change near this time.
  const offsets = new Set([naive - 86_400_000, naive + 86_400_000].map((t) => asUtc(wallClock(t, timeZone)) - Math.floor(t / 60_000) * 60_000));
  return [...offsets]
    .map((offset) => naive - offset)
    .filter((t) => asUtc(wallClock(t, timeZone)) === naive)
    .sort((a, b) => a - b);
}

const maxDaysAhead = 366 * 8; // covers leap days and sparse year lists

function nextCron(fields: CronFields, after: number, timeZone: string): Date | undefined {
  const start = wallClock(after, timeZone);
  for (let offset = 0; offset < maxDaysAhead; offset++) {
    const date = new Date(Date.UTC(start.year, start.month - 1, start.day + offset));
    const [year, month, day, weekday] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), date.getUTCDay() + 1];
    if (fields.years && !fields.years.has(year)) continue;
    if (fields.months && !fields.months.has(month)) continue;
    if (fields.daysOfMonth && !fields.daysOfMonth.has(day)) continue;
    if (fields.daysOfWeek && !fields.daysOfWeek.has(weekday)) continue;
    for (const hour of fields.hours) {
      for (const minute of fields.minutes) {
        // Only the first occurrence counts, so a time repeated by a clock change runs once.
        const [first] = instantsOf({ year, month, day, hour, minute }, timeZone);
        if (first !== undefined && first > after) return new Date(first);
      }
    }
  }
  return undefined;
}

/**
 * The first run strictly after `after`. Rates count from `start` (when the schedule was created);
 * crons are read in `timezone` (UTC by default, as in EventBridge Scheduler).
 */
export function nextRunTime(expression: string | ScheduleExpression, after: Date, options: { timezone?: string; start?: Date } = {}): Date | undefined {
  const parsed = typeof expression === 'string' ? parseSchedule(expression) : expression;
  if (parsed.kind === 'rate') {
    const start = (options.start ?? after).getTime();
    const elapsed = Math.max(0, after.getTime() - start);
    return new Date(start + (Math.floor(elapsed / parsed.everyMs) + 1) * parsed.everyMs);
  }
  return nextCron(parsed.fields, after.getTime(), options.timezone ?? 'UTC');
}
