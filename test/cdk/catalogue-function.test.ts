import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FunctionDefinition } from '../../functions/platform/catalogue-types.ts';
import { AuthStack } from '../../lib/auth-stack.ts';
import { CatalogueFunction } from '../../lib/catalogue-function.ts';
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

let app: ReturnType<typeof newApp>;
let fn: CatalogueFunction;
let template: Template;

beforeAll(() => {
  app = newApp({ bundle: true });
  const data = new DataStack(app, 'Data');
  const auth = new AuthStack(app, 'Auth', { settings: readSettings(app.node) });
  const stack = new Stack(app, 'Fn');
  fn = new CatalogueFunction(stack, definition, { resources: data.importInto(stack), tokens: auth.issuerFor(), logRetention: readSettings(app.node).logRetention });
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
