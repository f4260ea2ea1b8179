import { join } from 'node:path';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { transact } from '../functions/platform/dynamo.ts';
import { emailSending } from '../functions/platform/resources.ts';
import { rawMessage } from '../functions/emails/mime.ts';
import type { Email } from '../functions/emails/schemas.ts';
import { emailStore } from '../functions/emails/store.ts';
import { serviceRequestStore } from '../functions/service-requests/store.ts';
import type { ServiceRequest } from '../functions/service-requests/schemas.ts';
import { demo } from '../local/demo-data.ts';
import { localCredentials, region } from '../local/resources.ts';
import { startStack, type Stack } from '../local/stack.ts';
import { logger } from '../functions/platform/logger.ts';
import { onCleanup } from './cleanup.ts';
import { summaryLine } from './stats.ts';

/**
 * Benchmark `emails-e2e` (issue 8): BENCH_EMAILS_N (1000) approved emails to the demo self-service
 * client, each on its own enquiry SR, written straight to the table (set-up, not timed). Timed: every
 * email's POST /emails/{id}/send through the local API (BENCH_EMAILS_CONCURRENCY, 20, at a time), the
 * EmailSend queue and its poller, and the sender, until the SES emulator holds every email and every
 * email is Successfully Fulfilled. Emails per second. Baseline, same run: the same number of raw
 * SendEmail calls straight to the SES emulator at the same concurrency (what the emulator itself can
 * take), so the ratio is ours / the emulator's own rate.
 */

const count = Number(process.env.BENCH_EMAILS_N ?? 1000);
const concurrency = Number(process.env.BENCH_EMAILS_CONCURRENCY ?? 20);
const timeoutMs = Number(process.env.BENCH_EMAILS_TIMEOUT_S ?? 300) * 1000;

async function inBatches<T>(items: readonly T[], size: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: size }, async () => {
    while (next < items.length) await run(items[next++]!);
  }));
}

function approved(i: number, to: string, now: Date): { email: Email; sr: ServiceRequest } {
  const at = now.toISOString();
  const suffix = String(i).padStart(7, '0').replace(/[ILOU]/g, '0');
  const srNumber = `SR-E${suffix}`;
  const text = `Dear Ms Hartwell\n\nThank you for contacting the Child Maintenance Service. Your reference for this enquiry is ${srNumber}.\n\nWe have checked your account and we have not yet received the payment you asked about from the paying parent.\n\nChild Maintenance Service\n`;
  const sr: ServiceRequest = { srNumber, caseNumber: demo.cases.main, contact: { type: 'client', scin: demo.clients.receivingParent }, process: 'Manage Inbound Contact', area: 'General Enquiry', subArea: 'General Enquiry', channel: 'self-service', status: 'In Progress', activityPlan: [], enquiry: { receivedAt: at, dueBy: '2026-12-31', scenario: 'missing-payment' }, createdBy: 'cw-alice', createdAt: at, updatedBy: 'cw-alice', updatedAt: at, version: 1 };
  const email: Email = {
    correspondenceId: `E-B${suffix}`,
    srNumber,
    caseNumber: demo.cases.main,
    channel: 'email',
    template: { id: 'CMSL5515', version: 1, name: 'Email to a self-service client' },
    scenario: 'missing-payment',
    linesToTakeVersion: 1,
    recipient: { type: 'client', scin: demo.clients.receivingParent },
    contactRef: demo.clients.receivingParent,
    paragraphs: ['LTT-MP-02'],
    status: 'Approved',
    round: 1,
    rendered: { generatedAt: at, generatedBy: 'cw-alice', from: emailSending.defaultSender, to, subject: 'Important information about your Child Maintenance case', text, html: `<p>${text}</p>`, paragraphs: ['LTT-MP-02'] },
    statusHistory: [{ status: 'Approved', at, by: 'tl-tomos' }],
    approvalHistory: [],
    errors: [],
    deliveryEvents: [],
    createdBy: 'cw-alice',
    createdAt: at,
    updatedBy: 'tl-tomos',
    updatedAt: at,
    version: 1,
  };
  return { email, sr };
}

