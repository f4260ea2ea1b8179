import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { bucketName, dynamo, s3, ses, tableName } from '../functions/platform/aws-clients.ts';
import { transact } from '../functions/platform/dynamo.ts';
import { keys } from '../functions/platform/keys.ts';
import { caseworkTable, emailSending, lettersBucket } from '../functions/platform/resources.ts';
import { rawMessage } from '../functions/emails/mime.ts';
import type { Email } from '../functions/emails/schemas.ts';
import { sendOnce } from '../functions/emails/sender.ts';
import { senderPorts } from '../functions/emails/sender-adapters.ts';
import { emailStore } from '../functions/emails/store.ts';
import { serviceRequestStore } from '../functions/service-requests/store.ts';
import type { ServiceRequest } from '../functions/service-requests/schemas.ts';
import { startStack, type Stack } from '../local/stack.ts';
import { logger } from '../functions/platform/logger.ts';
import { onCleanup } from './cleanup.ts';
import { ms, percentile, ratio, summaryLine, table } from './stats.ts';

/**
 * Benchmark `email-send` (issue 8): the sender function's work per email (sendOnce with its production
 * ports), in this process against the local stack's emulators (DynamoDB Local, fauxqs S3, the SES
 * emulator), against the raw calls any send-once sender must make, issued directly with the same clients
 * and interleaved: GetItem of the email, PutObject of the exact message, the conditional claim
 * (UpdateItem), the SES SendEmail with the raw message, and the conditional outcome write with its audit
 * event (TransactWriteItems of two Puts). Ours adds the address-validity read and, in the outcome
 * transaction, the My Activities entry, the SR's enquiry answer and its due-list removal.
 * Knobs: BENCH_EMAIL_N (200 per side), BENCH_EMAIL_WARMUP (20).
 */

export const p50Target = 1.3;
const iterations = Number(process.env.BENCH_EMAIL_N ?? 200);
const warmUp = Number(process.env.BENCH_EMAIL_WARMUP ?? 20);
const sender = emailSending.defaultSender;

const text = `Dear Ms Jones\n\nThank you for contacting the Child Maintenance Service on 3 December 2026. Your reference for this enquiry is SR-BENCH001.\n\n${'We have checked your account and we have not yet received the payment you asked about from the paying parent. '.repeat(6)}\n\nChild Maintenance Service\n`;
const html = `<!DOCTYPE html><html lang="en"><body>${text.split('\n\n').map((p) => `<p>${p}</p>`).join('')}</body></html>`;

function sendingEmail(i: number, srNumber: string): Email {
  const at = new Date().toISOString();
  const id = `E-${String(i).padStart(8, '0').replace(/[ILOU]/g, '0')}`;
  return {
    correspondenceId: id,
    srNumber,
    caseNumber: '1-2000000999',
    channel: 'email',
    template: { id: 'CMSL5515', version: 1, name: 'Email to a self-service client' },
    scenario: 'missing-payment',
    linesToTakeVersion: 1,
    recipient: { type: 'client', scin: '3000000999' },
    contactRef: '3000000999',
    paragraphs: ['LTT-MP-02'],
    status: 'Sending',
    round: 1,
    rendered: { generatedAt: at, generatedBy: 'cw-bench', from: sender, to: `client.${i}@example.com`, subject: 'Important information about your Child Maintenance case', text, html, paragraphs: ['LTT-MP-02'] },
    statusHistory: [{ status: 'Sending', at, by: 'cw-bench' }],
    approvalHistory: [],
    send: { attempt: 1, requestedAt: at, requestedBy: 'cw-bench', retriesUsed: 0 },
    errors: [],
    deliveryEvents: [],
    createdBy: 'cw-bench',
    createdAt: at,
    updatedBy: 'cw-bench',
    updatedAt: at,
    version: 1,
  };
}

