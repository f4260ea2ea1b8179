import { describe, expect, it } from 'vitest';
import { nextRunTime, parseSchedule } from '../../local/schedule-expressions.ts';

const london = { timezone: 'Europe/London' };
const runs = (expression: string, from: string, count: number, options = london) => {
  const times: string[] = [];
  let after = new Date(from);
  for (let i = 0; i < count; i++) {
    after = nextRunTime(expression, after, options)!;
    times.push(after.toISOString());
  }
  return times;
};

describe('schedule expressions', () => {
  it('keeps a Europe/London cron at 17:30 local across the BST to GMT change', () => {
    // Clocks go back at 02:00 BST on Sunday 25 October 2026.
    expect(runs('cron(30 17 * * ? *)', '2026-10-24T00:00:00Z', 3)).toEqual(['2026-10-24T16:30:00.000Z', '2026-10-25T17:30:00.000Z', '2026-10-26T17:30:00.000Z']);
  });

  it('runs a time that happens twice at fall-back once, and skips a time that does not exist at spring-forward', () => {
    expect(runs('cron(30 1 * * ? *)', '2026-10-24T12:00:00Z', 2)).toEqual(['2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z']);
    // 01:30 on Sunday 29 March 2026 does not exist in London.
    expect(runs('cron(30 1 * * ? *)', '2026-03-28T12:00:00Z', 2)).toEqual(['2026-03-30T00:30:00.000Z', '2026-03-31T00:30:00.000Z']);
  });

  it('reads AWS day-of-week numbers and names (1 = Sunday) and steps', () => {
    expect(runs('cron(0 9 ? * MON-FRI *)', '2026-11-20T10:00:00Z', 2)).toEqual(['2026-11-23T09:00:00.000Z', '2026-11-24T09:00:00.000Z']);
    expect(runs('cron(0 9 ? * 1 *)', '2026-11-20T10:00:00Z', 1)).toEqual(['2026-11-22T09:00:00.000Z']);
    expect(runs('cron(0/20 8 * * ? *)', '2026-11-20T08:10:00Z', 3, { timezone: 'UTC' })).toEqual(['2026-11-20T08:20:00.000Z', '2026-11-20T08:40:00.000Z', '2026-11-21T08:00:00.000Z']);
  });

  it('counts rates from the schedule start', () => {
    expect(nextRunTime('rate(5 minutes)', new Date('2026-11-20T10:07:00Z'), { start: new Date('2026-11-20T10:00:30Z') })).toEqual(new Date('2026-11-20T10:10:30Z'));
    expect(parseSchedule('rate(1 hour)')).toEqual({ kind: 'rate', everyMs: 3_600_000 });
  });

  it('refuses what it cannot evaluate', () => {
    expect(() => parseSchedule('cron(0 9 L * ? *)')).toThrow(/not supported/);
    expect(() => parseSchedule('at(2026-11-20T10:00:00)')).toThrow(/Unsupported/);
    expect(() => parseSchedule('cron(61 * * * ? *)')).toThrow(/not in 0-59/);
  });
});
