import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { SqsSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { ConfigurationSet, ConfigurationSetTlsPolicy, EmailSendingEvent, EventDestination, SuppressionReasons } from 'aws-cdk-lib/aws-ses';
import type { Construct } from 'constructs';
import { buckets, emailEventsQueue, queues, tables, type TableDefinition } from '../functions/platform/resources.ts';
import { accessLogBucket, DocumentBucket } from './document-bucket.ts';
import { DurableQueue } from './durable-queue.ts';
import type { PlatformResources } from './platform-resources.ts';
import { importFrom, publish } from './stack-exports.ts';

const key = (name: string) => ({ name, type: AttributeType.STRING });

function casework(scope: Construct, definition: TableDefinition): Table {
  const table = new Table(scope, definition.id, {
    partitionKey: key(definition.partitionKey),
    sortKey: key(definition.sortKey),
    billingMode: BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    deletionProtection: true,
    encryption: TableEncryption.AWS_MANAGED,
    timeToLiveAttribute: definition.ttlAttribute,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  for (const index of definition.indexes) {
    table.addGlobalSecondaryIndex({
      indexName: index.name,
      partitionKey: key(index.partitionKey),
      sortKey: key(index.sortKey),
      projectionType: ProjectionType.ALL,
    });
  }
  return table;
}

/**
 * The SES events the email consumer records (recordEmailEvent): every outcome of a send. Not OPEN, CLICK
 * or SUBSCRIPTION: the emails carry no tracking and no unsubscribe link.
 */
export const emailEventTypes = [
  EmailSendingEvent.SEND,
  EmailSendingEvent.DELIVERY,
  EmailSendingEvent.BOUNCE,
  EmailSendingEvent.COMPLAINT,
  EmailSendingEvent.REJECT,
  EmailSendingEvent.DELIVERY_DELAY,
  EmailSendingEvent.RENDERING_FAILURE,
] as const;

/**
 * The stateful resources, built from functions/platform/resources.ts: the table, the queues with their
 * dead-letter queues, the document buckets with their access-log bucket, and the SES configuration set
 * with its event destination (SES -> SNS -> the EmailEvents queue).
 * Everything here is retained on stack deletion; the stateless stacks import it by export name.
 */
export class DataStack extends Stack {
  readonly tables = new Map<string, Table>();
  readonly queues = new Map<string, DurableQueue>();
  readonly buckets = new Map<string, DocumentBucket>();
  readonly emailConfigurationSet: ConfigurationSet;
  /** Where the configuration set publishes delivery events; the EmailEvents queue subscribes. */
  readonly emailEventsTopic: Topic;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    for (const definition of tables) {
      const table = casework(this, definition);
      this.tables.set(definition.id, table);
      publish(this, `${definition.id}TableArn`, table.tableArn);
      publish(this, `${definition.id}TableName`, table.tableName);
    }

    for (const definition of queues) {
      const q = new DurableQueue(this, definition);
      this.queues.set(definition.id, q);
      publish(this, `${definition.id}QueueArn`, q.queue.queueArn);
      publish(this, `${definition.id}QueueUrl`, q.queue.queueUrl);
      publish(this, `${definition.id}QueueName`, q.queue.queueName);
      publish(this, `${definition.id}DlqArn`, q.deadLetterQueue.queueArn);
      publish(this, `${definition.id}DlqUrl`, q.deadLetterQueue.queueUrl);
      publish(this, `${definition.id}DlqName`, q.deadLetterQueue.queueName);
    }

    const logs = accessLogBucket(this, 'AccessLogs');
    for (const definition of buckets) {
      const b = new DocumentBucket(this, definition, logs);
      this.buckets.set(definition.id, b);
      publish(this, `${definition.id}BucketArn`, b.bucket.bucketArn);
      publish(this, `${definition.id}BucketName`, b.bucket.bucketName);
    }

    // Named by CloudFormation, not by emailSending.configurationSetName (the local stack's name): several
    // environments may share an account. The senders are told the name (SES_CONFIGURATION_SET).
    this.emailConfigurationSet = new ConfigurationSet(this, 'Email', {
      reputationMetrics: true,
      sendingEnabled: true,
      tlsPolicy: ConfigurationSetTlsPolicy.REQUIRE,
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    publish(this, 'EmailConfigurationSetName', this.emailConfigurationSet.configurationSetName);
    this.emailEventsTopic = this.emailEvents(this.queues.get(emailEventsQueue.id)!);
  }

  /**
   * SES publishes the send's events to an SNS topic (an SQS queue is not an SES event destination), and the
   * EmailEvents queue takes them from it as raw messages: the SES event JSON itself is the message body.
   */
  private emailEvents(events: DurableQueue): Topic {
    // A customer-managed key: SES cannot publish to a topic under the AWS-managed SNS key, whose policy
    // cannot be changed. SES may use the key, unconditioned as the alarm topic's key is for CloudWatch: the
    // topic policy CDK adds for the event destination lets only this account's configuration set publish.
    const key = new Key(this, 'EmailEventsKey', { enableKeyRotation: true, description: 'Encrypts the SES email events topic' });
    key.grant(new ServicePrincipal('ses.amazonaws.com'), 'kms:GenerateDataKey*', 'kms:Decrypt');
    const topic = new Topic(this, 'EmailEventsTopic', { masterKey: key, enforceSSL: true, displayName: 'CMS client contact email events' });
    // Events SNS cannot deliver (the queue's policy or encryption broken) go to the queue's own
    // dead-letter queue, already alarmed; recordEmailEvent reads them raw or SNS-wrapped, so either replays.
    topic.addSubscription(new SqsSubscription(events.queue, { rawMessageDelivery: true, deadLetterQueue: events.deadLetterQueue }));
    this.emailConfigurationSet.addEventDestination('DeliveryEvents', { destination: EventDestination.snsTopic(topic), events: [...emailEventTypes] });
    return topic;
  }

  /** The resources as references in a consuming stack, through the named exports above. */
  importInto(scope: Construct): PlatformResources {
    const configurationSetName = importFrom(this, 'EmailConfigurationSetName');
    return {
      tables: new Map(
        tables.map((definition) => {
          const table = Table.fromTableAttributes(scope, `${definition.id}Table`, {
            tableArn: importFrom(this, `${definition.id}TableArn`),
            globalIndexes: definition.indexes.map((i) => i.name),
          });
          return [definition.id, { definition, table }] as const;
        }),
      ),
      queues: new Map(
        queues.map((definition) => {
          const queue = Queue.fromQueueAttributes(scope, `${definition.id}Queue`, {
            queueArn: importFrom(this, `${definition.id}QueueArn`),
            queueUrl: importFrom(this, `${definition.id}QueueUrl`),
            queueName: importFrom(this, `${definition.id}QueueName`),
          });
          const deadLetterQueue = Queue.fromQueueAttributes(scope, `${definition.id}Dlq`, {
            queueArn: importFrom(this, `${definition.id}DlqArn`),
            queueUrl: importFrom(this, `${definition.id}DlqUrl`),
            queueName: importFrom(this, `${definition.id}DlqName`),
          });
          return [definition.id, { definition, queue, deadLetterQueue }] as const;
        }),
      ),
      buckets: new Map(
        buckets.map((definition) => {
          const bucket = Bucket.fromBucketAttributes(scope, `${definition.id}Bucket`, {
            bucketArn: importFrom(this, `${definition.id}BucketArn`),
            bucketName: importFrom(this, `${definition.id}BucketName`),
          });
          return [definition.id, { definition, bucket }] as const;
        }),
      ),
      email: { configurationSetName, configurationSetArn: Stack.of(scope).formatArn({ service: 'ses', resource: 'configuration-set', resourceName: configurationSetName }) },
    };
  }
}
