import { catalogue } from '../functions/catalogue.ts';
import type { FunctionDefinition, ScheduleTrigger } from '../functions/platform/catalogue-types.ts';
import { invoke } from './lambda-runtime.ts';
import { log } from './log.ts';
import { nextRunTime, parseSchedule } from './schedule-expressions.ts';

/**
 * Plays EventBridge Scheduler for the catalogue's `schedule` functions. Scheduler hands the target
 * its configured Input as the event; the catalogue configures none, so timed runs get {}. A run by
 * hand may pass an input (e.g. to shorten a wait).
 */

export interface Scheduler {
  /** Runs a scheduled function now and returns its result. */
  runSchedule(name: string, input?: unknown): Promise<unknown>;
  /** When each schedule runs next. */
  nextRuns(): { name: string; at: Date | undefined }[];
  stop(): void;
}

type Scheduled = FunctionDefinition & { readonly trigger: ScheduleTrigger };

const scheduledFunctions = (): Scheduled[] => catalogue.filter((f): f is typeof f & Scheduled => f.trigger.type === 'schedule');

/** setTimeout cannot wait longer than this; longer waits are re-armed. */
const maxTimerMs = 2 ** 31 - 1;

export function startScheduler(options: { functions?: readonly Scheduled[]; run?: (definition: FunctionDefinition, input: unknown) => Promise<unknown> } = {}): Scheduler {
  const functions = options.functions ?? scheduledFunctions();
  const run = options.run ?? ((definition, input) => invoke(definition, input));
  const started = new Date();
  const timers = new Map<string, NodeJS.Timeout>();
  const next = new Map<string, Date | undefined>();
  const running = new Set<string>();
  let stopped = false;

  const arm = (definition: Scheduled) => {
    if (stopped) return;
    const { expression, timezone } = definition.trigger;
    const at = nextRunTime(parseSchedule(expression), new Date(), { start: started, ...(timezone ? { timezone } : {}) });
    next.set(definition.name, at);
    if (!at) return;
    const wait = at.getTime() - Date.now();
    const timer = setTimeout(() => {
      if (wait > maxTimerMs) return arm(definition);
      // Locally a run still going when the next is due is skipped rather than run alongside.
      if (running.has(definition.name)) {
        log.warn(`${definition.name} is still running; skipped the run due at ${at.toISOString()}`);
      } else {
        running.add(definition.name);
        run(definition, {})
          .then((result) => log.info(`schedule ${definition.name} ran: ${JSON.stringify(result ?? null)}`))
          .catch((error: unknown) => log.error(`schedule ${definition.name} failed`, error))
          .finally(() => running.delete(definition.name));
      }
      arm(definition);
    }, Math.min(Math.max(0, wait), maxTimerMs));
    timer.unref(); // a pending schedule must not keep the process alive
    timers.set(definition.name, timer);
  };

  for (const definition of functions) arm(definition);

  return {
    async runSchedule(name, input = {}) {
      const definition = functions.find((f) => f.name === name);
      if (!definition) throw new Error(`No scheduled function ${name}`);
      return run(definition, input);
    },
    nextRuns: () => functions.map((f) => ({ name: f.name, at: next.get(f.name) })),
    stop() {
      stopped = true;
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    },
  };
}
