import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogue, functionDefinition } from '../../functions/catalogue.ts';
import { buildApp } from '../../lib/cms-app.ts';
import { cronAt, functionConfig, printBatch, timeOfCron } from '../../lib/function-config.ts';
import { parseCutoff, readSettings } from '../../lib/settings.ts';
import { disposeApp, logicalId, newApp, synthWholeApp, type CfnResource, type SynthesisedApp } from './support/cdk-app.ts';

const settings = (printBatchCutoff?: string) => ({ ...readSettings(newApp().node), printBatchCutoff });
const runPrintBatch = functionDefinition('runPrintBatch');

describe('cms:printBatchCutoff', () => {
  it.each(['17:30', '00:00', '09:05', '23:59', '02:00'])('accepts %s', (value) => {
    expect(parseCutoff('cms:printBatchCutoff', value)).toBe(value);
  });

  it.each([['1730'], ['7:30'], ['24:00'], ['17:60'], ['17:30:00'], [' 17:30'], [1730], [null]])('refuses %j', (value) => {
    expect(() => parseCutoff('cms:printBatchCutoff', value)).toThrow(/HH:MM/);
  });

  it('refuses 01:00-01:59, the hour the clocks change in London', () => {
    expect(() => parseCutoff('cms:printBatchCutoff', '01:30')).toThrow(/clocks change/);
  });

  it('is read from context, and absent by default', () => {
    expect(readSettings(newApp().node).printBatchCutoff).toBeUndefined();
    expect(readSettings(newApp({ context: { 'cms:printBatchCutoff': '18:05' } }).node).printBatchCutoff).toBe('18:05');
    expect(() => readSettings(newApp({ context: { 'cms:printBatchCutoff': '6pm' } }).node)).toThrow(/HH:MM/);
  });

  it('an invalid value stops synthesis before anything is built', () => {
    expect(() => buildApp(newApp({ context: { 'cms:printBatchCutoff': '25:00' } }))).toThrow(/cms:printBatchCutoff/);
  });
});

describe('cron times', () => {
  it('reads the time of a daily cron', () => {
    expect(timeOfCron('cron(30 17 * * ? *)')).toBe('17:30');
    expect(timeOfCron('cron(5 9 ? * MON-FRI *)')).toBe('09:05');
  });

  it('refuses expressions without one fixed time', () => {
    for (const e of ['rate(10 minutes)', 'cron(0/5 * * * ? *)', 'cron(30 9-17 * * ? *)', 'cron(30 17,18 * * ? *)']) expect(() => timeOfCron(e), e).toThrow();
  });

  it('moves a cron to another time, keeping its days', () => {
    expect(cronAt('cron(30 17 * * ? *)', '18:05')).toBe('cron(5 18 * * ? *)');
    expect(cronAt('cron(30 17 ? * MON-FRI *)', '09:00')).toBe('cron(0 9 ? * MON-FRI *)');
  });
});

describe('functionConfig', () => {
  it('runPrintBatch by default: the catalogue schedule (17:30 London), and the handler told 17:30', () => {
    if (runPrintBatch.trigger.type !== 'schedule') throw new Error('runPrintBatch is not scheduled');
    expect(runPrintBatch.trigger).toMatchObject({ expression: 'cron(30 17 * * ? *)', timezone: 'Europe/London' });
    expect(functionConfig(runPrintBatch, settings())).toEqual({ environment: { PRINT_BATCH_CUTOFF: '17:30' }, schedule: runPrintBatch.trigger });
  });

  it('runPrintBatch with a cut-off: schedule and handler both follow it, still in London time', () => {
    expect(functionConfig(runPrintBatch, settings('18:05'))).toEqual({
      environment: { PRINT_BATCH_CUTOFF: '18:05' },
      schedule: { type: 'schedule', expression: 'cron(5 18 * * ? *)', timezone: 'Europe/London' },
    });
  });

  it('no other function is touched by the setting', () => {
    const withCutoff = settings('18:05');
    for (const d of catalogue.filter((f) => f.name !== printBatch.name && f.name !== 'emailLetterToPrintInbox')) {
      // Email functions are given the sender (email-sender.test.ts), whatever the cut-off.
      const email = 'email' in d ? { emailSender: withCutoff.emailSender } : {};
      expect(functionConfig(d, withCutoff), d.name).toEqual({ environment: {}, ...(d.trigger.type === 'schedule' ? { schedule: d.trigger } : {}), ...email });
    }
  });

  it('refuses a print batch that is not a London-time schedule', () => {
    expect(() => functionConfig({ ...runPrintBatch, trigger: { type: 'schedule', expression: 'cron(30 17 * * ? *)' } }, settings())).toThrow(/Europe\/London/);
    expect(() => functionConfig({ ...runPrintBatch, trigger: { type: 'schedule', expression: 'rate(1 day)', timezone: 'Europe/London' } }, settings())).toThrow(/fixed minute and hour/);
  });
});

describe('the app with cms:printBatchCutoff=18:05', () => {
  let s: SynthesisedApp;

  beforeAll(() => {
    s = synthWholeApp({ context: { 'cms:printBatchCutoff': '18:05' }, validate: false });
  }, 120_000);

  afterAll(() => {
    if (s) disposeApp(s.app);
  });

  it('schedules runPrintBatch at 18:05 London time and tells its handler the cut-off', () => {
    const f = s.functions.get('runPrintBatch')!;
    const template = Template.fromStack(Stack.of(f));
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(5 18 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/London',
      Target: { Arn: { 'Fn::GetAtt': [logicalId(f.fn), 'Arn'] } },
    });
    const fn = (template.findResources('AWS::Lambda::Function') as Record<string, CfnResource>)[logicalId(f.fn)];
    expect((fn?.Properties?.Environment as { Variables: Record<string, unknown> }).Variables.PRINT_BATCH_CUTOFF).toBe('18:05');
  });

  it('leaves every other function without PRINT_BATCH_CUTOFF', () => {
    for (const [name, f] of s.functions) {
      if (name === printBatch.name) continue;
      const fn = (Template.fromStack(Stack.of(f)).findResources('AWS::Lambda::Function') as Record<string, CfnResource>)[logicalId(f.fn)];
      expect((fn?.Properties?.Environment as { Variables: Record<string, unknown> }).Variables, name).not.toHaveProperty(printBatch.cutoffEnv);
    }
  });
});
