import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FunctionDefinition } from '../../functions/platform/catalogue-types.ts';
import { AuthStack } from '../../lib/auth-stack.ts';
import { emailSending } from '../../functions/platform/resources.ts';
import { CatalogueFunction, sendEmailActions } from '../../lib/catalogue-function.ts';
import { DataStack } from '../../lib/data-stack.ts';
import { applyNag } from '../../lib/nag.ts';
import { readSettings } from '../../lib/settings.ts';
import { actionsOf, disposeApp, grantsOf, logicalId, nagFindings, newApp, statementsOf } from './support/cdk-app.ts';

/**
 * Access modes the current catalogue does not use yet (write-only table, a queue polled rather than
 * triggering) and bucket read/write, on one function built from a real entry, so a future catalogue
 * entry using them gets least-privilege grants and stays nag-clean. Its code is bundled for real, through
 * NodejsFunction and esbuild, as `cdk synth` bundles every function.
 */
const definition: FunctionDefinition = {
  name: 'issueLetter',
  description: 'Test-only: every other access mode',
  entry: 'functions/service-requests/handlers/list-service-request-types.ts',
  trigger: { type: 'schedule', expression: 'cron(30 17 ? * MON-FRI *)', timezone: 'Europe/London' },
  tables: { Casework: 'write' },
  queues: { WorkAllocation: 'consume' },
  buckets: { Letters: 'readWrite' },
  memoryMb: 1024,
};

/** A sender on another address than the default one, to show the SES grant follows the address given. */
const sender: FunctionDefinition = {
  name: 'sendNotice',
  description: 'Test-only: sends email',
  entry: 'functions/emails/handlers/send-email.ts',
  trigger: { type: 'queue', queue: 'EmailSend', batchSize: 1 },
  email: 'send',
};
const senderAddress = 'notices@cms.example.org';

let app: ReturnType<typeof newApp>;
let fn: CatalogueFunction;
let senderFn: CatalogueFunction;
let template: Template;

beforeAll(() => {
  app = newApp({ bundle: true });
  const data = new DataStack(app, 'Data');
  const auth = new AuthStack(app, 'Auth', { settings: readSettings(app.node) });
  const stack = new Stack(app, 'Fn');
  const resources = data.importInto(stack);
  fn = new CatalogueFunction(stack, definition, { resources, tokens: auth.issuerFor(), logRetention: readSettings(app.node).logRetention });
  senderFn = new CatalogueFunction(stack, sender, { resources, tokens: auth.issuerFor(), logRetention: readSettings(app.node).logRetention, config: { environment: {}, emailSender: senderAddress } });
  applyNag(app);
  app.synth();
  template = Template.fromStack(stack);
}, 120_000);

afterAll(() => {
  if (app) disposeApp(app);
});

