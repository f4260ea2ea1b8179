import { Duration, Stack } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { Access, FunctionDefinition } from '../functions/platform/catalogue-types.ts';
import { emailSending, platformEnv } from '../functions/platform/resources.ts';
import type { TokenIssuer } from './auth-stack.ts';
import { bundling } from './bundling.ts';
import type { FunctionConfig } from './function-config.ts';
import { deadLetterQueue } from './durable-queue.ts';
import { acknowledge, findingArn, iam5 } from './nag.ts';
import { fromRoot } from './paths.ts';
import { lookup, type PlatformResources } from './platform-resources.ts';

export const defaults = { memoryMb: 512, timeoutSeconds: 10 } as const;

export interface CatalogueFunctionProps {
  readonly definition: FunctionDefinition;
  readonly resources: PlatformResources;
  readonly tokens: TokenIssuer;
  readonly logRetention: RetentionDays;
  /** Environment-specific additions (function-config.ts). */
  readonly config?: FunctionConfig;
}

/**
 * DynamoDB actions per access mode, on the table and its indexes. Narrower than CDK's grantReadData and
 * grantWriteData: no Scan (runtime code never scans, see the lint rule), no stream reads (the table has
 * no stream), no DescribeTable. Transactions need no actions of their own: each item in one is checked
 * as the PutItem, UpdateItem, DeleteItem or ConditionCheckItem it is.
 */
export const tableActions = {
  read: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'],
  write: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 'dynamodb:ConditionCheckItem'],
} as const;

/**
 * S3 actions per access mode. Read is s3:GetObject on the bucket's objects (GetObject, HeadObject, the
 * source of a CopyObject, and presigned GET links, which are signed with the role's credentials and so
 * carry only its rights). Write is s3:PutObject on the objects (PutObject, the target of a CopyObject);
 * objects take the bucket's default Object Lock retention, so no s3:PutObjectRetention or legal hold, and
 * never a delete. A function that both reads and writes also gets s3:ListBucket on the bucket itself:
 * it looks before it writes once (HeadObject), and without ListBucket S3 answers a missing key with 403
 * rather than 404.
 */
export const bucketActions = {
  read: ['s3:GetObject'],
  write: ['s3:PutObject'],
  readWriteBucket: ['s3:ListBucket'],
} as const;

/**
 * SES actions of a 'send' function. SES v2 SendEmail is authorised as ses:SendEmail, except that with raw
 * content (Content.Raw, as the sender sends) SES checks ses:SendRawEmail, the v1 action's name.
 */
export const sendEmailActions = ['ses:SendEmail', 'ses:SendRawEmail'] as const;

const reads = (access: Access) => access === 'read' || access === 'readWrite';
const writes = (access: Access) => access === 'write' || access === 'readWrite';

/**
 * One function of the catalogue: its code bundled from the entry, its own role and log group, the
 * environment naming the resources it uses, and grants for exactly those resources and access modes.
 */
