import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogue } from '../../functions/catalogue.ts';
import type { Access, FunctionDefinition } from '../../functions/platform/catalogue-types.ts';
import { incidentMetric, metricNamespace } from '../../functions/emails/incidents.ts';
import { buckets, emailSending, platformEnv, queues, tables } from '../../functions/platform/resources.ts';
import { defaults, type CatalogueFunction } from '../../lib/catalogue-function.ts';
import { actionsOf, annotationsOf, disposeApp, grantsOf, logicalId, nagFindings, statementsOf, synthWholeApp, type CfnResource, type SynthesisedApp } from './support/cdk-app.ts';

/**
 * The whole app as `cdk synth` builds it, every function, route, schedule, grant and alarm derived from
 * the catalogue and resources.ts, checked against them. Function code is not bundled here (see
 * bundles.test.ts). Synthesised once for this file.
 */
let s: SynthesisedApp;
const templates = new Map<Stack, Template>();

beforeAll(() => {
  s = synthWholeApp();
}, 120_000);

afterAll(() => {
  if (s) disposeApp(s.app);
});

const defs: readonly FunctionDefinition[] = catalogue;
const byName = defs.map((d) => [d.name, d] as const);
const http = defs.filter((d) => d.trigger.type === 'http');
const consumers = defs.filter((d) => d.trigger.type === 'queue');
const scheduled = defs.filter((d) => d.trigger.type === 'schedule');

const templateOf = (stack: Stack): Template => {
  if (!templates.has(stack)) templates.set(stack, Template.fromStack(stack));
  return templates.get(stack)!;
};
const resources = (template: Template, type: string) => template.findResources(type) as Record<string, CfnResource>;
const allResources = (type: string) => s.stacks.flatMap((stack) => Object.values(resources(templateOf(stack), type)));
const exported = (stack: 'Data' | 'Auth' | 'Api', key: string) => ({ 'Fn::ImportValue': `${{ Data: s.data, Auth: s.auth, Api: s.api }[stack].stackName}:${key}` });
const fnOf = (name: string): CatalogueFunction => {
  const f = s.functions.get(name as never);
  if (!f) throw new Error(`No function ${name}`);
  return f;
};
const stackOf = (name: string) => Stack.of(fnOf(name));
const templateOfFn = (name: string) => templateOf(stackOf(name));
const fnId = (name: string) => logicalId(fnOf(name).fn);
const fnResource = (name: string) => resources(templateOfFn(name), 'AWS::Lambda::Function')[fnId(name)]!;
const getAtt = (id: string, attribute = 'Arn') => ({ 'Fn::GetAtt': [id, attribute] });
const join = (...parts: unknown[]) => ({ 'Fn::Join': ['', parts] });
const envOf = (name: string) => (fnResource(name).Properties?.Environment as { Variables: Record<string, unknown> }).Variables;
/** An SES ARN in the function's own account and region: `resource` is e.g. `:identity/example.org`. */
const sesArn = (...resource: unknown[]) => join('arn:', { Ref: 'AWS::Partition' }, ':ses:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ...resource);
const configurationSetArn = () => sesArn(':configuration-set/', exported('Data', 'EmailConfigurationSetName'));
const sender = emailSending.defaultSender;
const senderDomain = sender.split('@')[1]!;

describe('stacks', () => {
  const areaOf = (d: FunctionDefinition) => d.entry.split('/')[1]!;
  const pascal = (area: string) => area.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase());

  it('one function stack per catalogue area, after Data, Auth and Api', () => {
    const areas = [...new Set(defs.map(areaOf))];
    expect(s.functionStacks.map((st) => st.stackName)).toEqual(areas.map((a) => `${s.api.stackName.replace(/-Api$/, '')}-${pascal(a)}`));
    for (const stack of s.functionStacks) expect(stack.dependencies).toEqual(expect.arrayContaining([s.data, s.auth, s.api]));
  });

  it.each(byName)('%s is in the stack of its area', (name, d) => {
    expect(stackOf(name).stackName).toMatch(new RegExp(`-${pascal(areaOf(d))}$`));
  });

  it('every stack stays under 80% of CloudFormation\'s 500 resources (past that, split the area)', () => {
    for (const stack of s.stacks) {
      expect(Object.keys(templateOf(stack).toJSON().Resources as object).length, stack.stackName).toBeLessThanOrEqual(400);
    }
  });
});

