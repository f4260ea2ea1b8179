import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogue } from '../../functions/catalogue.ts';
import type { FunctionDefinition } from '../../functions/platform/catalogue-types.ts';
import { buckets, platformEnv, queues, tables } from '../../functions/platform/resources.ts';
import { defaults } from '../../lib/catalogue-function.ts';
import type { CmsStacks } from '../../lib/cms-app.ts';
import { actionsOf, disposeApp, logicalId, nagFindings, statementsOf, synthWholeApp, type CfnResource } from './support/cdk-app.ts';

/**
 * The whole app as `cdk synth` builds it, functions bundled for real (that proves every catalogue entry
 * builds). Synthesised once for this file.
 */
let stacks: CmsStacks & { app: ReturnType<typeof synthWholeApp>['app'] };
let api: Template;

beforeAll(() => {
  stacks = synthWholeApp();
  api = Template.fromStack(stacks.api);
}, 240_000);

afterAll(() => {
  if (stacks) disposeApp(stacks.app);
});

const defs: readonly FunctionDefinition[] = catalogue;
const byName = defs.map((d) => [d.name, d] as const);
const exported = (stack: 'Data' | 'Auth', key: string) => ({ 'Fn::ImportValue': `${stacks[stack === 'Data' ? 'data' : 'auth'].stackName}:${key}` });
const fnId = (name: string) => logicalId(stacks.api.functions.get(name as never)!.fn);
const roleId = (name: string) => logicalId(stacks.api.functions.get(name as never)!.role);
const resources = (template: Template, type: string) => template.findResources(type) as Record<string, CfnResource>;

const tableWrites = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 'dynamodb:TransactWriteItems'];
const tableReads = ['dynamodb:GetItem', 'dynamodb:Query'];

describe('functions', () => {
  it('one Lambda per catalogue entry', () => {
    expect(Object.keys(resources(api, 'AWS::Lambda::Function'))).toHaveLength(defs.length);
  });

  it.each(byName)('%s: nodejs24.x on arm64, traced, sized, logging to its own group', (name, d) => {
    const fn = resources(api, 'AWS::Lambda::Function')[fnId(name)]!;
    expect(fn.Properties).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      TracingConfig: { Mode: 'Active' },
      MemorySize: d.memoryMb ?? defaults.memoryMb,
      Timeout: d.timeoutSeconds ?? defaults.timeoutSeconds,
      LoggingConfig: { LogGroup: { Ref: expect.any(String) } },
    });
    const logGroup = (fn.Properties?.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
    expect(resources(api, 'AWS::Logs::LogGroup')[logGroup]?.Properties?.RetentionInDays).toBeGreaterThan(0);
  });

  it.each(byName)('%s: environment names exactly its resources, plus the token issuer', (name, d) => {
    const env = (resources(api, 'AWS::Lambda::Function')[fnId(name)]!.Properties?.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(env).toMatchObject({
      NODE_OPTIONS: '--enable-source-maps',
      [platformEnv.jwtIssuer]: exported('Auth', 'IssuerUrl'),
      [platformEnv.jwtAudience]: exported('Auth', 'UiClientId'),
      [platformEnv.jwksUrl]: { 'Fn::Join': ['', [exported('Auth', 'IssuerUrl'), '/.well-known/jwks.json']] },
    });
    const queueIds = new Set([...Object.keys(d.queues ?? {}), ...(d.trigger.type === 'queue' ? [d.trigger.queue] : [])]);
    for (const t of tables) expect(t.envVar in env, `${t.envVar}`).toBe(t.id in (d.tables ?? {}));
    for (const q of queues) expect(q.envVar in env, `${q.envVar}`).toBe(queueIds.has(q.id));
    for (const b of buckets) expect(b.envVar in env, `${b.envVar}`).toBe(b.id in (d.buckets ?? {}));
    for (const q of queues) if (queueIds.has(q.id)) expect(env[q.envVar]).toEqual(exported('Data', `${q.id}QueueUrl`));
  });
});

