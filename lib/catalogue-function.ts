import { Duration } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { Access, FunctionDefinition } from '../functions/platform/catalogue-types.ts';
import { platformEnv } from '../functions/platform/resources.ts';
import type { TokenIssuer } from './auth-stack.ts';
import { bundling } from './bundling.ts';
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
}

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

  constructor(scope: Construct, readonly definition: FunctionDefinition, props: Omit<CatalogueFunctionProps, 'definition'>) {
    super(scope, definition.name);
    const { resources, tokens } = props;
    const { trigger } = definition;

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
      },
      ...(this.failureQueue ? { deadLetterQueue: this.failureQueue } : {}),
    });
    acknowledge(this.role, iam5('Resource::*'), 'Active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords do not support resource-level permissions.');

    this.grantTables(resources);
    this.grantQueues(resources);
    this.grantBuckets(resources);

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
      if (reads(access) && writes(access)) table.grantReadWriteData(this.role);
      else if (reads(access)) table.grantReadData(this.role);
      else table.grantWriteData(this.role);
      if (definition.indexes.length > 0) {
        acknowledge(this.role, iam5(`Resource::${findingArn(this, table.tableArn)}/index/*`), `The ${definition.id} table's own GSIs (${definition.indexes.map((i) => i.name).join(', ')}), granted with the table for ${access} access.`);
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

  private grantBuckets(resources: PlatformResources): void {
    for (const [id, access] of Object.entries(this.definition.buckets ?? {})) {
      if (!access) continue;
      const { definition, bucket } = lookup(resources.buckets, id, 'bucket');
      this.setEnv(definition.envVar, bucket.bucketName);
      const objects = `Resource::${findingArn(this, bucket.bucketArn)}/*`;
      const reason = `Objects of the ${definition.id} bucket only, for ${access} access.`;
      acknowledge(this.role, iam5(objects), reason);
      if (reads(access)) {
        bucket.grantRead(this.role);
        for (const action of ['s3:GetObject*', 's3:GetBucket*', 's3:List*']) {
          acknowledge(this.role, iam5(`Action::${action}`), `CDK's grantRead action set for the ${definition.id} bucket (object versions, tags and listing), scoped to that bucket.`);
        }
      }
      if (writes(access)) {
        // Put only, never delete: document buckets are write-once.
        bucket.grantPut(this.role);
        acknowledge(this.role, iam5('Action::s3:Abort*'), `Aborting its own multipart uploads to the ${definition.id} bucket.`);
      }
    }
  }
}