describe('functions', () => {
  it('one Lambda per catalogue entry, all in the function stacks', () => {
    expect(allResources('AWS::Lambda::Function')).toHaveLength(defs.length);
    expect(s.functions.size).toBe(defs.length);
  });

  it.each(byName)('%s: nodejs24.x on arm64, traced, sized, logging to its own group', (name, d) => {
    const fn = fnResource(name);
    expect(fn.Properties).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      TracingConfig: { Mode: 'Active' },
      MemorySize: d.memoryMb ?? defaults.memoryMb,
      Timeout: d.timeoutSeconds ?? defaults.timeoutSeconds,
      LoggingConfig: { LogGroup: { Ref: logicalId(fnOf(name).logGroup) } },
    });
    expect(resources(templateOfFn(name), 'AWS::Logs::LogGroup')[logicalId(fnOf(name).logGroup)]?.Properties?.RetentionInDays).toBeGreaterThan(0);
  });

  it.each(byName)('%s: environment names exactly its resources, plus the token issuer', (name, d) => {
    const env = (fnResource(name).Properties?.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(env).toMatchObject({
      NODE_OPTIONS: '--enable-source-maps',
      [platformEnv.jwtIssuer]: exported('Auth', 'IssuerUrl'),
      [platformEnv.jwtAudience]: exported('Auth', 'UiClientId'),
      [platformEnv.jwksUrl]: join(exported('Auth', 'IssuerUrl'), '/.well-known/jwks.json'),
    });
    const queueIds = new Set([...Object.keys(d.queues ?? {}), ...(d.trigger.type === 'queue' ? [d.trigger.queue] : [])]);
    const expected = [
      'NODE_OPTIONS',
      ...Object.values(platformEnv),
      ...tables.filter((t) => t.id in (d.tables ?? {})).map((t) => t.envVar),
      ...queues.filter((q) => queueIds.has(q.id)).map((q) => q.envVar),
      ...buckets.filter((b) => b.id in (d.buckets ?? {})).map((b) => b.envVar),
      ...(name === 'runPrintBatch' ? ['PRINT_BATCH_CUTOFF'] : []),
      ...(name === 'emailLetterToPrintInbox' ? [emailSending.printInboxEnv] : []),
      ...(d.email ? [emailSending.senderEnv] : []),
      ...(d.email === 'send' ? [emailSending.configurationSetEnv] : []),
    ];
    expect(Object.keys(env).sort()).toEqual(expected.sort());
    for (const q of queues) if (queueIds.has(q.id)) expect(env[q.envVar]).toEqual(exported('Data', `${q.id}QueueUrl`));
    for (const b of buckets) if (b.id in (d.buckets ?? {})) expect(env[b.envVar]).toEqual(exported('Data', `${b.id}BucketName`));
    if (d.email) expect(env[emailSending.senderEnv]).toBe(sender);
    if (d.email === 'send') expect(env[emailSending.configurationSetEnv]).toEqual(exported('Data', 'EmailConfigurationSetName'));
  });
});

