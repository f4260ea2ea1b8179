import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import type { BucketDefinition, QueueDefinition, TableDefinition } from './resources.ts';

/**
 * SDK clients, created once per container. Endpoints come from the SDK's own AWS_ENDPOINT_URL_*
 * variables, so the same code talks to AWS or to the local emulators.
 */
let documentClient: DynamoDBDocumentClient | undefined;
let sqsClient: SQSClient | undefined;
let s3Client: S3Client | undefined;
let sesClient: SESv2Client | undefined;

export const dynamo = (): DynamoDBDocumentClient =>
  (documentClient ??= DynamoDBDocumentClient.from(new DynamoDBClient({ maxAttempts: 4 }), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  }));

export const sqs = (): SQSClient => (sqsClient ??= new SQSClient({ maxAttempts: 4 }));

// Emulators answer on a bare host, where virtual-hosted bucket names cannot resolve.
export const s3 = (): S3Client => (s3Client ??= new S3Client({ maxAttempts: 4, forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3) }));

/**
 * One attempt only: SES takes no idempotency token, so a retry the SDK made after a time-out could send
 * the same email twice. Failed sends are retried by the schedule, after the outcome is known.
 */
export const ses = (): SESv2Client => (sesClient ??= new SESv2Client({ maxAttempts: 1 }));

const required = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`Environment variable ${name} is not set`);
  return value;
};

export const tableName = (table: TableDefinition): string => required(table.envVar);
export const queueUrl = (queue: QueueDefinition): string => required(queue.envVar);
export const bucketName = (bucket: BucketDefinition): string => required(bucket.envVar);
export const requiredEnv = required;

/** Test seam: drop clients so a changed endpoint takes effect. */
export const resetClients = (): void => {
  documentClient = undefined;
  sqsClient = undefined;
  s3Client = undefined;
  sesClient = undefined;
};