export class CatalogueFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;
  /** Scheduled (asynchronously invoked) functions only: where failed invocations and deliveries land. */
  readonly failureQueue?: Queue;
  /** What the deployment adds to the catalogue entry: extra environment, the schedule to deploy. */
  readonly config: FunctionConfig;

  constructor(scope: Construct, readonly definition: FunctionDefinition, props: Omit<CatalogueFunctionProps, 'definition'>) {
    super(scope, definition.name);
    const { resources, tokens } = props;
    const { trigger } = definition;
    this.config = props.config ?? { environment: {}, ...(trigger.type === 'schedule' ? { schedule: trigger } : {}) };

    this.logGroup = new LogGroup(this, 'Logs', { retention: props.logRetention });
    // Its own role rather than AWSLambdaBasicExecutionRole: logs go to this function's group only.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `${definition.name}: ${definition.description}`,
    });
    this.logGroup.grantWrite(this.role);

    if (trigger.type === 'schedule') this.failureQueue = deadLetterQueue(this, 'Failures');

    this.fn = new NodejsFunction(this, 'Function', {
      entry: fromRoot(definition.entry),
      handler: 'handler',
      projectRoot: fromRoot('.'),
      depsLockFilePath: fromRoot('package-lock.json'),
      description: definition.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: definition.memoryMb ?? defaults.memoryMb,
      timeout: Duration.seconds(definition.timeoutSeconds ?? defaults.timeoutSeconds),
      tracing: Tracing.ACTIVE,
      role: this.role,
      logGroup: this.logGroup,
      bundling,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        [platformEnv.jwtIssuer]: tokens.issuer,
        [platformEnv.jwtAudience]: tokens.audience,
        [platformEnv.jwksUrl]: tokens.jwksUrl,
        [platformEnv.machineClientIds]: tokens.machineClientIds.join(','),
        ...this.config.environment,
      },
      ...(this.failureQueue ? { deadLetterQueue: this.failureQueue } : {}),
    });
    acknowledge(this.role, iam5('Resource::*'), 'Active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords do not support resource-level permissions.');

    this.grantTables(resources);
    this.grantQueues(resources);
    this.grantBuckets(resources);
    this.grantEmail(resources);

    if (trigger.type === 'queue') {
      const { queue } = lookup(resources.queues, trigger.queue, 'queue');
      this.fn.addEventSource(
        new SqsEventSource(queue, {
          batchSize: trigger.batchSize,
          ...(trigger.maxBatchingWindowSeconds ? { maxBatchingWindow: Duration.seconds(trigger.maxBatchingWindowSeconds) } : {}),
          reportBatchItemFailures: true,
        }),
      );
      acknowledge(this.fn, 'Serverless-LambdaEventSourceMappingDestination', 'SQS event source mappings take no on-failure destination; messages that keep failing move to the queue\'s own dead-letter queue after maxReceiveCount receives (alarmed).');
    }
    if (trigger.type !== 'schedule') {
      acknowledge(
        this.fn,
        'Serverless-LambdaDLQ',
        trigger.type === 'http'
          ? 'Invoked synchronously by API Gateway: a failure is returned to the caller, never retried asynchronously, so a Lambda DLQ would stay empty.'
          : 'Invoked synchronously by an SQS event source mapping: failed messages return to the queue and end in its redrive dead-letter queue, not in a Lambda DLQ.',
      );
    }
  }

  private setEnv(name: string, value: string): void {
    this.fn.addEnvironment(name, value);
  }

  private grantTables(resources: PlatformResources): void {
    for (const [id, access] of Object.entries(this.definition.tables ?? {})) {
      if (!access) continue;
      const { definition, table } = lookup(resources.tables, id, 'table');
      this.setEnv(definition.envVar, table.tableName);
      const actions = new Set<string>([...(reads(access) ? tableActions.read : []), ...(writes(access) ? tableActions.write : [])]);
      const indexes = `${table.tableArn}/index/*`;
      this.role.addToPrincipalPolicy(
        new PolicyStatement({ actions: [...actions], resources: definition.indexes.length > 0 ? [table.tableArn, indexes] : [table.tableArn] }),
      );
      if (definition.indexes.length > 0) {
        acknowledge(this.role, iam5(`Resource::${findingArn(this, table.tableArn)}/index/*`), `The ${definition.id} table's own GSIs (${definition.indexes.map((i) => i.name).join(', ')}), with the table, for ${access} access: ${[...actions].join(', ')}.`);
      }
    }
  }

  private grantQueues(resources: PlatformResources): void {
    const { trigger } = this.definition;
    const used = new Map(Object.entries(this.definition.queues ?? {}));
    if (trigger.type === 'queue') used.set(trigger.queue, 'consume');
    for (const [id, access] of used) {
      if (!access) continue;
      const { definition, queue } = lookup(resources.queues, id, 'queue');
      this.setEnv(definition.envVar, queue.queueUrl);
      if (access === 'send') queue.grantSendMessages(this.role);
      // A queue-triggered function is granted consumption by its event source; others poll.
      else if (!(trigger.type === 'queue' && trigger.queue === id)) queue.grantConsumeMessages(this.role);
    }
  }

  /**
   * Email functions get the sender address; 'send' functions also the configuration set and the right to
   * send through SES as that address only: on both of the sender's identities (SES authorises against the one
   * it sends under: the address if that is verified, else its domain) and the configuration set.
   */
  private grantEmail(resources: PlatformResources): void {
    const { email, name } = this.definition;
    if (!email) return;
    const sender = this.config.emailSender;
    if (!sender) throw new Error(`${name} handles email, but its deployment config gives no sender address`);
    this.setEnv(emailSending.senderEnv, sender);
    if (email !== 'send') return;
    const { configurationSetName, configurationSetArn } = resources.email;
    this.setEnv(emailSending.configurationSetEnv, configurationSetName);
    const identity = (id: string) => Stack.of(this).formatArn({ service: 'ses', resource: 'identity', resourceName: id });
    const domain = sender.slice(sender.lastIndexOf('@') + 1);
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: [...sendEmailActions],
        resources: [identity(domain), identity(sender), configurationSetArn],
        conditions: { StringEquals: { 'ses:FromAddress': sender } },
      }),
    );
  }

  private grantBuckets(resources: PlatformResources): void {
    for (const [id, access] of Object.entries(this.definition.buckets ?? {})) {
      if (!access) continue;
      const { definition, bucket } = lookup(resources.buckets, id, 'bucket');
      this.setEnv(definition.envVar, bucket.bucketName);
      const actions = [...(reads(access) ? bucketActions.read : []), ...(writes(access) ? bucketActions.write : [])];
      this.role.addToPrincipalPolicy(new PolicyStatement({ actions, resources: [bucket.arnForObjects('*')] }));
      const what = [
        ...(reads(access) ? ['s3:GetObject (reads, HeadObject, copy sources, presigned GET links signed with this role)'] : []),
        ...(writes(access) ? ['s3:PutObject (new objects and copy targets, under the default Object Lock retention; no delete, no retention change)'] : []),
      ];
      acknowledge(this.role, iam5(`Resource::${findingArn(this, bucket.bucketArn)}/*`), `Objects of the ${definition.id} bucket, whose keys are per letter and known only at run time: ${what.join('; ')}.`);
      if (reads(access) && writes(access)) {
        // The bucket itself, no wildcard: nothing to acknowledge.
        this.role.addToPrincipalPolicy(new PolicyStatement({ actions: [...bucketActions.readWriteBucket], resources: [bucket.bucketArn] }));
      }
    }
  }
}