describe('least privilege', () => {
  // What each access mode allows: the specification the roles are checked against.
  const tableActions: Record<Access, readonly string[]> = {
    read: ['dynamodb:BatchGetItem', 'dynamodb:ConditionCheckItem', 'dynamodb:GetItem', 'dynamodb:Query'],
    write: ['dynamodb:BatchWriteItem', 'dynamodb:ConditionCheckItem', 'dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
    readWrite: ['dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem', 'dynamodb:ConditionCheckItem', 'dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
  };
  const objectActions: Record<Access, readonly string[]> = { read: ['s3:GetObject'], write: ['s3:PutObject'], readWrite: ['s3:GetObject', 's3:PutObject'] };
  const send = ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'];
  const consume = ['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'];
  const sendEmail = ['ses:SendEmail', 'ses:SendRawEmail'];
  const writeActions = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 'dynamodb:TransactWriteItems', 'dynamodb:PartiQLInsert', 'dynamodb:PartiQLUpdate', 'dynamodb:PartiQLDelete'];

  const line = (action: string, resource: unknown) => `${action} on ${JSON.stringify(resource)}`;
  const grantsOfFn = (name: string) => grantsOf(statementsOf(templateOfFn(name), logicalId(fnOf(name).role)));

  /** Every action on every resource the catalogue entry implies, and nothing else. */
  function expectedGrants(d: FunctionDefinition): string[] {
    const f = fnOf(d.name);
    const lines = [
      line('logs:CreateLogStream', getAtt(logicalId(f.logGroup))),
      line('logs:PutLogEvents', getAtt(logicalId(f.logGroup))),
      line('xray:PutTelemetryRecords', '*'),
      line('xray:PutTraceSegments', '*'),
    ];
    if (d.trigger.type === 'schedule') lines.push(line('sqs:SendMessage', getAtt(logicalId(f.failureQueue!))));
    for (const [id, access] of Object.entries(d.tables ?? {})) {
      if (!access) continue;
      const arn = exported('Data', `${id}TableArn`);
      const withIndexes = tables.find((t) => t.id === id)!.indexes.length > 0;
      for (const a of tableActions[access]) lines.push(line(a, arn), ...(withIndexes ? [line(a, join(arn, '/index/*'))] : []));
    }
    const queueAccess = new Map<string, readonly string[]>(Object.entries(d.queues ?? {}).map(([id, mode]) => [id, mode === 'send' ? send : consume]));
    if (d.trigger.type === 'queue') queueAccess.set(d.trigger.queue, consume);
    for (const [id, actions] of queueAccess) for (const a of actions) lines.push(line(a, exported('Data', `${id}QueueArn`)));
    for (const [id, access] of Object.entries(d.buckets ?? {})) {
      if (!access) continue;
      const arn = exported('Data', `${id}BucketArn`);
      for (const a of objectActions[access]) lines.push(line(a, join(arn, '/*')));
      if (access === 'readWrite') lines.push(line('s3:ListBucket', arn));
    }
    if (d.email === 'send') {
      // As the sender only: on its domain and address identities and the configuration set, From the sender.
      const from = JSON.stringify({ StringEquals: { 'ses:FromAddress': sender } });
      for (const a of sendEmail) for (const r of [sesArn(`:identity/${senderDomain}`), sesArn(`:identity/${sender}`), configurationSetArn()]) lines.push(`${line(a, r)} if ${from}`);
    }
    return [...new Set(lines)].sort();
  }

  it.each(byName)('%s: exactly the grants its catalogue entry implies', (name, d) => {
    expect(grantsOfFn(name)).toEqual(expectedGrants(d));
  });

  it.each(defs.filter((d) => d.tables?.Casework === 'read').map((d) => [d.name] as const))('%s reads the table: no write action, no Scan', (name) => {
    const actions = grantsOfFn(name).map((g) => g.split(' ')[0]!);
    for (const a of [...writeActions, 'dynamodb:Scan']) expect(actions).not.toContain(a);
  });

  it.each(defs.filter((d) => !d.buckets).map((d) => [d.name] as const))('%s has no bucket: no S3 action', (name) => {
    expect(grantsOfFn(name).filter((g) => g.startsWith('s3:'))).toEqual([]);
  });

  it.each(defs.filter((d) => Object.values(d.buckets ?? {}).includes('read')).map((d) => [d.name] as const))('%s reads the bucket: s3:GetObject on its objects only', (name) => {
    expect(grantsOfFn(name).filter((g) => g.startsWith('s3:'))).toEqual([line('s3:GetObject', join(exported('Data', 'LettersBucketArn'), '/*'))]);
  });

  it('getLetterPdf signs GET links with its role: s3:GetObject, and no s3:PutObject', () => {
    const s3 = grantsOfFn('getLetterPdf').filter((g) => g.startsWith('s3:'));
    expect(s3).toEqual([line('s3:GetObject', join(exported('Data', 'LettersBucketArn'), '/*'))]);
  });

  it('renderLetter and runPrintBatch read and write letters (HeadObject then PutObject; CopyObject): get, put, list; no delete, no retention change', () => {
    for (const name of ['renderLetter', 'runPrintBatch']) {
      const actions = grantsOfFn(name).filter((g) => g.startsWith('s3:')).map((g) => g.split(' ')[0]);
      expect(actions.sort(), name).toEqual(['s3:GetObject', 's3:ListBucket', 's3:PutObject']);
    }
  });

  it('no wildcard actions anywhere, Resource "*" only for X-Ray', () => {
    for (const d of defs) {
      for (const g of grantsOfFn(d.name)) {
        const [action, , resource] = g.split(' ');
        expect(action!.includes('*'), g).toBe(false);
        if (resource === '"*"') expect(action!.startsWith('xray:'), g).toBe(true);
      }
    }
  });

  it.each(defs.filter((d) => d.email !== 'send').map((d) => [d.name] as const))('%s cannot send email: no SES action', (name) => {
    expect(grantsOfFn(name).filter((g) => g.startsWith('ses:'))).toEqual([]);
  });

  it('no function role carries a managed policy', () => {
    for (const d of defs) expect(resources(templateOfFn(d.name), 'AWS::IAM::Role')[logicalId(fnOf(d.name).role)]?.Properties?.ManagedPolicyArns).toBeUndefined();
  });

  it.each(scheduled.map((d) => [d.name] as const))('%s: its schedule\'s role invokes only this function and sends only to its failure queue', (name) => {
    const template = templateOfFn(name);
    const [schedule] = Object.values(resources(template, 'AWS::Scheduler::Schedule')).filter((r) => JSON.stringify((r.Properties?.Target as { Arn: unknown }).Arn) === JSON.stringify(getAtt(fnId(name))));
    const roleId = ((schedule?.Properties?.Target as { RoleArn: { 'Fn::GetAtt': [string, string] } }).RoleArn['Fn::GetAtt'])[0];
    expect(grantsOf(statementsOf(template, roleId))).toEqual(
      [line('lambda:InvokeFunction', getAtt(fnId(name))), line('lambda:InvokeFunction', join(getAtt(fnId(name)), ':*')), line('sqs:SendMessage', getAtt(logicalId(fnOf(name).failureQueue!)))].sort(),
    );
  });
});

describe('queue consumers', () => {
  it('renderLetter and allocateWork are among them', () => {
    expect(consumers.map((d) => d.name)).toEqual(expect.arrayContaining(['allocateWork', 'renderLetter']));
  });

  it.each(consumers.map((d) => [d.name, d] as const))('%s: event source with the catalogue batch settings and partial batch failures', (name, d) => {
    if (d.trigger.type !== 'queue') throw new Error('not a consumer');
    templateOfFn(name).hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: fnId(name) },
      EventSourceArn: exported('Data', `${d.trigger.queue}QueueArn`),
      BatchSize: d.trigger.batchSize,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ...(d.trigger.maxBatchingWindowSeconds ? { MaximumBatchingWindowInSeconds: d.trigger.maxBatchingWindowSeconds } : {}),
    });
  });

  it.each(consumers.map((d) => [d.name, d] as const))('%s: the queue hides a received message for at least six times the function timeout', (_name, d) => {
    if (d.trigger.type !== 'queue') throw new Error('not a consumer');
    const { queue } = s.data.queues.get(d.trigger.queue)!;
    const visibility = resources(templateOf(s.data), 'AWS::SQS::Queue')[logicalId(queue)]?.Properties?.VisibilityTimeout as number;
    expect(visibility).toBeGreaterThanOrEqual(6 * (d.timeoutSeconds ?? defaults.timeoutSeconds));
  });

  it('no other function has an event source mapping', () => {
    expect(allResources('AWS::Lambda::EventSourceMapping')).toHaveLength(consumers.length);
  });
});

