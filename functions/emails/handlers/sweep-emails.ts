import { scheduledHandler } from '../../platform/event-handlers.ts';
import { sweepEmails } from '../retry-sweep.ts';

/**
 * Scheduled every 15 minutes. Run by hand with { at } (an ISO time) to act as if it were then, and
 * { lostAfterSeconds, unknownAfterMinutes } to shorten the waits.
 */
export const handler = scheduledHandler(async (event: { at?: unknown; lostAfterSeconds?: unknown; unknownAfterMinutes?: unknown } | undefined) => {
  const at = typeof event?.at === 'string' && !Number.isNaN(Date.parse(event.at)) ? new Date(event.at) : new Date();
  const number = (value: unknown, fallback: number) => (typeof value === 'number' && value >= 0 ? value : fallback);
  return sweepEmails({ now: at, lostAfterSeconds: number(event?.lostAfterSeconds, 120), unknownAfterMinutes: number(event?.unknownAfterMinutes, 15) });
});
