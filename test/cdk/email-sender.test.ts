import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogue, functionDefinition } from '../../functions/catalogue.ts';
import type { FunctionDefinition } from '../../functions/platform/catalogue-types.ts';
import { emailSending } from '../../functions/platform/resources.ts';
import { buildApp } from '../../lib/cms-app.ts';
import { functionConfig } from '../../lib/function-config.ts';
import { parseEmailAddress, readSettings } from '../../lib/settings.ts';
import { disposeApp, logicalId, newApp, statementsOf, synthWholeApp, type CfnResource, type SynthesisedApp } from './support/cdk-app.ts';

const defs: readonly FunctionDefinition[] = catalogue;
const settings = (emailSender: string) => ({ ...readSettings(newApp().node), emailSender });

describe('cms:emailSender', () => {
  it.each(['internal.cmg@dwp.gsi.gov.uk', 'a@b.co', 'first.last+cms@sub.example.org', "o'neill@example.gov.uk", 'NOTICES@Example.ORG'])('accepts %s', (value) => {
    expect(parseEmailAddress('cms:emailSender', value)).toBe(value);
  });

  it.each([
    ['CMS <internal.cmg@dwp.gsi.gov.uk>'],
    ['<internal.cmg@dwp.gsi.gov.uk>'],
    ['internal.cmg'],
    ['internal.cmg@'],
    ['@dwp.gsi.gov.uk'],
    ['internal.cmg@localhost'],
    ['internal..cmg@dwp.gsi.gov.uk'],
    ['.cmg@dwp.gsi.gov.uk'],
    ['a@b@dwp.gsi.gov.uk'],
    ['internal.cmg@dwp..gov.uk'],
    ['internal.cmg@-dwp.gov.uk'],
    [' internal.cmg@dwp.gsi.gov.uk'],
    ['internal.cmg@dwp.gsi.gov.uk\n'],
    ['a@b.co,c@d.co'],
    [`${'a'.repeat(250)}@b.co`],
    [''],
    [42],
    [null],
  ])('refuses %j', (value) => {
    expect(() => parseEmailAddress('cms:emailSender', value)).toThrow(/plain email address/);
  });

  it('is read from context, the procedure\'s address by default', () => {
    expect(readSettings(newApp().node).emailSender).toBe(emailSending.defaultSender);
    expect(readSettings(newApp({ context: { 'cms:emailSender': 'notices@cms.example.org' } }).node).emailSender).toBe('notices@cms.example.org');
  });

  it('a malformed sender stops synthesis before anything is built', () => {
    expect(() => buildApp(newApp({ context: { 'cms:emailSender': 'CMS <internal.cmg@dwp.gsi.gov.uk>' } }))).toThrow(/cms:emailSender/);
  });

  it('functionConfig gives the sender to the email functions, and to no other', () => {
    for (const d of defs) {
      const config = functionConfig(d, settings('notices@cms.example.org'));
      if (d.email) expect(config.emailSender, d.name).toBe('notices@cms.example.org');
      else expect(config, d.name).not.toHaveProperty('emailSender');
    }
    expect(functionConfig(functionDefinition('sendEmail'), settings('notices@cms.example.org')).environment).toEqual({});
  });
});

describe('the app with cms:emailSender=notices@cms.example.org', () => {
  let s: SynthesisedApp;
  const envOf = (name: string) => {
    const f = s.functions.get(name as never)!;
    const fn = (Template.fromStack(Stack.of(f)).findResources('AWS::Lambda::Function') as Record<string, CfnResource>)[logicalId(f.fn)];
    return (fn?.Properties?.Environment as { Variables: Record<string, unknown> }).Variables;
  };

  beforeAll(() => {
    s = synthWholeApp({ context: { 'cms:emailSender': 'notices@cms.example.org' }, validate: false });
  }, 120_000);

  afterAll(() => {
    if (s) disposeApp(s.app);
  });

  it('every email function is told the sender', () => {
    for (const d of defs.filter((f) => f.email)) expect(envOf(d.name)[emailSending.senderEnv], d.name).toBe('notices@cms.example.org');
  });

  it('sendEmail may send only as that sender, through its identities', () => {
    const f = s.functions.get('sendEmail')!;
    const [statement, ...others] = statementsOf(Template.fromStack(Stack.of(f)), logicalId(f.role)).filter((st) => JSON.stringify(st.Action).includes('ses:'));
    expect(others).toEqual([]);
    expect(statement?.Condition).toEqual({ StringEquals: { 'ses:FromAddress': 'notices@cms.example.org' } });
    const resources = JSON.stringify(statement?.Resource);
    expect(resources).toContain(':identity/cms.example.org"');
    expect(resources).toContain(':identity/notices@cms.example.org"');
    expect(resources).not.toContain(emailSending.defaultSender.split('@')[1]);
  });
});
