import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claims } from '../../functions/platform/auth.ts';
import { buckets, emailEventsQueue, queues, tables } from '../../functions/platform/resources.ts';
import { roles } from '../../functions/platform/roles.ts';
import type { AuthStack } from '../../lib/auth-stack.ts';
import type { DataStack } from '../../lib/data-stack.ts';
import { disposeApp, logicalId, nagFindings, synthStateful, type CfnResource } from './support/cdk-app.ts';

let data: DataStack;
let auth: AuthStack;
let dataTemplate: Template;
let authTemplate: Template;
let app: ReturnType<typeof synthStateful>['app'];

beforeAll(() => {
  ({ app, data, auth } = synthStateful());
  dataTemplate = Template.fromStack(data);
  authTemplate = Template.fromStack(auth);
}, 60_000);

afterAll(() => {
  if (app) disposeApp(app);
});

const resource = (template: Template, id: string): CfnResource => {
  const found = template.toJSON().Resources[id] as CfnResource | undefined;
  if (!found) throw new Error(`No resource ${id}`);
  return found;
};

/** The bucket policy statements that deny any request made without TLS. */
const denyInsecureTransport = {
  Statement: Match.arrayWith([
    Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
  ]),
};

describe('queues', () => {
  it.each(queues.map((q) => [q.id, q] as const))('%s has an encrypted, TLS-only DLQ after maxReceiveCount receives', (id, definition) => {
    const q = data.queues.get(id)!;
    const queueId = logicalId(q.queue);
    const dlqId = logicalId(q.deadLetterQueue);
    expect(resource(dataTemplate, queueId).Properties).toMatchObject({
      SqsManagedSseEnabled: true,
      VisibilityTimeout: definition.visibilityTimeoutSeconds,
      MessageRetentionPeriod: definition.retentionDays * 86_400,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] }, maxReceiveCount: definition.maxReceiveCount },
    });
    expect(resource(dataTemplate, dlqId).Properties).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 86_400 });
    for (const target of [queueId, dlqId]) {
      dataTemplate.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: target }],
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
      });
    }
  });

  it('every queue is encrypted and either has a redrive policy or is a dead-letter queue', () => {
    const all = dataTemplate.findResources('AWS::SQS::Queue') as Record<string, CfnResource>;
    const deadLetterTargets = Object.values(all).map((q) => JSON.stringify((q.Properties?.RedrivePolicy as { deadLetterTargetArn?: unknown } | undefined)?.deadLetterTargetArn ?? null));
    for (const [id, q] of Object.entries(all)) {
      expect(q.Properties?.SqsManagedSseEnabled ?? q.Properties?.KmsMasterKeyId, id).toBeTruthy();
      const isDlq = deadLetterTargets.some((t) => t.includes(`"${id}"`));
      expect(isDlq || q.Properties?.RedrivePolicy !== undefined, id).toBe(true);
    }
  });
});

describe('table', () => {
  it.each(tables.map((t) => [t.id, t] as const))('%s: on-demand, PITR, deletion protection, encryption, TTL, retained', (id, definition) => {
    const table = resource(dataTemplate, logicalId(data.tables.get(id)!));
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
      SSESpecification: { SSEEnabled: true },
      TimeToLiveSpecification: { AttributeName: definition.ttlAttribute, Enabled: true },
      KeySchema: [
        { AttributeName: definition.partitionKey, KeyType: 'HASH' },
        { AttributeName: definition.sortKey, KeyType: 'RANGE' },
      ],
    });
  });

  it.each(tables.map((t) => [t.id, t] as const))('%s has every GSI of its definition, projecting ALL', (id, definition) => {
    const indexes = resource(dataTemplate, logicalId(data.tables.get(id)!)).Properties?.GlobalSecondaryIndexes;
    expect(indexes).toEqual(
      definition.indexes.map((i) => ({
        IndexName: i.name,
        KeySchema: [
          { AttributeName: i.partitionKey, KeyType: 'HASH' },
          { AttributeName: i.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    );
  });
});

describe('buckets', () => {
  it.each(buckets.map((b) => [b.id, b] as const))('%s: private, encrypted, versioned, object-locked, access-logged, retained', (id, definition) => {
    const bucketId = logicalId(data.buckets.get(id)!.bucket);
    const bucket = resource(dataTemplate, bucketId);
    expect(bucket.DeletionPolicy).toBe('Retain');
    expect(bucket.Properties).toMatchObject({
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: expect.any(String) } }] },
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: { DestinationBucketName: { Ref: expect.any(String) } },
    });
    if (definition.objectLockDays !== undefined) {
      expect(bucket.Properties).toMatchObject({
        ObjectLockEnabled: true,
        ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: definition.objectLockDays } } },
      });
    }
    dataTemplate.hasResourceProperties('AWS::S3::BucketPolicy', { Bucket: { Ref: bucketId }, PolicyDocument: denyInsecureTransport });
  });

  it('access logs go to a separate, private, TLS-only bucket', () => {
    const all = dataTemplate.findResources('AWS::S3::Bucket') as Record<string, CfnResource>;
    const documentBuckets = buckets.map((b) => logicalId(data.buckets.get(b.id)!.bucket));
    const logTargets = new Set(Object.values(all).map((b) => (b.Properties?.LoggingConfiguration as { DestinationBucketName?: { Ref: string } } | undefined)?.DestinationBucketName?.Ref));
    expect(logTargets.size).toBeGreaterThan(0);
    for (const target of logTargets) {
      if (!target) continue;
      expect(documentBuckets).not.toContain(target);
      expect(all[target]?.Properties).toMatchObject({ PublicAccessBlockConfiguration: { BlockPublicAcls: true, RestrictPublicBuckets: true } });
      dataTemplate.hasResourceProperties('AWS::S3::BucketPolicy', { Bucket: { Ref: target }, PolicyDocument: denyInsecureTransport });
    }
  });
});

