import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { catalogue } from '../functions/catalogue.ts';
import { invoke } from './lambda-runtime.ts';
import { log } from './log.ts';
import { region, type LocalQueue } from './resources.ts';

/**
 * Plays Lambda's SQS event source mapping with ReportBatchItemFailures: long-polls a queue, hands the
 * handler a real SQSEvent, deletes the messages that succeeded and leaves the failed ones to be
 * received again. Dead-lettering is the queue's own RedrivePolicy: fauxqs moves a message to the DLQ
 * when a receive would exceed maxReceiveCount, as SQS does.
 */

export interface PollerOptions {
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  readonly queueArn: string;
  readonly handler: (event: SQSEvent) => Promise<unknown>;
  /** Messages per invocation (Lambda's BatchSize). */
  readonly batchSize?: number;
  /** How long to keep gathering a batch (Lambda's MaximumBatchingWindowInSeconds). */
  readonly maxBatchingWindowSeconds?: number;
  /** Long-poll wait; short so the poller reacts and stops quickly. */
  readonly waitTimeSeconds?: number;
  /**
   * Lambda leaves a failed message invisible for the rest of the queue's visibility timeout (60 s
   * here); locally it is made visible again after this many seconds so retries are quick.
   */
  readonly retryDelaySeconds?: number;
  readonly name?: string;
}

export interface Poller {
  stop(): Promise<void>;
}

const toBase64 = (bytes: Uint8Array | undefined) => (bytes ? Buffer.from(bytes).toString('base64') : undefined);

export function toSqsRecord(message: Message, queueArn: string): SQSRecord {
  const attributes = message.Attributes ?? {};
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
      SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
      SenderId: attributes.SenderId ?? '000000000000',
      ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
      ...(attributes.SequenceNumber ? { SequenceNumber: attributes.SequenceNumber } : {}),
      ...(attributes.MessageGroupId ? { MessageGroupId: attributes.MessageGroupId } : {}),
      ...(attributes.MessageDeduplicationId ? { MessageDeduplicationId: attributes.MessageDeduplicationId } : {}),
    },
    messageAttributes: Object.fromEntries(
      Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
        name,
        {
          dataType: value.DataType ?? 'String',
          ...(value.StringValue !== undefined ? { stringValue: value.StringValue } : {}),
          ...(value.BinaryValue !== undefined ? { binaryValue: toBase64(value.BinaryValue) } : {}),
          stringListValues: value.StringListValues ?? [],
          binaryListValues: (value.BinaryListValues ?? []).map((b) => toBase64(b) ?? ''),
        },
      ]),
    ),
    md5OfBody: message.MD5OfBody ?? '',
    ...(message.MD5OfMessageAttributes ? { md5OfMessageAttributes: message.MD5OfMessageAttributes } : {}),
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: queueArn.split(':')[3] ?? region,
  };
}

/**
 * The ids of the messages to retry, read as Lambda reads a partial batch response: nothing (or an
 * empty list) means all succeeded; a malformed response or an id not in the batch fails the batch.
 */
export function failedMessageIds(response: unknown, batch: readonly SQSRecord[]): Set<string> {
  const everything = new Set(batch.map((r) => r.messageId));
  if (response === undefined || response === null) return new Set();
  const failures = (response as Partial<SQSBatchResponse>).batchItemFailures;
  if (failures === undefined || failures === null) return new Set();
  if (!Array.isArray(failures)) return everything;
  const ids = failures.map((f: unknown) => (f as { itemIdentifier?: unknown } | null)?.itemIdentifier);
  if (ids.some((id) => typeof id !== 'string' || !everything.has(id))) return everything;
  return new Set(ids as string[]);
}

const chunks = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, i * size + size));

export function startPoller(options: PollerOptions): Poller {
  const { sqs, queueUrl, queueArn, handler } = options;
  const batchSize = options.batchSize ?? 10;
  const name = options.name ?? queueUrl.split('/').at(-1) ?? queueUrl;
  const abort = new AbortController();
  let stopped = false;

  async function receiveBatch(): Promise<Message[]> {
    const batch: Message[] = [];
    const deadline = Date.now() + (options.maxBatchingWindowSeconds ?? 0) * 1000;
    while (batch.length < batchSize && !stopped) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: Math.min(10, batchSize - batch.length),
          WaitTimeSeconds: batch.length === 0 ? (options.waitTimeSeconds ?? 1) : 0,
          MessageSystemAttributeNames: ['All'],
          MessageAttributeNames: ['All'],
        }),
        { abortSignal: abort.signal },
      );
      batch.push(...Messages);
      if (Messages.length === 0 || Date.now() >= deadline) break;
    }
    return batch;
  }

  async function settle(records: readonly SQSRecord[], failed: ReadonlySet<string>): Promise<void> {
    const succeeded = records.filter((r) => !failed.has(r.messageId));
    const retried = records.filter((r) => failed.has(r.messageId));
    for (const chunk of chunks(succeeded, 10)) {
      await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: chunk.map((r, i) => ({ Id: String(i), ReceiptHandle: r.receiptHandle })) }));
    }
    for (const chunk of chunks(retried, 10)) {
      await sqs.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: queueUrl,
          Entries: chunk.map((r, i) => ({ Id: String(i), ReceiptHandle: r.receiptHandle, VisibilityTimeout: options.retryDelaySeconds ?? 2 })),
        }),
      );
    }
  }

  async function poll(): Promise<void> {
    while (!stopped) {
      try {
        const messages = await receiveBatch();
        if (messages.length === 0) continue;
        const records = messages.map((m) => toSqsRecord(m, queueArn));
        let failed: Set<string>;
        try {
          failed = failedMessageIds(await handler({ Records: records }), records);
        } catch (error) {
          // A thrown error fails the whole batch, as with Lambda.
          log.error(`${name}: handler threw; the batch of ${records.length} will be retried`, error);
          failed = new Set(records.map((r) => r.messageId));
        }
        await settle(records, failed);
      } catch (error) {
        if (stopped) return;
        log.error(`${name}: polling failed; retrying in 1 s`, error);
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }

  const running = poll();
  return {
    async stop() {
      stopped = true;
      abort.abort();
      await running;
    },
  };
}

/** A poller for every queue-triggered function in the catalogue. */
export function startCataloguePollers(sqs: SQSClient, queues: readonly LocalQueue[], retryDelaySeconds?: number): Poller {
  const pollers = catalogue.flatMap((definition) => {
    const trigger = definition.trigger;
    if (trigger.type !== 'queue') return [];
    const queue = queues.find((q) => q.definition.id === trigger.queue);
    if (!queue) throw new Error(`${definition.name} consumes ${trigger.queue}, which was not created`);
    return [
      startPoller({
        sqs,
        queueUrl: queue.url,
        queueArn: queue.arn,
        handler: (event) => invoke(definition, event),
        batchSize: trigger.batchSize,
        ...(trigger.maxBatchingWindowSeconds !== undefined ? { maxBatchingWindowSeconds: trigger.maxBatchingWindowSeconds } : {}),
        ...(retryDelaySeconds !== undefined ? { retryDelaySeconds } : {}),
        name: definition.name,
      }),
    ];
  });
  return { stop: async () => void (await Promise.all(pollers.map((p) => p.stop()))) };
}
