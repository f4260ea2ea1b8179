import { Duration } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { deadLetterQueueName, type QueueDefinition } from '../functions/platform/resources.ts';
import { acknowledge } from './nag.ts';

/** Dead-letter queues keep messages for the SQS maximum, so a failure found late can still be replayed. */
export const deadLetterRetention = Duration.days(14);

/**
 * A dead-letter queue: encrypted (SQS-managed SSE), TLS only, 14 days. It is the end of a redrive chain,
 * so it has no redrive policy of its own.
 */
export function deadLetterQueue(scope: Construct, id: string): Queue {
  const queue = new Queue(scope, id, {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: deadLetterRetention,
  });
  acknowledge(queue, 'Serverless-SQSRedrivePolicy', 'This queue is itself a dead-letter queue, the end of the redrive chain; it is alarmed on ApproximateNumberOfMessagesVisible > 0.');
  return queue;
}

/** A work queue from its definition, with its dead-letter queue after maxReceiveCount receives. */
export class DurableQueue extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, readonly definition: QueueDefinition) {
    super(scope, definition.id);
    this.deadLetterQueue = deadLetterQueue(this, deadLetterQueueName(definition));
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(definition.visibilityTimeoutSeconds),
      retentionPeriod: Duration.days(definition.retentionDays),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: definition.maxReceiveCount },
    });
  }
}
