import { ConditionFailed, transact, type TransactItem } from './dynamo.ts';
import { Problem } from './problem.ts';

/**
 * Writes a change as one transaction whose conditions guard against concurrent edits: a failed
 * condition means someone else changed the record first, which the caller hears as 409.
 */
export async function saveOrConflict(items: TransactItem[], what: string): Promise<void> {
  try {
    await transact(items);
  } catch (error) {
    if (error instanceof ConditionFailed) throw new Problem('conflict', `${what} changed while you were saving. Read it again and reapply your change.`);
    throw error;
  }
}
