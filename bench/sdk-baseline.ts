import type { FunctionDefinition } from '../functions/platform/catalogue-types.ts';

/**
 * The baseline a function is compared with: a bundle that only imports and instantiates the AWS SDK
 * clients the function's catalogue resources call for, and nothing else.
 */

interface SdkClient {
  readonly label: string;
  /** The npm package whose client this is (to spot clients a bundle carries without the resource). */
  readonly packageName: string;
  readonly imports: string;
  readonly instance: string;
}

const clients = {
  dynamodb: {
    label: 'DynamoDBClient+DynamoDBDocumentClient',
    packageName: '@aws-sdk/client-dynamodb',
    imports: "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nimport { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';",
    instance: 'DynamoDBDocumentClient.from(new DynamoDBClient({}))',
  },
  sqs: {
    label: 'SQSClient',
    packageName: '@aws-sdk/client-sqs',
    imports: "import { SQSClient } from '@aws-sdk/client-sqs';",
    instance: 'new SQSClient({})',
  },
  s3: {
    label: 'S3Client',
    packageName: '@aws-sdk/client-s3',
    imports: "import { S3Client } from '@aws-sdk/client-s3';",
    instance: 'new S3Client({})',
  },
} as const satisfies Record<string, SdkClient>;

export type SdkClientId = keyof typeof clients;

export const sdkClientPackages: Readonly<Record<SdkClientId, string>> = {
  dynamodb: clients.dynamodb.packageName,
  sqs: clients.sqs.packageName,
  s3: clients.s3.packageName,
};

const nonEmpty = (resources: object | undefined): boolean => resources !== undefined && Object.keys(resources).length > 0;

/** The SDK clients a function needs, from its catalogue tables / queues / buckets. */
export function sdkClientsOf(definition: FunctionDefinition): SdkClientId[] {
  return [
    ...(nonEmpty(definition.tables) ? (['dynamodb'] as const) : []),
    ...(nonEmpty(definition.queues) ? (['sqs'] as const) : []),
    ...(nonEmpty(definition.buckets) ? (['s3'] as const) : []),
  ];
}

export const baselineKey = (ids: readonly SdkClientId[]): string => (ids.length === 0 ? 'none' : ids.join('+'));

export const baselineLabel = (ids: readonly SdkClientId[]): string =>
  ids.length === 0 ? 'no SDK clients' : ids.map((id) => clients[id].label).join(' + ');

/** Entry source of the baseline bundle: import, instantiate, keep the clients reachable from `handler`. */
export function baselineSource(ids: readonly SdkClientId[]): string {
  return [
    ...ids.map((id) => clients[id].imports),
    `const clients = [${ids.map((id) => clients[id].instance).join(', ')}];`,
    'export const handler = async () => clients.length;',
    '',
  ].join('\n');
}
