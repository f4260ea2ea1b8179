/** The print batch cut-off, in London time whatever the season (BST or GMT). */

// Built once: Intl formatters are costly to create.
const londonClock = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

const londonParts = (instant: Date): { date: string; minutes: number } => {
  const parts = Object.fromEntries(londonClock.formatToParts(instant).map((p) => [p.type, p.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, minutes: Number(parts.hour) * 60 + Number(parts.minute) };
};

/** The London calendar date of an instant. */
export const londonDateOf = (instant: Date): string => londonParts(instant).date;

/** The instant it is `time` (HH:MM) in London on `date` (YYYY-MM-DD). */
export function londonInstant(date: string, time: string): Date {
  const [h, m] = time.split(':').map(Number) as [number, number];
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const asUtc = Date.UTC(y, mo - 1, d, h, m);
  // London is UTC+0 or UTC+1: find which offset makes the wall clock read `time` on `date`.
  for (const offsetMinutes of [0, 60]) {
    const candidate = new Date(asUtc - offsetMinutes * 60_000);
    const local = londonParts(candidate);
    if (local.date === date && local.minutes === h * 60 + m) return candidate;
  }
  throw new RangeError(`${date} ${time} does not exist in London (it falls in the spring-forward gap)`);
}

export const cutoffTime = (): string => {
  const configured = process.env.PRINT_BATCH_CUTOFF ?? '17:30';
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(configured)) throw new Error(`PRINT_BATCH_CUTOFF must be HH:MM, not ${configured}`);
  return configured;
};
