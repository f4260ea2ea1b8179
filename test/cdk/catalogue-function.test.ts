import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FunctionDefinition } from '../../functions/platform/catalogue-types.ts';
import { AuthStack } from '../../lib/auth-stack.ts';
import { CatalogueFunction } from '../../lib/catalogue-function.ts';
import { DataStack } from '../../lib/data-stack.ts';
import { applyNag } from '../../lib/nag.ts';
import { readSettings } from '../../lib/settings.ts';
import { actionsOf, disposeApp, logicalId, nagFindings, newApp, statementsOf } from './support/cdk-app.ts';

/**
 * Access modes the current catalogue does not use yet (write-only table, bucket read/write, a queue
 * polled rather than triggering), on one function built from a real entry, so a future catalogue
 * entry using them gets least-privilege grants and stays nag-clean.
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
  app = newApp();
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
  it('write-only table access: no reads', () => {
    const actions = actionsOf(statementsOf(template, logicalId(fn.role)));
    expect(actions).toContain('dynamodb:PutItem');
    expect(actions).not.toContain('dynamodb:GetItem');
    expect(actions).not.toContain('dynamodb:Query');
  });

  it('bucket read and put, never delete', () => {
    const actions = actionsOf(statementsOf(template, logicalId(fn.role)));
    expect(actions).toContain('s3:PutObject');
    expect(actions).toContain('s3:GetObject*');
    expect([...actions].filter((a) => a.startsWith('s3:Delete'))).toEqual([]);
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
