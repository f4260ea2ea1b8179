import { Problem } from '../../functions/platform/problem.ts';

/** Runs a rule that should refuse and returns the Problem it refused with. */
export function refusal(fn: () => unknown): Problem {
  try {
    fn();
  } catch (error) {
    if (error instanceof Problem) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}
