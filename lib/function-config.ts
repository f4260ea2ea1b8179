import { emailSending } from '../functions/platform/resources.ts';
import type { FunctionName } from '../functions/catalogue.ts';
import type { FunctionDefinition, ScheduleTrigger } from '../functions/platform/catalogue-types.ts';
import type { Settings } from './settings.ts';

/** What the deployment adds to a catalogue entry: settings that differ per environment. */
export interface FunctionConfig {
  /** Extra environment variables, besides the platform's and the resources'. */
  readonly environment: Readonly<Record<string, string>>;
  /** Scheduled functions: the schedule to deploy (the catalogue's, unless a setting moves it). */
  readonly schedule?: ScheduleTrigger;
  /**
   * Email functions (catalogue `email`): the From address they write and send as (cms:emailSender). The
   * function gets it as EMAIL_SENDER; a sender's SES grant is limited to it.
   */
  readonly emailSender?: string;
}

/** The function that emails letters to the CSA Print and Post Letters inbox, and the variable with the inbox. */
export const printInbox = { name: 'emailLetterToPrintInbox' satisfies FunctionName, env: emailSending.printInboxEnv } as const;

/** The function that runs the end-of-day print batch, and the variable its handler reads the cut-off from. */
export const printBatch = { name: 'runPrintBatch' satisfies FunctionName, cutoffEnv: 'PRINT_BATCH_CUTOFF' } as const;

const cronPattern = /^cron\((\S+) (\S+) (.+)\)$/;

/** HH:MM of a cron expression that fires once a day at a fixed minute and hour, e.g. cron(30 17 * * ? *) is 17:30. */
export function timeOfCron(expression: string): string {
  const [, minute, hour] = cronPattern.exec(expression) ?? [];
  if (!minute || !hour || !/^\d{1,2}$/.test(minute) || !/^\d{1,2}$/.test(hour)) {
    throw new Error(`${expression} is not a cron expression with a fixed minute and hour`);
  }
  return `${hour.padStart(2, '0')}:${minute.padStart(2, '0')}`;
}

/** The same cron expression at another time of day (HH:MM); day, month and year fields are kept. */
export function cronAt(expression: string, time: string): string {
  timeOfCron(expression); // the expression must have a fixed minute and hour to move
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  return expression.replace(cronPattern, (_all, _m: string, _h: string, rest: string) => `cron(${minute} ${hour} ${rest})`);
}

/**
 * The deployment's additions to one catalogue entry. Email functions are given the sender address
 * (cms:emailSender). The print batch cut-off (cms:printBatchCutoff) reaches runPrintBatch twice: as
 * PRINT_BATCH_CUTOFF, which decides which letters the batch takes, and as the time of its schedule, so
 * the batch runs at the cut-off. Without the setting both follow the catalogue's schedule. The schedule
 * keeps the catalogue's time zone (Europe/London): the cut-off is a London wall-clock time in BST and
 * GMT alike.
 */
export function functionConfig(definition: FunctionDefinition, settings: Settings): FunctionConfig {
  const { trigger } = definition;
  const schedule = trigger.type === 'schedule' ? trigger : undefined;
  const email = definition.email ? { emailSender: settings.emailSender } : {};
  if (definition.name === printInbox.name) return { environment: { [printInbox.env]: settings.printInbox }, ...email };
  if (definition.name !== printBatch.name) return { environment: {}, ...(schedule ? { schedule } : {}), ...email };

  if (!schedule) throw new Error(`${printBatch.name} must be scheduled: it runs at the print batch cut-off`);
  if (schedule.timezone !== 'Europe/London') throw new Error(`${printBatch.name} must be scheduled in Europe/London: the cut-off is London time`);
  const cutoff = settings.printBatchCutoff ?? timeOfCron(schedule.expression);
  return {
    environment: { [printBatch.cutoffEnv]: cutoff },
    schedule: { ...schedule, expression: cronAt(schedule.expression, cutoff) },
    ...email,
  };
}