describe('least privilege', () => {
  it.each(byName)('%s: table actions match its catalogue access', (name, d) => {
    const statements = statementsOf(api, roleId(name));
    const actions = actionsOf(statements);
    const access = d.tables?.Casework;
    if (!access) {
      expect([...actions].filter((a) => a.startsWith('dynamodb:'))).toEqual([]);
      return;
    }
    if (access === 'read' || access === 'readWrite') for (const a of tableReads) expect(actions).toContain(a);
    if (access === 'read') for (const a of tableWrites) expect(actions).not.toContain(a);
    if (access === 'readWrite' || access === 'write') expect(actions).toContain('dynamodb:PutItem');
    // Only the catalogue's table and its indexes.
    const tableArn = exported('Data', 'CaseworkTableArn');
    for (const s of statements.filter((st) => actionsOf([st]).values().next().value?.startsWith('dynamodb:'))) {
      expect(s.Resource).toEqual([tableArn, { 'Fn::Join': ['', [tableArn, '/index/*']] }]);
    }
  });

  it.each(byName)('%s: queue actions match its catalogue access', (name, d) => {
    const statements = statementsOf(api, roleId(name));
    const actions = actionsOf(statements);
    const sends = Object.entries(d.queues ?? {}).filter(([, a]) => a === 'send').map(([id]) => id);
    const consumes = d.trigger.type === 'queue' ? [d.trigger.queue] : [];
    if (sends.length === 0) expect(actions).not.toContain('sqs:SendMessage');
    if (consumes.length === 0) expect(actions).not.toContain('sqs:ReceiveMessage');
    if (consumes.length > 0) expect(actions).toContain('sqs:DeleteMessage');
    for (const id of sends) {
      expect(statements).toContainEqual(expect.objectContaining({ Action: expect.arrayContaining(['sqs:SendMessage']), Resource: exported('Data', `${id}QueueArn`) }));
    }
    const scheduled = d.trigger.type === 'schedule';
    for (const s of statements.filter((st) => actionsOf([st]).has('sqs:SendMessage'))) {
      const own = scheduled && JSON.stringify(s.Resource).includes(logicalId(stacks.api.functions.get(name as never)!.failureQueue!));
      expect(own || sends.some((id) => JSON.stringify(s.Resource) === JSON.stringify(exported('Data', `${id}QueueArn`)))).toBe(true);
    }
  });

  it.each(byName)('%s: no S3 access without a catalogue bucket, no wildcard actions, Resource "*" only for X-Ray', (name, d) => {
    const statements = statementsOf(api, roleId(name));
    if (!d.buckets) expect([...actionsOf(statements)].filter((a) => a.startsWith('s3:'))).toEqual([]);
    for (const s of statements) {
      for (const a of actionsOf([s])) expect(a.endsWith(':*') || a === '*', a).toBe(false);
      if (s.Resource === '*') expect([...actionsOf([s])].every((a) => a.startsWith('xray:'))).toBe(true);
    }
  });

  it('no function role carries a managed policy', () => {
    for (const d of defs) {
      const role = resources(api, 'AWS::IAM::Role')[roleId(d.name)]!;
      expect(role.Properties?.ManagedPolicyArns).toBeUndefined();
    }
  });
});

describe('queue consumers', () => {
  const consumers = defs.filter((d) => d.trigger.type === 'queue');

  it('allocateWork is among them', () => {
    expect(consumers.map((d) => d.name)).toContain('allocateWork');
  });

  it.each(consumers.map((d) => [d.name, d] as const))('%s: event source with the catalogue batch settings and partial batch failures', (name, d) => {
    if (d.trigger.type !== 'queue') throw new Error('not a consumer');
    api.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: fnId(name) },
      EventSourceArn: exported('Data', `${d.trigger.queue}QueueArn`),
      BatchSize: d.trigger.batchSize,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ...(d.trigger.maxBatchingWindowSeconds ? { MaximumBatchingWindowInSeconds: d.trigger.maxBatchingWindowSeconds } : {}),
    });
  });

  it('no other function has an event source mapping', () => {
    expect(Object.keys(resources(api, 'AWS::Lambda::EventSourceMapping'))).toHaveLength(consumers.length);
  });
});

describe('HTTP API', () => {
  const routes = defs.filter((d) => d.trigger.type === 'http');

  it('a JWT authorizer on the Cognito issuer and UI client', () => {
    api.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    api.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Issuer: exported('Auth', 'IssuerUrl'), Audience: [exported('Auth', 'UiClientId')] },
    });
  });

  it('exactly one route per catalogue HTTP function', () => {
    expect(Object.keys(resources(api, 'AWS::ApiGatewayV2::Route'))).toHaveLength(routes.length);
  });

  it.each(routes.map((d) => [d.name, d] as const))('%s: route behind the JWT authorizer, integrated with its function', (name, d) => {
    const { trigger } = d;
    if (trigger.type !== 'http') throw new Error('not http');
    const authorizerId = Object.keys(resources(api, 'AWS::ApiGatewayV2::Authorizer'))[0]!;
    const [route] = Object.values(resources(api, 'AWS::ApiGatewayV2::Route')).filter((r) => r.Properties?.RouteKey === `${trigger.method} ${trigger.path}`);
    expect(route?.Properties).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: { Ref: authorizerId } });
    const integrationId = ((route?.Properties?.Target as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1][1] as { Ref: string }).Ref;
    expect(resources(api, 'AWS::ApiGatewayV2::Integration')[integrationId]?.Properties).toMatchObject({
      IntegrationType: 'AWS_PROXY',
      IntegrationUri: { 'Fn::GetAtt': [fnId(name), 'Arn'] },
    });
  });

  it('default stage: JSON access logs to a log group, default throttling', () => {
    api.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: { DestinationArn: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] }, Format: Match.stringLikeRegexp('^\\{.*\\$context\\.requestId.*\\}$') },
      DefaultRouteSettings: { ThrottlingRateLimit: Match.anyValue(), ThrottlingBurstLimit: Match.anyValue() },
    });
  });
});