describe('HTTP API', () => {
  const apiTemplate = () => templateOf(s.api);

  it('one JWT authorizer on the Cognito issuer, for the UI client and the Fulfilment House machine client, exported for the function stacks', () => {
    expect(allResources('AWS::ApiGatewayV2::Authorizer')).toHaveLength(1);
    apiTemplate().hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Issuer: exported('Auth', 'IssuerUrl'), Audience: [exported('Auth', 'UiClientId'), exported('Auth', 'FulfilmentHouseClientId')] },
    });
    apiTemplate().hasOutput('AuthorizerId', { Value: { Ref: logicalId(s.api.publicApi.authorizer) }, Export: { Name: `${s.api.stackName}:AuthorizerId` } });
    apiTemplate().hasOutput('HttpApiId', { Value: { Ref: logicalId(s.api.publicApi.api) }, Export: { Name: `${s.api.stackName}:HttpApiId` } });
  });

  it('exactly one route per catalogue HTTP function, each route key once', () => {
    const keys = allResources('AWS::ApiGatewayV2::Route').map((r) => r.Properties?.RouteKey);
    expect(keys.sort()).toEqual(http.map((d) => (d.trigger.type === 'http' ? `${d.trigger.method} ${d.trigger.path}` : '')).sort());
  });

  it.each(http.map((d) => [d.name, d] as const))('%s: route on the shared API behind the JWT authorizer, integrated with its function', (name, d) => {
    const { trigger } = d;
    if (trigger.type !== 'http') throw new Error('not http');
    const template = templateOfFn(name);
    const [route, ...others] = Object.values(resources(template, 'AWS::ApiGatewayV2::Route')).filter((r) => r.Properties?.RouteKey === `${trigger.method} ${trigger.path}`);
    expect(others).toEqual([]);
    expect(route?.Properties).toMatchObject({ ApiId: exported('Api', 'HttpApiId'), AuthorizationType: 'JWT', AuthorizerId: exported('Api', 'AuthorizerId') });
    const integrationId = ((route?.Properties?.Target as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1][1] as { Ref: string }).Ref;
    expect(resources(template, 'AWS::ApiGatewayV2::Integration')[integrationId]?.Properties).toMatchObject({
      ApiId: exported('Api', 'HttpApiId'),
      IntegrationType: 'AWS_PROXY',
      IntegrationUri: getAtt(fnId(name)),
      PayloadFormatVersion: '2.0',
    });
    // API Gateway may invoke the function for this route of this API only.
    const permissions = Object.values(resources(template, 'AWS::Lambda::Permission')).filter((p) => JSON.stringify(p.Properties?.FunctionName) === JSON.stringify(getAtt(fnId(name))));
    expect(permissions).toHaveLength(1);
    expect(permissions[0]?.Properties).toMatchObject({ Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com' });
    const sourceArn = JSON.stringify(permissions[0]?.Properties?.SourceArn);
    expect(sourceArn).toContain(JSON.stringify(exported('Api', 'HttpApiId')));
    expect(sourceArn).toContain(`/*/*${trigger.path}`);
  });

  it('only HTTP functions can be invoked by API Gateway', () => {
    expect(allResources('AWS::Lambda::Permission')).toHaveLength(http.length);
  });

  it('default stage: auto-deployed, JSON access logs to a log group, default throttling', () => {
    apiTemplate().hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: { DestinationArn: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] }, Format: Match.stringLikeRegexp('^\\{.*\\$context\\.requestId.*\\}$') },
      DefaultRouteSettings: { ThrottlingRateLimit: Match.anyValue(), ThrottlingBurstLimit: Match.anyValue() },
    });
  });
});