describe('a function with the other access modes', () => {
  it('the code is bundled: index.mjs with its source map', () => {
    const assets = readdirSync(app.outdir).filter((d) => d.startsWith('asset.'));
    expect(assets.some((d) => existsSync(join(app.outdir, d, 'index.mjs')) && existsSync(join(app.outdir, d, 'index.mjs.map')))).toBe(true);
  });

  it('write-only table access: no reads', () => {
    const actions = [...actionsOf(statementsOf(template, logicalId(fn.role)))].filter((a) => a.startsWith('dynamodb:'));
    expect(actions.sort()).toEqual(['dynamodb:BatchWriteItem', 'dynamodb:ConditionCheckItem', 'dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']);
  });

  it('bucket read and write: get and put objects, list the bucket; never delete, never change retention', () => {
    const s3 = grantsOf(statementsOf(template, logicalId(fn.role))).filter((g) => g.startsWith('s3:'));
    const bucketArn = { 'Fn::ImportValue': 'Data:LettersBucketArn' };
    expect(s3).toEqual(
      [
        `s3:GetObject on ${JSON.stringify({ 'Fn::Join': ['', [bucketArn, '/*']] })}`,
        `s3:ListBucket on ${JSON.stringify(bucketArn)}`,
        `s3:PutObject on ${JSON.stringify({ 'Fn::Join': ['', [bucketArn, '/*']] })}`,
      ].sort(),
    );
  });

  it('a polled queue: receive and delete, no send (sending only to its own failure queue, as Lambda DLQ)', () => {
    const statements = statementsOf(template, logicalId(fn.role));
    const actions = actionsOf(statements);
    expect(actions).toContain('sqs:ReceiveMessage');
    expect(actions).toContain('sqs:DeleteMessage');
    for (const s of statements.filter((st) => actionsOf([st]).has('sqs:SendMessage'))) {
      expect(s.Resource).toEqual({ 'Fn::GetAtt': [logicalId(fn.failureQueue!), 'Arn'] });
    }
  });

  it('memory from the definition', () => {
    template.hasResourceProperties('AWS::Lambda::Function', { MemorySize: 1024 });
  });

  it('is nag-clean: the acknowledgements match the findings of these grants exactly', () => {
    expect(nagFindings(app)).toEqual([]);
  });
});

describe('a function that sends email', () => {
  const sesStatements = () => statementsOf(template, logicalId(senderFn.role)).filter((st) => [...actionsOf([st])].some((a) => a.startsWith('ses:')));
  const arn = (...resource: unknown[]) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ses:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ...resource]] });

  it('is told the sender and the configuration set', () => {
    const fnResource = (template.findResources('AWS::Lambda::Function') as Record<string, { Properties: { Environment: { Variables: Record<string, unknown> } } }>)[logicalId(senderFn.fn)];
    expect(fnResource?.Properties.Environment.Variables).toMatchObject({
      [emailSending.senderEnv]: senderAddress,
      [emailSending.configurationSetEnv]: { 'Fn::ImportValue': 'Data:EmailConfigurationSetName' },
    });
  });

  it('SES v2 SendEmail with raw content (ses:SendEmail, ses:SendRawEmail) on the address and domain identities and the configuration set, From the address only', () => {
    expect(grantsOf(sesStatements())).toEqual(
      sendEmailActions
        .flatMap((a) => [arn(':identity/cms.example.org'), arn(`:identity/${senderAddress}`), arn(':configuration-set/', { 'Fn::ImportValue': 'Data:EmailConfigurationSetName' })].map((r) => `${a} on ${JSON.stringify(r)} if ${JSON.stringify({ StringEquals: { 'ses:FromAddress': senderAddress } })}`))
        .sort(),
    );
    expect([...sendEmailActions].sort()).toEqual(['ses:SendEmail', 'ses:SendRawEmail']);
  });

  it('the function with no email in its entry gets no SES action and no sender', () => {
    expect([...actionsOf(statementsOf(template, logicalId(fn.role)))].filter((a) => a.startsWith('ses:'))).toEqual([]);
    const fnResource = (template.findResources('AWS::Lambda::Function') as Record<string, { Properties: { Environment: { Variables: Record<string, unknown> } } }>)[logicalId(fn.fn)];
    expect(fnResource?.Properties.Environment.Variables).not.toHaveProperty(emailSending.senderEnv);
  });

  it('an email function without a sender address in its config is refused', () => {
    const other = newApp();
    try {
      const data = new DataStack(other, 'Data');
      const auth = new AuthStack(other, 'Auth', { settings: readSettings(other.node) });
      const stack = new Stack(other, 'Fn');
      const props = { resources: data.importInto(stack), tokens: auth.issuerFor(), logRetention: readSettings(other.node).logRetention };
      for (const email of ['compose', 'send'] as const) {
        expect(() => new CatalogueFunction(stack, { ...sender, name: `noSender-${email}`, email }, props)).toThrow(/no sender address/);
      }
    } finally {
      disposeApp(other);
    }
  });
});