/** The raw calls a send-once sender must make, for one email. */
async function rawSend(email: Email): Promise<void> {
  const TableName = tableName(caseworkTable);
  const key = keys.email(email.correspondenceId);
  await dynamo().send(new GetCommand({ TableName, Key: key, ConsistentRead: true }));
  const raw = rawMessage({ ...email.rendered!, date: new Date(), reference: `${email.correspondenceId}-1` });
  const sha256 = createHash('sha256').update(raw).digest('hex');
  await s3().send(new PutObjectCommand({ Bucket: bucketName(lettersBucket), Key: `bench/raw/${email.correspondenceId}.eml`, Body: raw, ContentType: 'message/rfc822' }));
  await dynamo().send(new UpdateCommand({ TableName, Key: key, UpdateExpression: 'SET #send.claimedAt = :now, #version = :next', ConditionExpression: '#version = :v AND attribute_not_exists(#send.claimedAt)', ExpressionAttributeNames: { '#send': 'send', '#version': 'version' }, ExpressionAttributeValues: { ':now': new Date().toISOString(), ':next': 2, ':v': 1 } }));
  const sent = await ses().send(new SendEmailCommand({ FromEmailAddress: sender, Destination: { ToAddresses: [email.rendered!.to] }, Content: { Raw: { Data: raw } }, ConfigurationSetName: emailSending.configurationSetName, EmailTags: [{ Name: 'correspondenceId', Value: email.correspondenceId }] }));
  const done = { ...email, status: 'Successfully Fulfilled', send: { ...email.send!, claimedAt: new Date().toISOString(), messageId: sent.MessageId, message: { key: 'k', sha256, bytes: raw.length } }, version: 3 };
  await dynamo().send(
    new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName, Item: { ...key, recordType: 'Email', ...done }, ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': 2 } } },
        { Put: { TableName, Item: { ...keys.audit(key.PK, `${new Date().toISOString()}#${email.correspondenceId}`), recordType: 'AuditEvent', action: 'EmailSent', after: { status: 'Successfully Fulfilled' } }, ConditionExpression: 'attribute_not_exists(PK)' } },
      ],
    }),
  );
}

export async function runEmailSend(workDir: string): Promise<void> {
  // The handlers' logger was created when this module loaded, before the stack set LOG_LEVEL: quiet it here.
  logger.setLogLevel('ERROR');
  let stack: Stack | undefined;
  onCleanup(() => stack?.stop());
  stack = await startStack({ dataDir: join(workDir, 'email-send'), inMemory: true, ports: { dynamodb: 0, fauxqs: 0, ses: 0, api: 0 }, demoData: false, quiet: true });
  const now = new Date();
  const sr: ServiceRequest = { srNumber: 'SR-BENCH001', caseNumber: '1-2000000999', process: 'Manage Inbound Contact', area: 'General Enquiry', subArea: 'General Enquiry', channel: 'self-service', status: 'In Progress', activityPlan: [], enquiry: { receivedAt: now.toISOString(), dueBy: '2026-12-07', scenario: 'missing-payment' }, createdBy: 'cw-bench', createdAt: now.toISOString(), updatedBy: 'cw-bench', updatedAt: now.toISOString(), version: 1 };
  await transact([serviceRequestStore.createItem(sr)]);
  const total = (iterations + warmUp) * 2;
  const emails = Array.from({ length: total }, (_, i) => sendingEmail(i + 1, sr.srNumber));
  for (let i = 0; i < emails.length; i += 12) await Promise.all(emails.slice(i, i + 12).map((e) => transact(emailStore.create(e))));
  const ports = senderPorts({ configurationSet: emailSending.configurationSetName });

  const ours: number[] = [];
  const baseline: number[] = [];
  for (let i = 0; i < iterations + warmUp; i++) {
    const a = emails[2 * i]!;
    const b = emails[2 * i + 1]!;
    let t = performance.now();
    const outcome = await sendOnce({ correspondenceId: a.correspondenceId, attempt: 1 }, ports, () => new Date());
    const oursMs = performance.now() - t;
    if (outcome !== 'sent') throw new Error(`email-send: ${a.correspondenceId} was ${outcome}, not sent`);
    t = performance.now();
    await rawSend(b);
    const rawMs = performance.now() - t;
    if (i >= warmUp) {
      ours.push(oursMs);
      baseline.push(rawMs);
    }
  }
  const p = (values: number[], q: number) => percentile(values, q);
  console.log(table(['per email (ms)', 'p50', 'p90', 'p99'], [['sendOnce (ours)', ms(p(ours, 50)), ms(p(ours, 90)), ms(p(ours, 99))], ['raw calls (baseline)', ms(p(baseline, 50)), ms(p(baseline, 90)), ms(p(baseline, 99))]]));
  const r = p(ours, 50) / p(baseline, 50);
  console.log(`email-send: p50 ratio ${ratio(r)} (target <= ${p50Target}: ${r <= p50Target ? 'met' : 'MISSED'})`);
  console.log(summaryLine('email-send-p50', ms(p(ours, 50)), 'ms', r, 'get+put-object+claim+ses-send+outcome-transaction'));
  await stack.stop();
  stack = undefined;
}