describe('schedules', () => {
  const scheduleOf = (name: string) => {
    const found = Object.values(resources(templateOfFn(name), 'AWS::Scheduler::Schedule')).filter((r) => JSON.stringify((r.Properties?.Target as { Arn: unknown }).Arn) === JSON.stringify(getAtt(fnId(name))));
    expect(found).toHaveLength(1);
    return found[0]!.Properties!;
  };

  it.each(scheduled.map((d) => [d.name, d] as const))('%s: EventBridge Scheduler with the catalogue expression and time zone, retries and a DLQ', (name, d) => {
    if (d.trigger.type !== 'schedule') throw new Error('not scheduled');
    const failures = logicalId(fnOf(name).failureQueue!);
    expect(scheduleOf(name)).toMatchObject({
      ScheduleExpression: d.trigger.expression,
      ...(d.trigger.timezone ? { ScheduleExpressionTimezone: d.trigger.timezone } : {}),
      Target: {
        Arn: getAtt(fnId(name)),
        DeadLetterConfig: { Arn: getAtt(failures) },
        RetryPolicy: { MaximumRetryAttempts: expect.any(Number), MaximumEventAgeInSeconds: expect.any(Number) },
      },
    });
    // Failed asynchronous invocations land in the same queue.
    expect(fnResource(name).Properties?.DeadLetterConfig).toEqual({ TargetArn: getAtt(failures) });
  });

  it.each(scheduled.filter((d) => d.trigger.type === 'schedule' && d.trigger.expression.startsWith('cron(')).map((d) => [d.name, d] as const))(
    '%s: a cron, so evaluated in its named time zone (BST and GMT alike), not UTC',
    (name, d) => {
      if (d.trigger.type !== 'schedule') throw new Error('not scheduled');
      expect(d.trigger.timezone, 'the catalogue names a time zone').toBeDefined();
      expect(scheduleOf(name).ScheduleExpressionTimezone).toBe(d.trigger.timezone);
    },
  );

  it('runPrintBatch runs at the print batch cut-off, 17:30 London time by default, and its handler is told the cut-off', () => {
    expect(scheduleOf('runPrintBatch')).toMatchObject({ ScheduleExpression: 'cron(30 17 * * ? *)', ScheduleExpressionTimezone: 'Europe/London' });
    expect((fnResource('runPrintBatch').Properties?.Environment as { Variables: Record<string, unknown> }).Variables.PRINT_BATCH_CUTOFF).toBe('17:30');
  });

  it('one schedule per scheduled function', () => {
    expect(allResources('AWS::Scheduler::Schedule')).toHaveLength(scheduled.length);
  });
});

