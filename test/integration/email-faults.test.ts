// Applies the stack's environment to this worker: imported before any handler.
import { stackEnv } from '../support/in-process.ts';
import { createHash, randomUUID } from 'node:crypto';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SendEmailCommand, SESv2Client, TooManyRequestsException } from '@aws-sdk/client-sesv2';
import { DeleteMessageCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { functionDefinition } from '../../functions/catalogue.ts';
import { movedEmail } from '../../functions/emails/domain/status.ts';
import { handler as recordEmailEvent } from '../../functions/emails/handlers/record-email-event.ts';
import { handler as sendEmail } from '../../functions/emails/handlers/send-email.ts';
import { handler as sweepEmails } from '../../functions/emails/handlers/sweep-emails.ts';
import type { SweepResult } from '../../functions/emails/retry-sweep.ts';
import { emailStore } from '../../functions/emails/store.ts';
import { emailAudit } from '../../functions/emails/use-cases.ts';
import { bucketName, s3 } from '../../functions/platform/aws-clients.ts';
import { transact } from '../../functions/platform/dynamo.ts';
import { deadLetterQueueName, emailEventsQueue, emailSendQueue, lettersBucket } from '../../functions/platform/resources.ts';
import { lambdaContext } from '../../local/lambda-runtime.ts';
import { toSqsRecord } from '../../local/pollers.ts';
import { anonymous, api, runSchedule } from '../support/api.ts';
import { givenApprovedEmail, givenSelfServiceCase, mailTo, sesEvent, type EmailCase } from './email-flows.ts';
import { eventually, uniqueDigits } from './fixtures.ts';

/**
 * Faults SES, DynamoDB and the queues can throw at Send Email, on the local stack. The sendEmail and
 * sweepEmails handlers run in this worker (aws-sdk-client-mock injects the faults) against the same
 * emulators as the stack. An email under test reaches Sending by a write made here, with no queue
 * message: the stack's own sendEmail poller never sees it, so only the invocations made here send it.
 * Where a sweep runs in the stack's process (runSchedule), it is not mocked: it queues a real message
 * that the stack's poller sends through the SES emulator.
 */

const caseworker = api('caseworker', { username: 'cw-alice' });
const mocks: { restore: () => void }[] = [];
afterEach(() => {
  for (const m of mocks.splice(0)) m.restore();
});

const HOUR = 3600_000;
const sendQueueArn = `arn:aws:sqs:${stackEnv.AWS_REGION}:000000000000:${emailSendQueue.id}`;
const eventsQueueArn = `arn:aws:sqs:${stackEnv.AWS_REGION}:000000000000:${emailEventsQueue.id}`;

interface SendBody {
  correspondenceId: string;
  attempt: number;
}

type ApiEmail = {
  correspondenceId: string;
  status: string;
  srNumber: string;
  incidentId?: string;
  statusHistory: { status: string; at: string; by: string; reason?: string }[];
  errors: { at: string; kind: string; reason: string }[];
  send?: { attempt: number; retriesUsed: number; claimedAt?: string; firstFailureAt?: string; nextAttemptAt?: string; messageId?: string; sentAt?: string; message?: { key: string; sha256: string; bytes: number } };
  deliveryEvents: { type: string; at: string }[];
};
type Incident = { incidentId: string; kind: string; status: string; correspondenceId: string; owner: string; attempts: number; reason: string; srNumber: string; caseNumber: string };

const readEmail = async (id: string): Promise<ApiEmail> => {
  const res = await caseworker.get(`/emails/${id}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as ApiEmail;
};

/** An approved email put into Sending for attempt 1 by a write here, as Send Email would, but with no queue message. */
async function givenSendingEmail(fixture?: EmailCase): Promise<{ fixture: EmailCase; id: string; message: SendBody }> {
  const emailCase = fixture ?? (await givenSelfServiceCase());
  const approved = await givenApprovedEmail(emailCase);
  const email = (await emailStore.get(approved.correspondenceId))!;
  const actor = { id: 'cw-alice', role: 'caseworker' };
  const now = new Date();
  const next = movedEmail(email, 'Sending', actor, now, { send: { attempt: 1, requestedAt: now.toISOString(), requestedBy: actor.id, retriesUsed: 0 } });
  await transact([...emailStore.replace(next, email.version), emailAudit(actor, 'EmailSendRequested', email, next, now)]);
  return { fixture: emailCase, id: email.correspondenceId, message: { correspondenceId: email.correspondenceId, attempt: 1 } };
}

/**
 * One EmailSend queue message handed to the sendEmail handler in this worker, as Lambda would; `messageId`
 * repeats for a redelivery. Returns the ids Lambda would retry, with the errors behind them: a batch whose
 * every record failed is thrown as a whole (Powertools' FullBatchFailureError), as Lambda sees it.
 */
async function deliverSend(body: SendBody, messageId: string = randomUUID()): Promise<{ batchItemFailures: SQSBatchResponse['batchItemFailures']; errors: unknown[] }> {
  const record = toSqsRecord({ MessageId: messageId, ReceiptHandle: `in-process-${randomUUID()}`, Body: JSON.stringify(body) }, sendQueueArn);
  const event: SQSEvent = { Records: [record] };
  try {
    const response = (await sendEmail(event, lambdaContext(functionDefinition('sendEmail')))) as SQSBatchResponse;
    return { batchItemFailures: response.batchItemFailures, errors: [] };
  } catch (error) {
    const all = error as { name?: string; recordErrors?: unknown[] };
    if (all.name !== 'FullBatchFailureError') throw error;
    return { batchItemFailures: [{ itemIdentifier: messageId }], errors: all.recordErrors ?? [] };
  }
}

/** The sweep in this worker at `at`, with SQS mocked: the next attempts it queues are returned, never sent to the stack. */
async function sweepHere(at: Date): Promise<{ result: SweepResult; queued: SendBody[] }> {
  const sqs = mockClient(SQSClient);
  try {
    sqs.on(SendMessageCommand).callsFake(async () => ({ MessageId: randomUUID() }));
    const result = (await sweepEmails({ at: at.toISOString() }, lambdaContext(functionDefinition('sweepEmails')))) as SweepResult;
    const queued = sqs.commandCalls(SendMessageCommand).map((c) => JSON.parse(c.args[0].input.MessageBody ?? '{}') as SendBody);
    return { result, queued };
  } finally {
    sqs.restore();
  }
}

async function openIncidents(): Promise<Incident[]> {
  const items: Incident[] = [];
  let cursor: string | undefined;
  do {
    const res = await caseworker.get(`/incidents?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const page = res.body as { items: Incident[]; nextCursor?: string };
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

const myIncidentActivities = async () =>
  (((await caseworker.get('/my-activities')).body as { groups: Record<string, { correspondenceId: string; channel: string; incidentId?: string }[]> }).groups.incident ?? []);

const postSesEvent = async (event: unknown): Promise<void> => {
  const res = await anonymous({ 'content-type': 'application/json' }).raw('POST', '/local/ses-events', typeof event === 'string' ? event : JSON.stringify(event));
  expect(res.status, JSON.stringify(res.body)).toBe(202);
};

const serverFault = (name: string, status: number, message: string) => Object.assign(new Error(message), { name, $fault: 'server' as const, $metadata: { httpStatusCode: status } });
/** DynamoDB failing the outcome's transaction: what a process dying before the write looks like afterwards. */
const dynamoOutage = () => serverFault('InternalServerError', 500, 'Internal server error');

/** Fails every TransactWriteCommand made in this worker (the sender's outcome write) while everything else reaches DynamoDB Local. */
function failOutcomeWrites() {
  const dynamo = mockClient(DynamoDBDocumentClient);
  mocks.push(dynamo);
  dynamo.send.callThrough();
  dynamo.on(TransactWriteCommand).rejects(dynamoOutage());
  return dynamo;
}

describe('Send Email when SES fails', () => {
  it('throttling, then 5xx and time-outs: retried exactly 3 times over 24 hours (1 h, 6 h, 24 h), then an incident; nothing is sent', async () => {
    const { fixture, id, message } = await givenSendingEmail();
    const ses = mockClient(SESv2Client);
    mocks.push(ses);
    ses
      .on(SendEmailCommand)
      .rejectsOnce(new TooManyRequestsException({ message: 'Maximum sending rate exceeded.', $metadata: { httpStatusCode: 429 } }))
      .rejectsOnce(serverFault('ServiceUnavailableException', 503, 'Service Unavailable'))
      .rejectsOnce(Object.assign(new Error('Connection timed out after 30000 ms'), { name: 'TimeoutError' }))
      .rejectsOnce(serverFault('InternalFailure', 500, 'Internal failure'))
      .rejects(new Error('SES was called more than 4 times'));

    // The first attempt is throttled: Retrying, an hour after the failure.
    expect((await deliverSend(message)).batchItemFailures).toEqual([]);
    let email = await readEmail(id);
    expect(email.status).toBe('Retrying');
    const firstFailureAt = Date.parse(email.send!.firstFailureAt!);
    expect(email.send).toMatchObject({ attempt: 1, retriesUsed: 0, nextAttemptAt: new Date(firstFailureAt + 1 * HOUR).toISOString() });
    expect(email.errors).toEqual([expect.objectContaining({ kind: 'transient', reason: expect.stringContaining('TooManyRequestsException') })]);
    expect((await myIncidentActivities()).map((a) => a.correspondenceId)).not.toContain(id);

    // Each retry is due 1, 6 and 24 hours after the first failure, not a minute before; each fails again.
    const retries = [
      { hours: 1, fails: 'ServiceUnavailableException', next: 6 },
      { hours: 6, fails: 'TimeoutError', next: 24 },
      { hours: 24, fails: 'InternalFailure', next: undefined },
    ];
    for (const [i, retry] of retries.entries()) {
      const due = new Date(firstFailureAt + retry.hours * HOUR);
      const early = await sweepHere(new Date(due.getTime() - 60_000));
      expect(early.queued.filter((q) => q.correspondenceId === id)).toEqual([]);
      expect((await readEmail(id)).status).toBe('Retrying');

      const swept = await sweepHere(due);
      expect(swept.result.retried).toBeGreaterThanOrEqual(1);
      expect(swept.queued.filter((q) => q.correspondenceId === id)).toEqual([{ correspondenceId: id, attempt: i + 2 }]);
      email = await readEmail(id);
      expect(email).toMatchObject({ status: 'Sending', send: { attempt: i + 2, retriesUsed: i + 1 } });
      expect(email.send?.claimedAt).toBeUndefined();
      expect(email.statusHistory.at(-1)?.reason).toBe(`Retry ${i + 1} of 3`);

      expect((await deliverSend({ correspondenceId: id, attempt: i + 2 })).batchItemFailures).toEqual([]);
      email = await readEmail(id);
      expect(email.errors.at(-1)).toMatchObject({ kind: 'transient', reason: expect.stringContaining(retry.fails) });
      if (retry.next !== undefined) {
        expect(email).toMatchObject({ status: 'Retrying', send: { attempt: i + 2, nextAttemptAt: new Date(firstFailureAt + retry.next * HOUR).toISOString() } });
      }
    }

    // The third retry failed: no fourth, an incident.
    expect(ses.commandCalls(SendEmailCommand).map((c) => c.args[0].input.EmailTags?.find((t) => t.Name === 'attempt')?.Value)).toEqual(['1', '2', '3', '4']);
    expect(email.status).toBe('Incident Raised');
    expect(email.send).toMatchObject({ attempt: 4, retriesUsed: 3 });
    expect(email.send?.nextAttemptAt).toBeUndefined();
    expect(email.errors.map((e) => e.kind)).toEqual(['transient', 'transient', 'transient', 'transient']);
    expect(JSON.stringify(email.errors)).not.toContain(fixture.clientEmail);
    const incidentId = email.incidentId!;
    expect(incidentId).toMatch(/^INC-/);
    const after = await sweepHere(new Date(firstFailureAt + 48 * HOUR));
    expect(after.queued.filter((q) => q.correspondenceId === id)).toEqual([]);

    expect((await openIncidents()).find((i) => i.incidentId === incidentId)).toMatchObject({ correspondenceId: id, kind: 'email-not-sent', status: 'open' });
    const incident = await caseworker.get(`/incidents/${incidentId}`);
    expect(incident.status).toBe(200);
    expect(incident.body).toMatchObject({ incidentId, kind: 'email-not-sent', status: 'open', correspondenceId: id, srNumber: email.srNumber, owner: 'cw-alice', attempts: 4, reason: expect.stringContaining('3 retries over 24 hours') });
    expect(await myIncidentActivities()).toEqual(expect.arrayContaining([expect.objectContaining({ correspondenceId: id, channel: 'email', incidentId })]));
    expect(await mailTo(fixture.clientEmail)).toEqual([]);
  });

  it('a throttled send is retried an hour later by the schedule and goes once, through the SES emulator', async () => {
    const { fixture, id, message } = await givenSendingEmail();
    const ses = mockClient(SESv2Client);
    mocks.push(ses);
    ses.on(SendEmailCommand).rejects(new TooManyRequestsException({ message: 'Maximum sending rate exceeded.', $metadata: { httpStatusCode: 429 } }));
    expect((await deliverSend(message)).batchItemFailures).toEqual([]);
    ses.restore();
    const retrying = await readEmail(id);
    expect(retrying.status).toBe('Retrying');

    // The stack's own sweep, not mocked: the retry goes to the real queue, its poller and the emulator.
    await runSchedule('sweepEmails', { at: retrying.send!.nextAttemptAt });
    const sent = await eventually(() => readEmail(id), (e) => e.status === 'Successfully Fulfilled');
    expect(sent).toMatchObject({ status: 'Successfully Fulfilled', send: { attempt: 2, retriesUsed: 1 } });
    const mail = await mailTo(fixture.clientEmail);
    expect(mail).toHaveLength(1);
    expect(sent.send?.messageId).toBe(mail[0]!.messageId);
    expect(sent.errors).toHaveLength(1);
  });
});

describe('Send Email exactly once', () => {
  it('a send message redelivered after success sends nothing more: one email in the mail viewer, and S3 holds what was sent', async () => {
    const { fixture, id, message } = await givenSendingEmail();
    const queueMessageId = randomUUID();
    expect((await deliverSend(message, queueMessageId)).batchItemFailures).toEqual([]);
    const sent = await readEmail(id);
    expect(sent.status).toBe('Successfully Fulfilled');

    expect((await deliverSend(message, queueMessageId)).batchItemFailures).toEqual([]);
    expect((await deliverSend(message)).batchItemFailures).toEqual([]);
    const mail = await mailTo(fixture.clientEmail);
    expect(mail).toHaveLength(1);
    expect(sent.send?.messageId).toBe(mail[0]!.messageId);
    expect(await readEmail(id)).toEqual(sent);

    const stored = await s3().send(new GetObjectCommand({ Bucket: bucketName(lettersBucket), Key: sent.send!.message!.key }));
    const bytes = Buffer.from(await stored.Body!.transformToByteArray());
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(sent.send!.message!.sha256);
    expect(bytes.length).toBe(sent.send!.message!.bytes);
  });

  it('two deliveries of the send message at once: one email in the mail viewer', async () => {
    const { fixture, id, message } = await givenSendingEmail();
    const responses = await Promise.all([deliverSend(message), deliverSend(message)]);
    expect(responses.map((r) => r.batchItemFailures)).toEqual([[], []]);
    const sent = await readEmail(id);
    expect(sent.status).toBe('Successfully Fulfilled');
    const mail = await mailTo(fixture.clientEmail);
    expect(mail).toHaveLength(1);
    expect(sent.send?.messageId).toBe(mail[0]!.messageId);
  });

  // Every delivery of one attempt builds the same bytes (the Date is when the attempt began), so the
  // delivery that loses the claim can only rewrite the archive with what was sent.
  it('two deliveries a second apart: S3 still holds exactly the bytes sent', async () => {
    const { fixture, id, message } = await givenSendingEmail();
    const realSend = S3Client.prototype.send;
    const s3mock = mockClient(S3Client);
    mocks.push(s3mock);
    s3mock.send.callThrough();
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let atPut = () => {};
    const firstAtPut = new Promise<void>((resolve) => (atPut = resolve));
    s3mock.on(PutObjectCommand).callsFakeOnce(async (input: PutObjectCommand['input'], getClient: () => S3Client) => {
      atPut();
      await held;
      return (realSend as (command: PutObjectCommand) => Promise<unknown>).call(getClient(), new PutObjectCommand(input));
    });

    const first = deliverSend(message);
    await firstAtPut;
    await new Promise((resolve) => setTimeout(resolve, 1020 - (Date.now() % 1000)));
    expect((await deliverSend(message)).batchItemFailures).toEqual([]);
    release();
    expect((await first).batchItemFailures).toEqual([]);

    const sent = await readEmail(id);
    expect(sent.status).toBe('Successfully Fulfilled');
    expect(await mailTo(fixture.clientEmail)).toHaveLength(1);
    const stored = await s3().send(new GetObjectCommand({ Bucket: bucketName(lettersBucket), Key: sent.send!.message!.key }));
    const bytes = Buffer.from(await stored.Body!.transformToByteArray());
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(sent.send!.message!.sha256);
  });
});

describe('a crash between the SES call and the status write', () => {
  it('leaves the email claimed in Sending; a redelivery sends nothing; the SES Send event reconciles it to Successfully Fulfilled', async () => {
    const { fixture, id, message } = await givenSendingEmail();
    const dynamo = failOutcomeWrites();
    const crashed = await deliverSend(message, 'crashed-delivery');
    dynamo.restore();
    // The message failed (it would be received again); SES had already sent it.
    expect(crashed.batchItemFailures).toEqual([{ itemIdentifier: 'crashed-delivery' }]);
    expect(crashed.errors).toEqual([expect.objectContaining({ name: 'InternalServerError' })]);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
    const mail = await mailTo(fixture.clientEmail);
    expect(mail).toHaveLength(1);

    const stuck = await readEmail(id);
    expect(stuck.status).toBe('Sending');
    expect(stuck.send?.claimedAt).toBeTruthy();
    expect(stuck.send?.messageId).toBeUndefined();

    // Redelivered (Lambda retries the failed message): the claim stops a second send.
    expect((await deliverSend(message, 'crashed-delivery')).batchItemFailures).toEqual([]);
    expect(await mailTo(fixture.clientEmail)).toHaveLength(1);
    expect(await readEmail(id)).toEqual(stuck);

    // SES's Send event for that attempt confirms it.
    await postSesEvent(sesEvent('Send', { correspondenceId: id, attempt: 1, messageId: mail[0]!.messageId, address: fixture.clientEmail }));
    const confirmed = await eventually(() => readEmail(id), (e) => e.status === 'Successfully Fulfilled');
    expect(confirmed).toMatchObject({ status: 'Successfully Fulfilled', send: { attempt: 1, messageId: mail[0]!.messageId } });
    expect(confirmed.statusHistory.at(-1)).toMatchObject({ status: 'Successfully Fulfilled', reason: 'Confirmed by SES' });
    expect(confirmed.deliveryEvents.map((e) => e.type)).toEqual(['Sent']);
    expect((await caseworker.get(`/service-requests/${confirmed.srNumber}`)).body).toMatchObject({ enquiry: { respondedWith: id } });
    expect(await mailTo(fixture.clientEmail)).toHaveLength(1);
  });

  it('with no Send event, the schedule raises an email-send-outcome-unknown incident instead of sending again', async () => {
    const { fixture, id, message } = await givenSendingEmail();
    failOutcomeWrites();
    expect((await deliverSend(message, 'crashed-delivery')).batchItemFailures).toHaveLength(1);
    for (const m of mocks.splice(0)) m.restore();
    expect(await mailTo(fixture.clientEmail)).toHaveLength(1);
    expect((await readEmail(id)).status).toBe('Sending');

    // Not yet: 10 minutes after the claim the outcome may still be confirmed.
    await runSchedule('sweepEmails', { at: new Date(Date.now() + 10 * 60_000).toISOString(), unknownAfterMinutes: 15 });
    expect((await readEmail(id)).status).toBe('Sending');

    const result = (await runSchedule('sweepEmails', { at: new Date(Date.now() + 20 * 60_000).toISOString(), unknownAfterMinutes: 15 })) as SweepResult;
    expect(result.unknown).toBeGreaterThanOrEqual(1);
    const email = await readEmail(id);
    expect(email.status).toBe('Incident Raised');
    expect(email.errors.at(-1)).toMatchObject({ kind: 'unknown', reason: expect.stringContaining('Check the SES sending log') });
    const incident = (await caseworker.get(`/incidents/${email.incidentId}`)).body as Incident;
    expect(incident).toMatchObject({ kind: 'email-send-outcome-unknown', status: 'open', correspondenceId: id, owner: 'cw-alice', attempts: 1 });
    expect((await openIncidents()).map((i) => i.incidentId)).toContain(email.incidentId);
    expect(await myIncidentActivities()).toEqual(expect.arrayContaining([expect.objectContaining({ correspondenceId: id, incidentId: email.incidentId })]));

    // Nothing is resent, now or later.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(await mailTo(fixture.clientEmail)).toHaveLength(1);
    expect((await readEmail(id)).status).toBe('Incident Raised');

    // SES's Send event, late: the email was sent after all, and the incident is resolved.
    const mail = await mailTo(fixture.clientEmail);
    await postSesEvent(sesEvent('Send', { correspondenceId: id, attempt: 1, messageId: mail[0]!.messageId, address: fixture.clientEmail }));
    const confirmed = await eventually(() => readEmail(id), (e) => e.status === 'Successfully Fulfilled');
    expect(confirmed).toMatchObject({ status: 'Successfully Fulfilled', incidentId: email.incidentId, send: { messageId: mail[0]!.messageId } });
    expect((await caseworker.get(`/incidents/${email.incidentId}`)).body).toMatchObject({ status: 'resolved', resolvedAt: expect.any(String) });
    expect((await openIncidents()).map((i) => i.incidentId)).not.toContain(email.incidentId);
    expect((await myIncidentActivities()).map((a) => a.correspondenceId)).not.toContain(id);
  });

  it('a time-out after which SES had in fact sent: the Send event confirms it while it waits to retry, and the retry never happens', async () => {
    const { fixture, id, message } = await givenSendingEmail();
    const ses = mockClient(SESv2Client);
    mocks.push(ses);
    ses.on(SendEmailCommand).rejects(Object.assign(new Error('Connection timed out after 30000 ms'), { name: 'TimeoutError' }));
    expect((await deliverSend(message)).batchItemFailures).toEqual([]);
    ses.restore();
    const retrying = await readEmail(id);
    expect(retrying).toMatchObject({ status: 'Retrying', send: { attempt: 1, claimedAt: expect.any(String) } });

    const messageId = `0102019${uniqueDigits(10)}-${randomUUID()}-000000`;
    await postSesEvent(sesEvent('Send', { correspondenceId: id, attempt: 1, messageId, address: fixture.clientEmail }));
    const confirmed = await eventually(() => readEmail(id), (e) => e.status === 'Successfully Fulfilled');
    expect(confirmed).toMatchObject({ status: 'Successfully Fulfilled', send: { attempt: 1, messageId } });
    expect(confirmed.send?.nextAttemptAt).toBeDefined(); // kept for the record; no longer in the retry queue
    const swept = await sweepHere(new Date(Date.parse(retrying.send!.nextAttemptAt!) + 60_000));
    expect(swept.queued.filter((q) => q.correspondenceId === id)).toEqual([]);
    expect((await readEmail(id)).status).toBe('Successfully Fulfilled');
  });
});

describe('SES events', () => {
  it('a malformed SES event ends in the EmailEvents dead-letter queue', { timeout: 90_000 }, async () => {
    const marker = uniqueDigits(12);
    const body = JSON.stringify({ hello: 1, marker });
    await postSesEvent(body);

    const sqs = new SQSClient({});
    const dlqUrl = stackEnv[emailEventsQueue.envVar]!.replace(/[^/]+$/, deadLetterQueueName(emailEventsQueue));
    try {
      let found: { ReceiptHandle?: string; Body?: string } | undefined;
      const deadline = Date.now() + 75_000;
      while (!found && Date.now() < deadline) {
        const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlqUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 0 }));
        found = Messages.find((m) => m.Body === body);
      }
      expect(found?.Body).toBe(body);
      await sqs.send(new DeleteMessageCommand({ QueueUrl: dlqUrl, ReceiptHandle: found!.ReceiptHandle! }));
    } finally {
      sqs.destroy();
    }
  });

  it('the same Delivery event delivered twice is recorded once', { timeout: 60_000 }, async () => {
    const { fixture, id, message } = await givenSendingEmail();
    expect((await deliverSend(message)).batchItemFailures).toEqual([]);
    const sent = await readEmail(id);
    expect(sent.status).toBe('Successfully Fulfilled');

    const delivery = sesEvent('Delivery', { correspondenceId: id, attempt: 1, messageId: sent.send!.messageId!, address: fixture.clientEmail });
    await postSesEvent(delivery);
    await postSesEvent(delivery);
    await eventually(() => readEmail(id), (e) => e.deliveryEvents.some((d) => d.type === 'Delivered'));

    // Both messages have been consumed (deleted from the queue) before counting.
    const sqs = new SQSClient({});
    try {
      const queueUrl = stackEnv[emailEventsQueue.envVar]!;
      const inQueue = async () => {
        const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'] }));
        return Number(Attributes.ApproximateNumberOfMessages ?? 0) + Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0) + Number(Attributes.ApproximateNumberOfMessagesDelayed ?? 0);
      };
      expect(await eventually(inQueue, (n) => n === 0, 30_000)).toBe(0);
    } finally {
      sqs.destroy();
    }
    // And once more, in this worker: the handler takes it as a duplicate.
    const again = toSqsRecord({ MessageId: randomUUID(), ReceiptHandle: randomUUID(), Body: JSON.stringify(delivery) }, eventsQueueArn);
    expect(((await recordEmailEvent({ Records: [again] }, lambdaContext(functionDefinition('recordEmailEvent')))) as SQSBatchResponse).batchItemFailures).toEqual([]);

    const email = await readEmail(id);
    expect(email.deliveryEvents.filter((e) => e.type === 'Delivered')).toHaveLength(1);
    expect(email.deliveryEvents.map((e) => e.type)).toEqual(['Delivered']);
  });
});