describe('schedules', () => {
  const scheduled = defs.filter((d) => d.trigger.type === 'schedule');

  it.each(scheduled.map((d) => [d.name, d] as const))('%s: EventBridge Scheduler with the catalogue expression, retries and a DLQ', (name, d) => {
    if (d.trigger.type !== 'schedule') throw new Error('not scheduled');
    const failures = logicalId(stacks.api.functions.get(name as never)!.failureQueue!);
    api.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: d.trigger.expression,
      ScheduleExpressionTimezone: d.trigger.timezone ?? Match.anyValue(),
      Target: {
        Arn: { 'Fn::GetAtt': [fnId(name), 'Arn'] },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [failures, 'Arn'] } },
        RetryPolicy: { MaximumRetryAttempts: Match.anyValue(), MaximumEventAgeInSeconds: Match.anyValue() },
      },
    });
    // Failed asynchronous invocations land in the same queue.
    expect(resources(api, 'AWS::Lambda::Function')[fnId(name)]?.Properties?.DeadLetterConfig).toEqual({ TargetArn: { 'Fn::GetAtt': [failures, 'Arn'] } });
  });

  it('one schedule per scheduled function', () => {
    api.resourceCountIs('AWS::Scheduler::Schedule', scheduled.length);
  });
});

describe('alarms', () => {
  const alarms = () => Object.values(resources(api, 'AWS::CloudWatch::Alarm')).map((a) => a.Properties ?? {});
  const topic = () => Object.keys(resources(api, 'AWS::SNS::Topic'))[0]!;

  it('notify an encrypted, TLS-only topic', () => {
    api.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    api.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
    for (const a of alarms()) expect(a.AlarmActions).toEqual([{ Ref: topic() }]);
  });

  it('every dead-letter queue alarms on a visible message', () => {
    const dlqs = [
      ...queues.map((q) => exported('Data', `${q.id}DlqName`)),
      ...defs.filter((d) => d.trigger.type === 'schedule').map((d) => ({ 'Fn::GetAtt': [logicalId(stacks.api.functions.get(d.name as never)!.failureQueue!), 'QueueName'] })),
    ];
    // And every queue in the Api stack is one of those failure queues.
    expect(Object.keys(resources(api, 'AWS::SQS::Queue'))).toHaveLength(dlqs.length - queues.length);
    for (const dlq of dlqs) {
      expect(alarms()).toContainEqual(
        expect.objectContaining({
          Namespace: 'AWS/SQS',
          MetricName: 'ApproximateNumberOfMessagesVisible',
          Dimensions: [{ Name: 'QueueName', Value: dlq }],
          ComparisonOperator: 'GreaterThanThreshold',
          Threshold: 0,
        }),
      );
    }
  });

  it.each(byName)('%s: alarms on errors and throttles', (name) => {
    for (const metric of ['Errors', 'Throttles']) {
      expect(alarms()).toContainEqual(
        expect.objectContaining({ Namespace: 'AWS/Lambda', MetricName: metric, Dimensions: [{ Name: 'FunctionName', Value: { Ref: fnId(name) } }], Threshold: 0 }),
      );
    }
  });

  it('the API alarms on 5xx', () => {
    expect(alarms()).toContainEqual(expect.objectContaining({ Namespace: 'AWS/ApiGateway', MetricName: '5xx' }));
  });
});

describe('cdk-nag (AwsSolutions and Serverless)', () => {
  it('no unacknowledged errors or warnings anywhere in the app', () => {
    // cdk-nag v3 reports through CDK's validation plugins, not annotations; validateScope is the same check
    // `cdk synth` runs, returning the findings instead of printing them.
    expect(nagFindings(stacks.app)).toEqual([]);
  });

  it('no error annotations, and no nag findings as annotations', () => {
    // Annotations.fromStack re-synthesises the whole app on each call, so once, for the stack this file
    // is about; the stateful stacks are checked the same way in stateful.test.ts.
    const annotations = Annotations.fromStack(stacks.api);
    annotations.hasNoError('*', Match.anyValue());
    annotations.hasNoWarning('*', Match.stringLikeRegexp('AwsSolutions-.*'));
    annotations.hasNoWarning('*', Match.stringLikeRegexp('Serverless-.*'));
  });
});
