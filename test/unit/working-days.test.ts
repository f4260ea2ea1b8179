import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addWorkingDays, bankHolidays, coversYears, dueState, enquiryDueDate, isWorkingDay, londonDate } from '../../functions/platform/working-days.ts';

/** The 2-working-day promise calendar: England and Wales bank holidays, weekends, London dates. */

// Counted here without the module's own date arithmetic, so the property test checks it independently.
const weekday = (date: string): number => new Date(`${date}T12:00:00Z`).getUTCDay();
const nextDay = (date: string): string => new Date(Date.parse(`${date}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
const isOpen = (date: string): boolean => weekday(date) !== 0 && weekday(date) !== 6 && !bankHolidays.has(date);

describe('the bank holiday data', () => {
  it('has the eight England and Wales bank holidays of every year it covers, each on a weekday', () => {
    expect(coversYears).toEqual([2024, 2028]);
    for (let year = coversYears[0]; year <= coversYears[1]; year += 1) {
      const ofYear = [...bankHolidays].filter((d) => d.startsWith(`${year}-`));
      expect(ofYear, String(year)).toHaveLength(8);
      for (const d of ofYear) expect([1, 2, 3, 4, 5], d).toContain(weekday(d));
    }
  });

  it('puts Good Friday and Easter Monday around Easter Sunday', () => {
    const easterSundays = { 2024: '2024-03-31', 2025: '2025-04-20', 2026: '2026-04-05', 2027: '2027-03-28', 2028: '2028-04-16' };
    for (const sunday of Object.values(easterSundays)) {
      const ms = Date.parse(`${sunday}T12:00:00Z`);
      const goodFriday = new Date(ms - 2 * 86_400_000).toISOString().slice(0, 10);
      const easterMonday = new Date(ms + 86_400_000).toISOString().slice(0, 10);
      expect(isWorkingDay(goodFriday), goodFriday).toBe(false);
      expect(isWorkingDay(easterMonday), easterMonday).toBe(false);
    }
  });

  it('has the early May, spring and summer bank holidays on their Mondays', () => {
    for (const d of ['2025-05-05', '2026-05-04', '2027-05-03', '2028-05-01', '2026-05-25', '2026-08-31', '2028-05-29', '2028-08-28']) {
      expect(isWorkingDay(d), d).toBe(false);
    }
  });

  it('moves Christmas, Boxing Day and New Year off the weekend to substitute days', () => {
    // 2026: Christmas is a Friday, Boxing Day a Saturday, so Monday 28 Dec is the substitute.
    expect(isWorkingDay('2026-12-25')).toBe(false);
    expect(isWorkingDay('2026-12-28')).toBe(false);
    expect(isWorkingDay('2026-12-29')).toBe(true);
    // 2027: both fall at the weekend, so Monday 27 and Tuesday 28 Dec.
    expect(isWorkingDay('2027-12-27')).toBe(false);
    expect(isWorkingDay('2027-12-28')).toBe(false);
    // 2028: New Year's Day is a Saturday, so Monday 3 Jan.
    expect(isWorkingDay('2028-01-03')).toBe(false);
    expect(isWorkingDay('2028-01-04')).toBe(true);
  });
});

describe('addWorkingDays', () => {
  it('never counts the starting day, so a weekend arrival is due with the Friday before', () => {
    expect(addWorkingDays('2026-11-21', 2)).toBe('2026-11-24'); // Saturday -> Tuesday
    expect(addWorkingDays('2026-11-20', 2)).toBe('2026-11-24'); // Friday -> Tuesday
    expect(addWorkingDays('2026-11-23', 2)).toBe('2026-11-25'); // Monday -> Wednesday
    expect(addWorkingDays('2026-11-23', 0)).toBe('2026-11-23');
  });

  it('skips Easter', () => {
    expect(addWorkingDays('2026-04-02', 2)).toBe('2026-04-08'); // Thursday before Good Friday -> Wednesday after Easter Monday
    expect(addWorkingDays('2027-03-25', 2)).toBe('2027-03-31');
  });

  it('skips Christmas and New Year with their substitute days', () => {
    // Thursday 24 Dec 2026: 25 and 28 Dec are holidays, so 29 Dec is the first working day and 30 Dec the second.
    expect(addWorkingDays('2026-12-24', 1)).toBe('2026-12-29');
    expect(addWorkingDays('2026-12-24', 2)).toBe('2026-12-30');
    expect(addWorkingDays('2027-12-23', 2)).toBe('2027-12-29'); // over Fri 24, then Mon 27 and Tue 28 substitutes
    expect(addWorkingDays('2027-12-31', 2)).toBe('2028-01-05'); // over Mon 3 Jan 2028
  });

  it('refuses dates outside the years the calendar covers, naming them', () => {
    expect(() => isWorkingDay('2029-01-02')).toThrow(/2024 to 2028/);
    expect(() => addWorkingDays('2023-12-29', 2)).toThrow(/2024 to 2028/);
    // Starts inside, runs out: Friday 29 Dec 2028 would need January 2029.
    expect(() => addWorkingDays('2028-12-29', 2)).toThrow(/2024 to 2028 only, not for 2029-01-01/);
  });

  it('takes a holiday set of its own, which is the caller’s to keep complete', () => {
    expect(addWorkingDays('2026-11-23', 2, new Set(['2026-11-24']))).toBe('2026-11-26');
    expect(addWorkingDays('2030-12-24', 2, new Set(['2030-12-25', '2030-12-26']))).toBe('2030-12-30');
  });

  it('refuses what is not a date or a whole number of days', () => {
    expect(() => isWorkingDay('2026-02-30')).toThrow(RangeError);
    expect(() => isWorkingDay('26-02-01')).toThrow(RangeError);
    expect(() => addWorkingDays('2026-11-23', -1)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-11-23', 1.5)).toThrow(RangeError);
  });
});

describe('enquiryDueDate', () => {
  it('counts from the London date, so 23:30 UTC on a summer evening is the next day (BST)', () => {
    const lateThursday = new Date('2026-07-09T23:30:00Z'); // 00:30 on Friday 10 July in London
    expect(londonDate(lateThursday)).toBe('2026-07-10');
    expect(enquiryDueDate(lateThursday)).toBe('2026-07-14');
    expect(enquiryDueDate(new Date('2026-07-09T22:59:00Z'))).toBe('2026-07-13'); // 23:59 Thursday in London
  });

  it('and 23:30 UTC in winter is still the same day (GMT)', () => {
    const lateThursday = new Date('2026-01-15T23:30:00Z');
    expect(londonDate(lateThursday)).toBe('2026-01-15');
    expect(enquiryDueDate(lateThursday)).toBe('2026-01-19');
  });

  it('is always a working day, after the day received, exactly 2 working days on', () => {
    // Up to 20 Dec 2028 so the due date stays within the calendar.
    const received = fc.date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2028-12-20T23:59:59Z'), noInvalidDate: true });
    fc.assert(
      fc.property(received, (receivedAt) => {
        const arrived = londonDate(receivedAt);
        const due = enquiryDueDate(receivedAt);
        expect(isOpen(due)).toBe(true);
        expect(due > arrived).toBe(true);
        let workingDays = 0;
        for (let d = nextDay(arrived); d <= due; d = nextDay(d)) if (isOpen(d)) workingDays += 1;
        expect(workingDays).toBe(2);
      }),
      { numRuns: 500 },
    );
  });
});

describe('dueState', () => {
  it('is overdue after the due date, due today on it, and not yet due before it', () => {
    expect(dueState('2026-12-30', '2026-12-31')).toBe('overdue');
    expect(dueState('2026-12-30', '2027-01-04')).toBe('overdue');
    expect(dueState('2026-12-30', '2026-12-30')).toBe('due-today');
    expect(dueState('2026-12-30', '2026-12-29')).toBe('not-yet-due');
  });

  it('refuses what is not a date', () => {
    expect(() => dueState('2026-12-30', '30/12/2026')).toThrow(RangeError);
  });
});
