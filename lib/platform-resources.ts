import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { BucketDefinition, QueueDefinition, TableDefinition } from '../functions/platform/resources.ts';

/** Sending email through SES: the configuration set every email goes out with (emailSending in resources.ts). */
export interface EmailResources {
  readonly configurationSetName: string;
  readonly configurationSetArn: string;
}

/** The stateful resources as seen by the stack that holds the functions, each with its definition. */
export interface PlatformResources {
  readonly tables: ReadonlyMap<string, { readonly definition: TableDefinition; readonly table: ITable }>;
  readonly queues: ReadonlyMap<string, { readonly definition: QueueDefinition; readonly queue: IQueue; readonly deadLetterQueue: IQueue }>;
  readonly buckets: ReadonlyMap<string, { readonly definition: BucketDefinition; readonly bucket: IBucket }>;
  readonly email: EmailResources;
}

export function lookup<T>(map: ReadonlyMap<string, T>, id: string, kind: string): T {
  const found = map.get(id);
  if (!found) throw new Error(`The catalogue names ${kind} ${id}, which resources.ts does not define`);
  return found;
}
