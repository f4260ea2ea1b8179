import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { S3Client } from '@aws-sdk/client-s3';
import type { BucketDefinition, QueueDefinition, TableDefinition } from './resources.ts';

/**
 * SDK clients, created once per container. Endpoints come from the SDK's own AWS_ENDPOINT_URL_*
 * variables, so the same code talks to AWS or to the local emulators.
 */
let documentClient: DynamoDBDocumentClient | undefined;
let sqsClient: SQSClient | undefined;
let s3Client: S3Client | undefined;

export const dynamo = (): DynamoDBDocumentClient =>
  (documentClient ??= DynamoDBDocumentClient.from(new DynamoDBClient({ maxAttempts: 4 }), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  }));

export const sqs = (): SQSClient => (sqsClient ??= new SQSClient({ maxAttempts: 4 }));

// Emulators answer on a bare host, where virtual-hosted bucket names cannot resolve.
export const s3 = (): S3Client => (s3Client ??= new S3Client({ maxAttempts: 4, forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3) }));

const required = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`Environment variable ${name} is not set`);
  return value;
};

export const tableName = (table: TableDefinition): string => required(table.envVar);
export const queueUrl = (queue: QueueDefinition): string => required(queue.envVar);
export const bucketName = (bucket: BucketDefinition): string => required(bucket.envVar);

/** Test seam: drop clients so a changed endpoint takes effect. */
export const resetClients = (): void => {
  documentClient = undefined;
  sqsClient = undefined;
  s3Client = undefined;
};