describe('SES', () => {
  const configurationSetId = () => logicalId(data.emailConfigurationSet);
  const topicId = () => logicalId(data.emailEventsTopic);
  const ofType = (type: string) => Object.entries(dataTemplate.findResources(type) as Record<string, CfnResource>);

  it('has a configuration set with reputation metrics, TLS required, sending on and account suppression of bounces and complaints', () => {
    expect(ofType('AWS::SES::ConfigurationSet')).toHaveLength(1);
    expect(resource(dataTemplate, configurationSetId()).Properties).toMatchObject({
      ReputationOptions: { ReputationMetricsEnabled: true },
      DeliveryOptions: { TlsPolicy: 'REQUIRE' },
      SendingOptions: { SendingEnabled: true },
      SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
    });
  });

  it('the configuration set is named by CloudFormation (environments may share an account) and its name exported', () => {
    expect(resource(dataTemplate, configurationSetId()).Properties).not.toHaveProperty('Name');
    dataTemplate.hasOutput('EmailConfigurationSetName', { Value: { Ref: configurationSetId() }, Export: { Name: `${data.stackName}:EmailConfigurationSetName` } });
  });

  it('publishes every outcome of a send, and nothing else, to the email events topic', () => {
    const destinations = ofType('AWS::SES::ConfigurationSetEventDestination').map(([, d]) => d.Properties);
    expect(destinations).toHaveLength(1);
    const [destination] = destinations;
    expect(destination?.ConfigurationSetName).toEqual({ Ref: configurationSetId() });
    const eventDestination = destination?.EventDestination as { Enabled: boolean; MatchingEventTypes: string[]; SnsDestination: unknown };
    expect(eventDestination.Enabled).toBe(true);
    expect(eventDestination.MatchingEventTypes.sort()).toEqual(['bounce', 'complaint', 'delivery', 'deliveryDelay', 'reject', 'renderingFailure', 'send']);
    expect(eventDestination.SnsDestination).toEqual({ TopicARN: { Ref: topicId() } });
  });

  it('the topic: encrypted with its own rotated key, which SES may use; TLS only; SES may publish from this configuration set only', () => {
    const topic = resource(dataTemplate, topicId());
    const keyId = (topic.Properties?.KmsMasterKeyId as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const key = resource(dataTemplate, keyId);
    expect(key.Type).toBe('AWS::KMS::Key');
    expect(key.Properties?.EnableKeyRotation).toBe(true);
    expect((key.Properties?.KeyPolicy as { Statement: unknown[] }).Statement).toContainEqual(
      expect.objectContaining({ Effect: 'Allow', Principal: { Service: 'ses.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] }),
    );
    dataTemplate.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topicId() }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Action: 'sns:Publish',
            Principal: { Service: 'ses.amazonaws.com' },
            Condition: { StringEquals: { 'AWS:SourceAccount': { Ref: 'AWS::AccountId' }, 'AWS:SourceArn': Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([':configuration-set/', { Ref: configurationSetId() }])] }) } },
          }),
        ]),
      },
    });
  });

  it('the EmailEvents queue subscribes, raw (the SES event JSON is the body), undeliverable events to its dead-letter queue', () => {
    const events = data.queues.get(emailEventsQueue.id)!;
    const subscriptions = ofType('AWS::SNS::Subscription').map(([, r]) => r.Properties);
    expect(subscriptions).toEqual([
      {
        TopicArn: { Ref: topicId() },
        Protocol: 'sqs',
        Endpoint: { 'Fn::GetAtt': [logicalId(events.queue), 'Arn'] },
        RawMessageDelivery: true,
        RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [logicalId(events.deadLetterQueue), 'Arn'] } },
      },
    ]);
  });

  it('the EmailEvents queue and its dead-letter queue accept messages from that topic only', () => {
    const events = data.queues.get(emailEventsQueue.id)!;
    for (const q of [events.queue, events.deadLetterQueue]) {
      const [policy, ...others] = ofType('AWS::SQS::QueuePolicy').filter(([, p]) => JSON.stringify(p.Properties?.Queues) === JSON.stringify([{ Ref: logicalId(q) }]));
      expect(others).toEqual([]);
      const allows = (policy?.[1].Properties?.PolicyDocument as { Statement: { Effect: string }[] }).Statement.filter((st) => st.Effect === 'Allow');
      expect(allows).toEqual([
        {
          Effect: 'Allow',
          Action: 'sqs:SendMessage',
          Principal: { Service: 'sns.amazonaws.com' },
          Resource: { 'Fn::GetAtt': [logicalId(q), 'Arn'] },
          Condition: { ArnEquals: { 'aws:SourceArn': { Ref: topicId() } } },
        },
      ]);
    }
  });

  it('no other queue policy allows anything: they only deny requests without TLS', () => {
    const events = data.queues.get(emailEventsQueue.id)!;
    const subscribed = new Set([logicalId(events.queue), logicalId(events.deadLetterQueue)]);
    for (const [id, p] of ofType('AWS::SQS::QueuePolicy')) {
      const queues = (p.Properties?.Queues as { Ref: string }[]).map((q) => q.Ref);
      if (queues.some((q) => subscribed.has(q))) continue;
      expect((p.Properties?.PolicyDocument as { Statement: { Effect: string }[] }).Statement.filter((st) => st.Effect === 'Allow'), id).toEqual([]);
    }
  });
});