describe('alarms', () => {
  const alarms = () => allResources('AWS::CloudWatch::Alarm').map((a) => a.Properties ?? {});

  it('all notify the one encrypted, TLS-only topic', () => {
    const apiTemplate = templateOf(s.api);
    apiTemplate.resourceCountIs('AWS::SNS::Topic', 1);
    // The one other topic carries SES delivery events to a queue (stateful.test.ts), never an alarm.
    expect(s.stacks.filter((st) => st !== s.api).flatMap((st) => Object.keys(resources(templateOf(st), 'AWS::SNS::Topic')))).toEqual([logicalId(s.data.emailEventsTopic)]);
    apiTemplate.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    apiTemplate.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
    const topicId = Object.keys(resources(apiTemplate, 'AWS::SNS::Topic'))[0]!;
    for (const stack of s.stacks) {
      for (const a of Object.values(resources(templateOf(stack), 'AWS::CloudWatch::Alarm'))) {
        expect(a.Properties?.AlarmActions, stack.stackName).toEqual([stack === s.api ? { Ref: topicId } : exported('Api', 'AlarmTopicArn')]);
      }
    }
  });

  it('every dead-letter queue alarms on a visible message: each work queue\'s, each scheduled function\'s', () => {
    expect(queues.map((q) => q.id)).toEqual(expect.arrayContaining(['EmailSend', 'EmailEvents']));
    const dlqs = [
      ...queues.map((q) => exported('Data', `${q.id}DlqName`)),
      ...scheduled.map((d) => getAtt(logicalId(fnOf(d.name).failureQueue!), 'QueueName')),
    ];
    // And the only queues outside the Data stack are those failure queues.
    expect(s.stacks.filter((st) => st !== s.data).flatMap((st) => Object.keys(resources(templateOf(st), 'AWS::SQS::Queue')))).toHaveLength(scheduled.length);
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
    const own = Object.values(resources(templateOfFn(name), 'AWS::CloudWatch::Alarm')).map((a) => a.Properties ?? {});
    for (const metric of ['Errors', 'Throttles']) {
      expect(own).toContainEqual(expect.objectContaining({ Namespace: 'AWS/Lambda', MetricName: metric, Dimensions: [{ Name: 'FunctionName', Value: { Ref: fnId(name) } }], Threshold: 0 }));
    }
  });

  it('the API alarms on 5xx', () => {
    expect(alarms()).toContainEqual(expect.objectContaining({ Namespace: 'AWS/ApiGateway', MetricName: '5xx', Dimensions: [{ Name: 'ApiId', Value: { Ref: logicalId(s.api.publicApi.api) } }] }));
  });
});

