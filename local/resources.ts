import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, GetQueueAttributesCommand, GetQueueUrlCommand, QueueDoesNotExist, SQSClient } from '@aws-sdk/client-sqs';
import {
  buckets,
  deadLetterQueueName,
  queues,
  tables,
  type BucketDefinition,
  type QueueDefinition,
  type TableDefinition,
} from '../functions/platform/resources.ts';

/**
 * Creates the table, queues and buckets of functions/platform/resources.ts in the emulators, skipping
 * what already exists (data persists across restarts), and returns the environment handlers need.
 */

export const region = 'eu-west-2';
/** Any credentials do; real ones must never be sent to an emulator. */
export const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

export interface Endpoints {
  readonly dynamodb: string;
  /** fauxqs serves both SQS and S3. */
  readonly fauxqs: string;
  readonly ses: string;
}

export interface LocalQueue {
  readonly definition: QueueDefinition;
  readonly url: string;
  readonly arn: string;
  readonly dlqUrl: string;
}

export interface LocalResources {
  readonly env: Record<string, string>;
  readonly queues: readonly LocalQueue[];
}

export const tableName = (table: TableDefinition): string => table.id;
/** S3 bucket names must be lower case. */
export const bucketName = (bucket: BucketDefinition): string => bucket.id.toLowerCase();

const maxRetentionSeconds = 14 * 24 * 3600;

export const awsEnv = (endpoints: Endpoints): Record<string, string> => ({
  AWS_REGION: region,
  AWS_DEFAULT_REGION: region,
  AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
  AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
  AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
  AWS_ENDPOINT_URL_SQS: endpoints.fauxqs,
  AWS_ENDPOINT_URL_S3: endpoints.fauxqs,
  AWS_ENDPOINT_URL_SESV2: endpoints.ses,
});

export async function createTable(client: DynamoDBClient, table: TableDefinition): Promise<void> {
  const TableName = tableName(table);
  try {
    await client.send(new DescribeTableCommand({ TableName }));
    return;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  const keyAttributes = [table.partitionKey, table.sortKey, ...table.indexes.flatMap((i) => [i.partitionKey, i.sortKey])];
  await client.send(
    new CreateTableCommand({
      TableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [...new Set(keyAttributes)].map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
      KeySchema: [
        { AttributeName: table.partitionKey, KeyType: 'HASH' },
        { AttributeName: table.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: table.indexes.map((index) => ({
        IndexName: index.name,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        // Stores read whole records from the indexes.
        Projection: { ProjectionType: 'ALL' },
      })),
    }),
  );
  await waitUntilTableExists({ client, maxWaitTime: 30 }, { TableName });
  await client.send(new UpdateTimeToLiveCommand({ TableName, TimeToLiveSpecification: { AttributeName: table.ttlAttribute, Enabled: true } }));
}

/** SQS on fauxqs, with the endpoint it was given (queue URLs are rewritten onto it). */
export interface LocalSqs {
  readonly client: SQSClient;
  readonly endpoint: string;
}

async function ensureQueue(sqs: LocalSqs, name: string, attributes: Record<string, string>): Promise<{ url: string; arn: string }> {
  let url: string | undefined;
  try {
    url = (await sqs.client.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl;
  } catch (error) {
    if (!(error instanceof QueueDoesNotExist)) throw error;
  }
  url ??= (await sqs.client.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }))).QueueUrl;
  if (!url) throw new Error(`No URL for queue ${name}`);
  // fauxqs names queues http://sqs.<region>.localhost:<port>/..., a host Node cannot resolve, and the
  // SQS client sends to the QueueUrl's host when it differs from the endpoint. fauxqs finds queues by
  // name whatever the host, so hand out URLs on the endpoint itself.
  url = new URL(new URL(url).pathname, sqs.endpoint).toString();
  const { Attributes } = await sqs.client.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
  if (!Attributes?.QueueArn) throw new Error(`No ARN for queue ${name}`);
  return { url, arn: Attributes.QueueArn };
}

/** A queue and its dead-letter queue, with the redrive policy of its definition. Tests use it for throwaway queues too. */
export async function createQueue(sqs: LocalSqs, definition: QueueDefinition, name = definition.id): Promise<LocalQueue> {
  const dlq = await ensureQueue(sqs, deadLetterQueueName({ ...definition, id: name }), { MessageRetentionPeriod: String(maxRetentionSeconds) });
  const queue = await ensureQueue(sqs, name, {
    VisibilityTimeout: String(definition.visibilityTimeoutSeconds),
    MessageRetentionPeriod: String(Math.min(definition.retentionDays * 24 * 3600, maxRetentionSeconds)),
    RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: definition.maxReceiveCount }),
  });
  return { definition, url: queue.url, arn: queue.arn, dlqUrl: dlq.url };
}

async function createBucket(client: S3Client, bucket: BucketDefinition): Promise<void> {
  const Bucket = bucketName(bucket);
  try {
    await client.send(new HeadBucketCommand({ Bucket }));
    return;
  } catch (error) {
    if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode !== 404) throw error;
  }
  // fauxqs does not implement S3 Object Lock, so objectLockDays is not enforced locally.
  await client.send(new CreateBucketCommand({ Bucket, CreateBucketConfiguration: { LocationConstraint: region } }));
}

export function localClients(endpoints: Endpoints) {
  const common = { region, credentials: localCredentials, maxAttempts: 2 };
  return {
    dynamodb: new DynamoDBClient({ ...common, endpoint: endpoints.dynamodb }),
    sqs: { client: new SQSClient({ ...common, endpoint: endpoints.fauxqs }), endpoint: endpoints.fauxqs } satisfies LocalSqs,
    s3: new S3Client({ ...common, endpoint: endpoints.fauxqs }),
  };
}

export async function createResources(endpoints: Endpoints): Promise<LocalResources> {
  const clients = localClients(endpoints);
  try {
    const env: Record<string, string> = awsEnv(endpoints);
    for (const table of tables) {
      await createTable(clients.dynamodb, table);
      env[table.envVar] = tableName(table);
    }
    const localQueues: LocalQueue[] = [];
    for (const queue of queues) {
      const created = await createQueue(clients.sqs, queue);
      localQueues.push(created);
      env[queue.envVar] = created.url;
    }
    for (const bucket of buckets) {
      await createBucket(clients.s3, bucket);
      env[bucket.envVar] = bucketName(bucket);
    }
    return { env, queues: localQueues };
  } finally {
    clients.dynamodb.destroy();
    clients.sqs.client.destroy();
    clients.s3.destroy();
  }
}
