import type { Page } from './dynamo.ts';
import type { PageQuery } from './shared-schemas.ts';

/**
 * A scheduled sweep: finds work left waiting longer than `defaultWaitMs` (a lost message) and sends it
 * again. Re-sending is safe because every consumer is idempotent. A run by hand may pass
 * `staleAfterSeconds` to shorten the wait.
 */
export async function sweep<T>(
  event: { staleAfterSeconds?: unknown } | undefined,
  defaultWaitMs: number,
  waiting: (olderThan: string, page: PageQuery) => Promise<Page<T>>,
  resend: (item: T) => Promise<void>,
): Promise<{ requeued: number }> {
  const wait = typeof event?.staleAfterSeconds === 'number' && event.staleAfterSeconds >= 0 ? event.staleAfterSeconds * 1000 : defaultWaitMs;
  const olderThan = new Date(Date.now() - wait).toISOString();
  let requeued = 0;
  let cursor: string | undefined;
  do {
    const page = await waiting(olderThan, { limit: 100, cursor });
    for (const item of page.items) await resend(item);
    requeued += page.items.length;
    cursor = page.nextCursor;
  } while (cursor && requeued < 1000);
  return { requeued };
}
