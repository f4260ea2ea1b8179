import * as z from 'zod';
import { londonDateOf } from '../letters/domain/cutoff.ts';
import data from './data/bank-holidays-england-and-wales.json' with { type: 'json' };

/**
 * Working days in England and Wales, for the promise to answer every enquiry within 2 working days.
 * Dates are London calendar dates (YYYY-MM-DD); the functions are pure and take the calendar as an argument.
 */

/** The London calendar date of an instant: the day an enquiry arrived, whatever the season (BST or GMT). */
export const londonDate = londonDateOf;

const yearOf = (date: string): number => Number(date.slice(0, 4));
const yearsOf = ([first, last]: readonly [number, number]): number[] => Array.from({ length: last - first + 1 }, (_, i) => first + i);

const BankHolidaysSchema = z
  .object({
    division: z.literal('england-and-wales'),
    coversYears: z.tuple([z.int(), z.int()]),
    dates: z.array(z.object({ date: z.iso.date(), title: z.string().min(1) })).min(1),
  })
  // The dates and the range must move together: a year appended without raising coversYears, or a range
  // raised without its year's dates (which would make every day of that year a working day).
  .refine((c) => c.dates.every(({ date }) => yearOf(date) >= c.coversYears[0] && yearOf(date) <= c.coversYears[1]), 'every date falls within coversYears')
  .refine((c) => yearsOf(c.coversYears).every((y) => c.dates.some(({ date }) => yearOf(date) === y)), 'every year of coversYears has its dates');

const calendar = BankHolidaysSchema.parse(data, { jitless: true });

/** The years the bundled calendar is complete for; it refuses dates outside them rather than miss a holiday. */
export const coversYears: readonly [number, number] = calendar.coversYears;

/** England and Wales bank holidays, the default for every function here. */
export const bankHolidays: ReadonlySet<string> = new Set(calendar.dates.map((d) => d.date));

const DAY_MS = 86_400_000;

/** Days since the epoch of a YYYY-MM-DD date; refuses anything that is not a real date. */
function dayNumber(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const day = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS : NaN;
  // Date.UTC rolls 2026-02-30 over to March: the round trip catches it.
  if (!Number.isInteger(day) || dateOf(day) !== date) throw new RangeError(`${date} is not a date (YYYY-MM-DD)`);
  return day;
}

const dateOf = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

// Only the bundled calendar knows which years it is complete for; a set passed in is the caller's to keep complete.
function assertCovered(date: string, holidays: ReadonlySet<string>): void {
  if (holidays !== bankHolidays) return;
  const year = yearOf(date);
  if (year < coversYears[0] || year > coversYears[1]) {
    throw new Error(`Bank holidays are known for ${coversYears[0]} to ${coversYears[1]} only, not for ${date}: add the year from GOV.UK to functions/platform/data/bank-holidays-england-and-wales.json`);
  }
}

/** Monday to Friday and not a bank holiday. */
export function isWorkingDay(date: string, holidays: ReadonlySet<string> = bankHolidays): boolean {
  const weekday = new Date(dayNumber(date) * DAY_MS).getUTCDay();
  assertCovered(date, holidays);
  return weekday !== 0 && weekday !== 6 && !holidays.has(date);
}

/**
 * The date `days` working days after `date`. The day itself never counts, working or not, so an enquiry
 * arriving at the weekend has the same due date as one arriving on the Friday before.
 */
export function addWorkingDays(date: string, days: number, holidays: ReadonlySet<string> = bankHolidays): string {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`days must be a whole number, 0 or more, not ${days}`);
  let day = dayNumber(date);
  assertCovered(date, holidays);
  for (let counted = 0; counted < days; ) {
    day += 1;
    if (isWorkingDay(dateOf(day), holidays)) counted += 1;
  }
  return dateOf(day);
}

/** The date an enquiry received at `receivedAt` must be answered by: 2 working days after its London date. */
export const enquiryDueDate = (receivedAt: Date, holidays: ReadonlySet<string> = bankHolidays): string => addWorkingDays(londonDate(receivedAt), 2, holidays);

export type DueState = 'overdue' | 'due-today' | 'not-yet-due';

/** Where `today` (a London date) stands against a due date. */
export function dueState(dueDate: string, today: string): DueState {
  // Validated first: YYYY-MM-DD strings then compare in date order.
  dayNumber(dueDate);
  dayNumber(today);
  if (today > dueDate) return 'overdue';
  return today === dueDate ? 'due-today' : 'not-yet-due';
}
