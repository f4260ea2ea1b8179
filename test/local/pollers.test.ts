import { randomUUID } from 'node:crypto';
import { GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { QueueDefinition } from '../../functions/platform/resources.ts';
import { failedMessageIds, startPoller, type Poller } from '../../local/pollers.ts';
import { createQueue, localCredentials, region } from '../../local/resources.ts';

const endpoint = inject('localStack').env.AWS_ENDPOINT_URL_SQS ?? '';
const sqs = new SQSClient({ region, endpoint, credentials: localCredentials });
const pollers: Poller[] = [];
afterAll(async () => {
  await Promise.all(pollers.map((p) => p.stop()));
  sqs.destroy();
});

const testQueue: QueueDefinition = { id: 'unused', envVar: 'UNUSED', visibilityTimeoutSeconds: 30, maxReceiveCount: 3, retentionDays: 1 };

async function givenQueueWith(bodies: string[]) {
  const queue = await createQueue({ client: sqs, endpoint }, testQueue, `poller-test-${randomUUID().slice(0, 8)}`);
  await sqs.send(new SendMessageBatchCommand({ QueueUrl: queue.url, Entries: bodies.map((body, i) => ({ Id: String(i), MessageBody: body })) }));
  return queue;
}

async function messagesIn(queueUrl: string): Promise<number> {
  const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
  return Number(Attributes.ApproximateNumberOfMessages) + Number(Attributes.ApproximateNumberOfMessagesNotVisible);
}

async function until(check: () => Promise<boolean> | boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('queue poller', () => {
  it('deletes what succeeded, retries what failed, and the redrive policy dead-letters a message that always fails', async () => {
    const queue = await givenQueueWith(['ok-1', 'poison', 'ok-2']);
    const deliveries: { body: string; receiveCount: string }[] = [];
    const events: SQSEvent[] = [];
    pollers.push(
      startPoller({
        sqs,
        queueUrl: queue.url,
        queueArn: queue.arn,
        retryDelaySeconds: 0,
        handler: async (event) => {
          events.push(event);
          deliveries.push(...event.Records.map((r) => ({ body: r.body, receiveCount: r.attributes.ApproximateReceiveCount })));
          return { batchItemFailures: event.Records.filter((r) => r.body === 'poison').map((r) => ({ itemIdentifier: r.messageId })) };
        },
      }),
    );

    const dead: string[] = [];
    await until(async () => {
      const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queue.dlqUrl, WaitTimeSeconds: 1 }));
      dead.push(...Messages.map((m) => m.Body ?? ''));
      return dead.length > 0;
    });

    expect(dead).toEqual(['poison']);
    expect(deliveries.filter((d) => d.body.startsWith('ok')).map((d) => d.body).sort()).toEqual(['ok-1', 'ok-2']);
    // Received maxReceiveCount times, then moved on the next receive.
    expect(deliveries.filter((d) => d.body === 'poison').map((d) => d.receiveCount)).toEqual(['1', '2', '3']);
    expect(await messagesIn(queue.url)).toBe(0);
    expect(events[0]?.Records[0]).toMatchObject({ eventSource: 'aws:sqs', eventSourceARN: queue.arn, awsRegion: region, md5OfBody: expect.any(String), receiptHandle: expect.any(String) });
  });

  it('retries the whole batch when the handler throws', async () => {
    const queue = await givenQueueWith(['a', 'b']);
    const seen: string[] = [];
    let calls = 0;
    pollers.push(
      startPoller({
        sqs,
        queueUrl: queue.url,
        queueArn: queue.arn,
        retryDelaySeconds: 0,
        maxBatchingWindowSeconds: 1,
        handler: async (event) => {
          seen.push(...event.Records.map((r) => r.body));
          if (++calls === 1) throw new Error('first attempt fails');
        },
      }),
    );
    await until(async () => seen.length >= 4 && (await messagesIn(queue.url)) === 0);
    expect(seen.sort()).toEqual(['a', 'a', 'b', 'b']);
  });

  it('reads partial batch responses as Lambda does', () => {
    const batch = [{ messageId: 'm1' }, { messageId: 'm2' }] as SQSEvent['Records'];
    expect(failedMessageIds(undefined, batch)).toEqual(new Set());
    expect(failedMessageIds({ batchItemFailures: [] }, batch)).toEqual(new Set());
    expect(failedMessageIds({ batchItemFailures: [{ itemIdentifier: 'm2' }] }, batch)).toEqual(new Set(['m2']));
    // An id that is not in the batch (or is missing) makes Lambda retry everything.
    expect(failedMessageIds({ batchItemFailures: [{ itemIdentifier: 'other' }] }, batch)).toEqual(new Set(['m1', 'm2']));
    expect(failedMessageIds({ batchItemFailures: [{}] }, batch)).toEqual(new Set(['m1', 'm2']));
  });
});