const mailCount = async (endpoint: string, since: number): Promise<number> => ((await (await fetch(`${endpoint}/store?since=${since}`)).json()) as { emails: unknown[] }).emails.length;

export async function runEmailsEndToEnd(workDir: string): Promise<void> {
  // The handlers' logger was created when this module loaded, before the stack set LOG_LEVEL: quiet it here.
  logger.setLogLevel('ERROR');
  let stack: Stack | undefined;
  onCleanup(() => stack?.stop());
  stack = await startStack({ dataDir: join(workDir, 'emails-e2e'), inMemory: true, ports: { dynamodb: 0, fauxqs: 0, ses: 0, api: 0 }, demoData: true, quiet: true });
  const to = 'amelia.hartwell@example.com';
  const now = new Date();
  const records = Array.from({ length: count }, (_, i) => approved(i + 1, to, now));
  await inBatches(records, 12, ({ email, sr }) => transact([serviceRequestStore.createItem(sr), ...emailStore.create(email)]));
  const token = await stack.issueToken({ role: 'caseworker', username: 'cw-alice' });
  const sesEndpoint = stack.mailViewerUrl;

  const since = Math.floor(Date.now() / 1000);
  const started = performance.now();
  let refused = 0;
  await inBatches(records, concurrency, async ({ email }) => {
    const res = await fetch(`${stack!.apiUrl}/emails/${email.correspondenceId}/send`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'if-match': '"1"' } });
    if (res.status !== 202) refused++;
    await res.arrayBuffer();
  });
  if (refused > 0) throw new Error(`emails-e2e: ${refused} Send Email requests were refused`);
  const accepted = performance.now();
  while ((await mailCount(sesEndpoint, since)) < count) {
    if (performance.now() - started > timeoutMs) throw new Error(`emails-e2e: not every email reached the SES emulator within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
  for (const { email } of records.slice(-20)) {
    for (let i = 0; (await emailStore.get(email.correspondenceId))?.status !== 'Successfully Fulfilled'; i++) {
      if (i > 100) throw new Error(`emails-e2e: ${email.correspondenceId} was not marked Successfully Fulfilled`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const mails = await mailCount(sesEndpoint, since);
  if (mails !== count) throw new Error(`emails-e2e: ${mails} emails in the emulator for ${count} sends: something was sent twice`);
  const rate = count / seconds;

  const client = new SESv2Client({ endpoint: sesEndpoint, region, credentials: localCredentials, maxAttempts: 1 });
  const raw = rawMessage({ from: emailSending.defaultSender, to, subject: 'Important information about your Child Maintenance case', text: 'baseline', html: '<p>baseline</p>', date: new Date(), reference: 'baseline' });
  const t = performance.now();
  await inBatches(records, concurrency, async () => {
    await client.send(new SendEmailCommand({ FromEmailAddress: emailSending.defaultSender, Destination: { ToAddresses: [to] }, Content: { Raw: { Data: raw } } }));
  });
  const baselineRate = count / ((performance.now() - t) / 1000);
  client.destroy();
  console.log(`emails-e2e: ${count} emails, Send Email accepted for all in ${((accepted - started) / 1000).toFixed(1)} s, all in the SES emulator and Successfully Fulfilled after ${seconds.toFixed(1)} s; exactly ${mails} emails sent`);
  console.log(`emails-e2e: baseline ${baselineRate.toFixed(0)} raw SendEmail/s to the emulator at concurrency ${concurrency}`);
  console.log(summaryLine('emails-e2e', rate.toFixed(1), 'emails/s', rate / baselineRate, 'raw-ses-emulator-sends'));
  await stack.stop();
  stack = undefined;
}