describe('email', () => {
  const senders = defs.filter((d) => d.email === 'send');
  const composers = defs.filter((d) => d.email === 'compose');
  const sesActions = ['ses:SendEmail', 'ses:SendRawEmail'];

  it('sendEmail sends to clients and emailLetterToPrintInbox to the CSA Print and Post Letters inbox; the emails area composes', () => {
    expect(senders.map((d) => d.name).sort()).toEqual(['emailLetterToPrintInbox', 'sendEmail']);
    expect(envOf('emailLetterToPrintInbox')).toMatchObject({ [emailSending.printInboxEnv]: emailSending.defaultPrintInbox, [emailSending.senderEnv]: sender });
    expect(composers.length).toBeGreaterThan(0);
  });

  it('sendEmail: the data stack\'s configuration set and the sender address', () => {
    expect(envOf('sendEmail')).toMatchObject({
      [emailSending.configurationSetEnv]: exported('Data', 'EmailConfigurationSetName'),
      [emailSending.senderEnv]: sender,
    });
    templateOf(s.data).hasOutput('EmailConfigurationSetName', {
      Value: { Ref: logicalId(s.data.emailConfigurationSet) },
      Export: { Name: `${s.data.stackName}:EmailConfigurationSetName` },
    });
  });

  it('sendEmail sends as the sender only: through its identities and the configuration set, From the sender', () => {
    const statements = statementsOf(templateOfFn('sendEmail'), logicalId(fnOf('sendEmail').role)).filter((st) => [...actionsOf([st])].some((a) => a.startsWith('ses:')));
    expect(statements).toHaveLength(1);
    const [statement] = statements;
    expect([...actionsOf(statements)].sort()).toEqual(sesActions);
    expect(statement?.Condition).toEqual({ StringEquals: { 'ses:FromAddress': sender } });
    expect(statement?.Resource).toHaveLength(3);
    expect(statement?.Resource).toEqual(expect.arrayContaining([sesArn(`:identity/${senderDomain}`), sesArn(`:identity/${sender}`), configurationSetArn()]));
  });

  it.each(composers.map((d) => [d.name] as const))('%s composes: the sender address, no configuration set, no SES action', (name) => {
    const env = envOf(name);
    expect(env[emailSending.senderEnv]).toBe(sender);
    expect(env).not.toHaveProperty(emailSending.configurationSetEnv);
    expect([...actionsOf(statementsOf(templateOfFn(name), logicalId(fnOf(name).role)))].filter((a) => a.startsWith('ses:'))).toEqual([]);
  });

  it('no other function has email settings', () => {
    for (const d of defs.filter((f) => !f.email)) {
      expect(envOf(d.name), d.name).not.toHaveProperty(emailSending.senderEnv);
      expect(envOf(d.name), d.name).not.toHaveProperty(emailSending.configurationSetEnv);
    }
  });

  it('no role anywhere but the two senders\' may use SES', () => {
    const sesRoles = s.stacks.flatMap((stack) =>
      Object.values(resources(templateOf(stack), 'AWS::IAM::Policy'))
        .filter((p) => [...actionsOf((p.Properties?.PolicyDocument as { Statement: { Action: string | string[] }[] }).Statement)].some((a) => a.startsWith('ses:')))
        .map((p) => JSON.stringify(p.Properties?.Roles)),
    );
    expect(sesRoles.sort()).toEqual(['emailLetterToPrintInbox', 'sendEmail'].map((n) => JSON.stringify([{ Ref: logicalId(fnOf(n).role) }])).sort());
  });

  it('one alarm on email incidents, in the sender\'s stack, notifying the alarm topic and telling the person paged where to look', () => {
    const incidentAlarms = s.stacks.flatMap((stack) =>
      Object.values(resources(templateOf(stack), 'AWS::CloudWatch::Alarm'))
        .filter((a) => a.Properties?.MetricName === incidentMetric)
        .map((a) => ({ stack, properties: a.Properties ?? {} })),
    );
    expect(incidentAlarms).toHaveLength(1);
    expect([metricNamespace, incidentMetric]).toEqual(['CMS/ClientContact', 'EmailIncidentsRaised']); // what incidents.ts emits
    const [alarm] = incidentAlarms;
    expect(alarm?.stack).toBe(stackOf('sendEmail'));
    expect(alarm?.properties).toMatchObject({
      Namespace: 'CMS/ClientContact',
      MetricName: 'EmailIncidentsRaised',
      Statistic: 'Sum',
      Period: 300,
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
      AlarmActions: [exported('Api', 'AlarmTopicArn')],
    });
    // Emitted without dimensions (incidents.ts), so the alarm must name none to see the metric.
    expect(alarm?.properties.Dimensions).toBeUndefined();
    expect(alarm?.properties.AlarmDescription).toMatch(/3 retries over 24 hours.*outcome is unknown.*GET \/incidents/);
  });
});

describe('cdk-nag (AwsSolutions and Serverless)', () => {
  it('no unacknowledged errors or warnings anywhere in the app', () => {
    // cdk-nag v3 reports through CDK's validation plugins, not annotations; validateScope is the same check
    // `cdk synth` runs, returning the findings instead of printing them.
    expect(nagFindings(s.app)).toEqual([]);
  });

  it('no error or warning annotations in any stack', () => {
    expect(annotationsOf(s.assembly)).toEqual([]);
  });
});