describe('Cognito', () => {
  it('user pool: invite only, MFA required (TOTP), strong passwords, threat protection, deletion protection', () => {
    authTemplate.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        MfaConfiguration: 'ON',
        EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
        DeletionProtection: 'ACTIVE',
        UserPoolTier: 'PLUS',
        UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
        Policies: { PasswordPolicy: Match.objectLike({ RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true }) },
        Schema: Match.arrayWith([Match.objectLike({ Name: 'scin', AttributeDataType: 'String', Mutable: true })]),
      }),
    });
    const [pool] = Object.values(authTemplate.findResources('AWS::Cognito::UserPool')) as CfnResource[];
    expect((pool?.Properties?.Policies as { PasswordPolicy: { MinimumLength: number } }).PasswordPolicy.MinimumLength).toBeGreaterThanOrEqual(12);
  });

  it('has one group per role, the Fulfilment House integration user\'s included', () => {
    const groups = Object.values(authTemplate.findResources('AWS::Cognito::UserPoolGroup')) as CfnResource[];
    expect(groups.map((g) => g.Properties?.GroupName).sort()).toEqual([...roles].sort());
    expect(groups.map((g) => g.Properties?.GroupName)).toContain('fulfilment-house');
    for (const g of groups) expect(g.Properties?.UserPoolId).toEqual({ Ref: logicalId(auth.userPool) });
  });

  it('the UI client is public (PKCE), reads custom:scin and cannot write it', () => {
    authTemplate.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      ReadAttributes: Match.arrayWith([claims.scin]),
      WriteAttributes: Match.not(Match.arrayWith([claims.scin])),
    });
  });

  it('exports the issuer the handlers and the authorizer verify against', () => {
    authTemplate.hasOutput('IssuerUrl', {
      Value: { 'Fn::Join': ['', ['https://cognito-idp.', { Ref: 'AWS::Region' }, '.amazonaws.com/', { Ref: logicalId(auth.userPool) }]] },
    });
  });
});

describe('cdk-nag', () => {
  it('the stateful stacks have no unacknowledged AwsSolutions or Serverless findings', () => {
    expect(nagFindings(app)).toEqual([]);
  });

  it('no error annotations and no nag warnings as annotations', () => {
    for (const stack of [data, auth]) {
      const annotations = Annotations.fromStack(stack); // re-synthesises: once per stack
      annotations.hasNoError('*', Match.anyValue());
      annotations.hasNoWarning('*', Match.stringLikeRegexp('AwsSolutions-.*'));
      annotations.hasNoWarning('*', Match.stringLikeRegexp('Serverless-.*'));
    }
  });
});
