import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AddressMark } from '../../functions/emails/domain/eligibility.ts';
import { normaliseAddress } from '../../functions/emails/domain/eligibility.ts';
import { classifySendFailure, nextRetryAt, retryOffsetsHours } from '../../functions/emails/domain/send-failures.ts';
import type { Incident } from '../../functions/emails/incidents.ts';
import { Email, type SendState } from '../../functions/emails/schemas.ts';
import { messageKey, sendOnce, type SenderPorts, type SendMessage, type SendOutcome } from '../../functions/emails/sender.ts';

/**
 * The send-once use case (sender.ts) with its ports swapped for in-memory fakes: what a caseworker or a
 * client would notice (one email, the right status, the reason on the error tab, an incident), with no
 * emulators. The fakes keep the production ports' contracts: `claim` is conditional (Sending, same
 * version, same attempt, not yet claimed) and `record` is version-checked.
 */

const HOUR = 3600_000;
const address = 'rhiannon.evans@example.com';
const nino = 'AB 12 34 56 C';

/** Lets other promises run, as a network round trip would. */
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** An email in the Sending state for `attempt`, as Send Email (or the retry sweep) leaves it. */
function sendingEmail(overrides: { id?: string; text?: string; to?: string; send?: Partial<SendState> } = {}): Email {
  const id = overrides.id ?? 'E-7K3M9Q2X';
  const at = '2026-12-03T09:00:00.000Z';
  return Email.parse({
    correspondenceId: id,
    srNumber: 'SR-4H8N2P6R',
    caseNumber: '1-2143476081',
    channel: 'email',
    template: { id: 'CMSL5515', version: 1, name: 'Email to a self-service client' },
    scenario: 'missing-payment',
    linesToTakeVersion: 1,
    recipient: { type: 'client', scin: '1234567890' },
    contactRef: '1234567890',
    paragraphs: ['LTT-MP-02'],
    status: 'Sending',
    round: 1,
    rendered: {
      generatedAt: at,
      generatedBy: 'cw-alice',
      from: 'internal.cmg@dwp.gsi.gov.uk',
      to: overrides.to ?? address,
      subject: 'Important information about your Child Maintenance case',
      text: overrides.text ?? 'Dear Ms Evans\n\nThe payment you asked about has been received from the paying parent.\n\nChild Maintenance Service',
      html: '<html lang="en"><body><p>Dear Ms Evans</p></body></html>',
      paragraphs: ['LTT-MP-02'],
    },
    statusHistory: [
      { status: 'Draft', at, by: 'cw-alice' },
      { status: 'Generated', at, by: 'cw-alice' },
      { status: 'Pending Approval', at, by: 'cw-alice' },
      { status: 'Approved', at, by: 'tl-tomos' },
      { status: 'Sending', at, by: 'cw-alice' },
    ],
    approvalHistory: [],
    send: { attempt: 1, requestedAt: at, requestedBy: 'cw-alice', retriesUsed: 0, ...overrides.send },
    errors: [],
    deliveryEvents: [],
    createdBy: 'cw-alice',
    createdAt: at,
    updatedBy: 'cw-alice',
    updatedAt: at,
    version: 5,
  });
}

interface SesCall {
  readonly from: string;
  readonly to: string;
  readonly raw: Buffer;
  readonly tags: Record<string, string>;
}

/** The ports on maps, with switches for the faults. */
function fakePorts() {
  const emails = new Map<string, Email>();
  const marks = new Map<string, AddressMark>();
  const archived = new Map<string, Buffer>();
  const recorded: { action: string; status: string; incident?: Incident }[] = [];
  const sesCalls: SesCall[] = [];
  const sesFailures: unknown[] = [];
  const incidentsRaised: Incident[] = [];
  const state = { recordFailures: 0, sesCrash: false };
  const copy = <T>(value: T): T => structuredClone(value);

  const ports: SenderPorts = {
    emails: {
      async get(id) {
        await tick();
        const email = emails.get(id);
        return email && copy(email);
      },
      async claim(email, message, now) {
        await tick();
        const current = emails.get(email.correspondenceId);
        if (!current || current.status !== 'Sending' || current.version !== email.version || current.send?.attempt !== email.send!.attempt || current.send.claimedAt) return undefined;
        const claimed: Email = { ...email, send: { ...email.send!, claimedAt: now.toISOString(), message }, version: email.version + 1 };
        emails.set(email.correspondenceId, copy(claimed));
        return copy(claimed);
      },
      async record(previous, next, action, _now, incident) {
        await tick();
        if (state.recordFailures > 0) {
          state.recordFailures--;
          // The process died (or DynamoDB failed) before the outcome was saved: nothing written.
          throw Object.assign(new Error('Internal server error'), { name: 'InternalServerError', $fault: 'server', $metadata: { httpStatusCode: 500 } });
        }
        const current = emails.get(previous.correspondenceId);
        if (!current || current.version !== previous.version) throw Object.assign(new Error('Condition failed on item(s) 0'), { name: 'ConditionFailed' });
        emails.set(next.correspondenceId, copy(next));
        recorded.push({ action, status: next.status, ...(incident ? { incident } : {}) });
      },
    },
    addressMarks: {
      async get(a) {
        await tick();
        return marks.get(normaliseAddress(a));
      },
    },
    archive: {
      async put(key, bytes) {
        await tick();
        archived.set(key, Buffer.from(bytes));
      },
    },
    ses: {
      async send(input) {
        sesCalls.push({ ...input, raw: Buffer.from(input.raw) });
        await tick();
        // A Lambda killed while SES is answering: the promise never settles.
        if (state.sesCrash) return new Promise<string>(() => {});
        if (sesFailures.length > 0) throw sesFailures.shift();
        return `0102019${String(sesCalls.length).padStart(5, '0')}-ses-message-id`;
      },
    },
    metrics: {
      incidentRaised(incident) {
        incidentsRaised.push(incident);
      },
    },
  };

  return {
    ports,
    emails,
    marks,
    archived,
    recorded,
    sesCalls,
    incidentsRaised,
    /** Puts an email in the store (a copy) and returns its send message. */
    given(email: Email): SendMessage {
      emails.set(email.correspondenceId, copy(email));
      return { correspondenceId: email.correspondenceId, attempt: email.send!.attempt };
    },
    read: (id: string): Email => copy(emails.get(id)!),
    /** The next SES calls throw these, in order. */
    sesFails: (...errors: unknown[]) => sesFailures.push(...errors),
    /** The next `count` outcome writes fail (after SES, for a send that succeeded). */
    failRecord: (count = 1) => {
      state.recordFailures = count;
    },
    crashInSes: () => {
      state.sesCrash = true;
    },
  };
}

/** A clock that reads `at` until moved. */
function clock(start: string) {
  let now = Date.parse(start);
  return { now: () => new Date(now), set: (iso: string) => void (now = Date.parse(iso)), advance: (ms: number) => void (now += ms) };
}

/** What the retry sweep does to a due Retrying email: the next attempt, one more retry used, the claim cleared. */
function sweptToNextAttempt(email: Email, at: Date): Email {
  const send = email.send!;
  return {
    ...email,
    status: 'Sending',
    statusHistory: [...email.statusHistory, { status: 'Sending', at: at.toISOString(), by: 'system', reason: `Retry ${send.retriesUsed + 1} of 3` }],
    send: { attempt: send.attempt + 1, requestedAt: send.requestedAt, requestedBy: send.requestedBy, retriesUsed: send.retriesUsed + 1, ...(send.firstFailureAt ? { firstFailureAt: send.firstFailureAt } : {}) },
    updatedAt: at.toISOString(),
    version: email.version + 1,
  };
}

const sesError = (name: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(`${name} for ${address}`), { name, ...extra });
const throttled = () => sesError('TooManyRequestsException', { $fault: 'client', $metadata: { httpStatusCode: 429 } });
/** Not a name the classifier knows: transient because SES marked it a server fault. */
const serviceUnavailable = () => sesError('ServiceUnavailableException', { $fault: 'server', $metadata: { httpStatusCode: 503 } });
const timedOut = () => sesError('TimeoutError');
const rejected = () => sesError('MessageRejected', { $fault: 'client', $metadata: { httpStatusCode: 400 } });

describe('sendOnce: a normal send', () => {
  it('calls SES once with exactly the bytes it archived, and records their SHA-256 and the message id as Successfully Fulfilled', async () => {
    const fake = fakePorts();
    const time = clock('2026-12-03T10:00:00.000Z');
    const message = fake.given(sendingEmail());

    expect(await sendOnce(message, fake.ports, time.now)).toBe<SendOutcome>('sent');

    expect(fake.sesCalls).toHaveLength(1);
    const call = fake.sesCalls[0]!;
    expect(call).toMatchObject({ from: 'internal.cmg@dwp.gsi.gov.uk', to: address, tags: { correspondenceId: message.correspondenceId, attempt: '1' } });
    const key = messageKey(message.correspondenceId, 1);
    const archived = fake.archived.get(key)!;
    expect(archived).toBeDefined();
    expect(call.raw.equals(archived)).toBe(true);
    const mime = archived.toString('utf8');
    expect(mime).toContain(`To: ${address}`);
    expect(mime).toContain('Subject: Important information about your Child Maintenance case');

    const email = fake.read(message.correspondenceId);
    expect(email.status).toBe('Successfully Fulfilled');
    expect(email.send).toMatchObject({
      attempt: 1,
      messageId: '010201900001-ses-message-id',
      sentAt: '2026-12-03T10:00:00.000Z',
      claimedAt: '2026-12-03T10:00:00.000Z',
      message: { key, sha256: createHash('sha256').update(archived).digest('hex'), bytes: archived.length },
    });
    expect(email.errors).toEqual([]);
    expect(email.statusHistory.at(-1)).toMatchObject({ status: 'Successfully Fulfilled', by: 'system' });
    expect(fake.recorded).toEqual([{ action: 'EmailSent', status: 'Successfully Fulfilled' }]);
  });

  it('a message redelivered after the send succeeded does not call SES again', async () => {
    const fake = fakePorts();
    const time = clock('2026-12-03T10:00:00.000Z');
    const message = fake.given(sendingEmail());
    expect(await sendOnce(message, fake.ports, time.now)).toBe('sent');
    time.advance(30_000);

    expect(await sendOnce(message, fake.ports, time.now)).toBe('skipped');
    expect(fake.sesCalls).toHaveLength(1);
    expect(fake.read(message.correspondenceId).status).toBe('Successfully Fulfilled');
  });

  it('two deliveries of the same message at once: exactly one SES call, one sent and one already claimed', async () => {
    const fake = fakePorts();
    const time = clock('2026-12-03T10:00:00.000Z');
    const message = fake.given(sendingEmail());

    const outcomes = await Promise.all([sendOnce(message, fake.ports, time.now), sendOnce({ ...message }, fake.ports, time.now)]);

    expect(outcomes.sort()).toEqual(['already-claimed', 'sent']);
    expect(fake.sesCalls).toHaveLength(1);
    const email = fake.read(message.correspondenceId);
    expect(email.status).toBe('Successfully Fulfilled');
    // What S3 holds is what SES was given, and what the email's SHA-256 describes.
    const archived = fake.archived.get(messageKey(message.correspondenceId, 1))!;
    expect(archived.equals(fake.sesCalls[0]!.raw)).toBe(true);
    expect(email.send?.message?.sha256).toBe(createHash('sha256').update(archived).digest('hex'));
  });

  // Every delivery of one attempt builds the same bytes (the Date is when the attempt began), so the
  // delivery that loses the claim can only rewrite the archive with what was sent.
  it('two deliveries at once a second apart: S3 still holds exactly the bytes SES was given', async () => {
    const fake = fakePorts();
    const message = fake.given(sendingEmail());
    // Each delivery reads its own clock: the second runs one second later.
    const first = clock('2026-12-03T10:00:00.000Z');
    const second = clock('2026-12-03T10:00:01.000Z');

    const outcomes = await Promise.all([sendOnce(message, fake.ports, first.now), sendOnce({ ...message }, fake.ports, second.now)]);

    expect(outcomes.sort()).toEqual(['already-claimed', 'sent']);
    expect(fake.sesCalls).toHaveLength(1);
    const archived = fake.archived.get(messageKey(message.correspondenceId, 1))!;
    expect(fake.read(message.correspondenceId).send?.message?.sha256).toBe(createHash('sha256').update(archived).digest('hex'));
    expect(archived.equals(fake.sesCalls[0]!.raw)).toBe(true);
  });
});

describe('sendOnce: a crash', () => {
  it('between the SES call and the status write: the email stays claimed in Sending, and a redelivery does not call SES again', async () => {
    const fake = fakePorts();
    const time = clock('2026-12-03T10:00:00.000Z');
    const message = fake.given(sendingEmail());
    fake.failRecord(1);

    await expect(sendOnce(message, fake.ports, time.now)).rejects.toThrow('Internal server error');
    expect(fake.sesCalls).toHaveLength(1);
    const stuck = fake.read(message.correspondenceId);
    expect(stuck.status).toBe('Sending');
    expect(stuck.send).toMatchObject({ attempt: 1, claimedAt: '2026-12-03T10:00:00.000Z', message: { key: messageKey(message.correspondenceId, 1) } });
    expect(stuck.send?.messageId).toBeUndefined();

    time.advance(60_000);
    expect(await sendOnce(message, fake.ports, time.now)).toBe<SendOutcome>('already-claimed');
    expect(fake.sesCalls).toHaveLength(1);
    expect(fake.read(message.correspondenceId)).toEqual(stuck);
    expect(fake.recorded).toEqual([]);
  });

  it('while SES is answering (the Lambda is killed): the claim stays, and a redelivery does not call SES again', async () => {
    const fake = fakePorts();
    const time = clock('2026-12-03T10:00:00.000Z');
    const message = fake.given(sendingEmail());
    fake.crashInSes();

    let settled = false;
    void sendOnce(message, fake.ports, time.now).finally(() => (settled = true));
    for (let i = 0; i < 20 && fake.sesCalls.length === 0; i++) await tick();
    expect(fake.sesCalls).toHaveLength(1);
    expect(fake.read(message.correspondenceId)).toMatchObject({ status: 'Sending', send: { claimedAt: '2026-12-03T10:00:00.000Z' } });

    expect(await sendOnce(message, fake.ports, time.now)).toBe('already-claimed');
    expect(fake.sesCalls).toHaveLength(1);
    expect(settled).toBe(false);
  });
});

describe('sendOnce: SES failures', () => {
  it('a permanent failure (MessageRejected) shows Error with a reason that does not quote the address; no retry is scheduled', async () => {
    const fake = fakePorts();
    const time = clock('2026-12-03T10:00:00.000Z');
    const message = fake.given(sendingEmail());
    fake.sesFails(rejected());

    expect(await sendOnce(message, fake.ports, time.now)).toBe<SendOutcome>('permanent-failure');
    const email = fake.read(message.correspondenceId);
    expect(email.status).toBe('Error');
    expect(email.errors).toHaveLength(1);
    expect(email.errors[0]).toMatchObject({ kind: 'permanent', at: '2026-12-03T10:00:00.000Z', reason: expect.stringContaining('MessageRejected') });
    expect(JSON.stringify(email.errors)).not.toContain(address);
    expect(JSON.stringify(email.statusHistory)).not.toContain(address);
    expect(email.send?.nextAttemptAt).toBeUndefined();
    expect(fake.recorded).toEqual([{ action: 'EmailSendFailed', status: 'Error' }]);
    expect(fake.incidentsRaised).toEqual([]);
  });

  it('transient failures (throttling, a 503, a time-out) are retried exactly 3 times, 1, 6 and 24 hours after the first failure, then an incident is raised', async () => {
    const fake = fakePorts();
    const firstFailure = '2026-12-03T10:00:00.000Z';
    const time = clock(firstFailure);
    let message = fake.given(sendingEmail());
    fake.sesFails(throttled(), serviceUnavailable(), timedOut(), throttled());
    const id = message.correspondenceId;

    // The first attempt is throttled: Retrying, due an hour later.
    expect(await sendOnce(message, fake.ports, time.now)).toBe<SendOutcome>('retrying');
    let email = fake.read(id);
    expect(email.status).toBe('Retrying');
    expect(email.send).toMatchObject({ attempt: 1, retriesUsed: 0, firstFailureAt: firstFailure, nextAttemptAt: '2026-12-03T11:00:00.000Z' });
    expect(email.errors.at(-1)).toMatchObject({ kind: 'transient', reason: expect.stringContaining('TooManyRequestsException') });

    // Each retry (the sweep's next attempt) fails again: 6 hours, then 24 hours after the first failure.
    const expected = [
      { at: '2026-12-03T11:00:00.000Z', next: '2026-12-03T16:00:00.000Z', name: 'ServiceUnavailableException' },
      { at: '2026-12-03T16:05:00.000Z', next: '2026-12-04T10:00:00.000Z', name: 'TimeoutError' },
    ];
    for (const [i, step] of expected.entries()) {
      time.set(step.at);
      fake.emails.set(id, sweptToNextAttempt(email, time.now()));
      message = { correspondenceId: id, attempt: i + 2 };
      expect(await sendOnce(message, fake.ports, time.now)).toBe<SendOutcome>('retrying');
      email = fake.read(id);
      expect(email.status).toBe('Retrying');
      expect(email.send).toMatchObject({ attempt: i + 2, retriesUsed: i + 1, firstFailureAt: firstFailure, nextAttemptAt: step.next });
      expect(email.errors.at(-1)).toMatchObject({ kind: 'transient', at: step.at, reason: expect.stringContaining(step.name) });
    }
    expect(fake.incidentsRaised).toEqual([]);

    // The third retry fails: no fourth; an incident instead.
    time.set('2026-12-04T10:00:00.000Z');
    fake.emails.set(id, sweptToNextAttempt(email, time.now()));
    expect(await sendOnce({ correspondenceId: id, attempt: 4 }, fake.ports, time.now)).toBe<SendOutcome>('incident');
    email = fake.read(id);
    expect(email.status).toBe('Incident Raised');
    expect(email.send).toMatchObject({ attempt: 4, retriesUsed: 3 });
    expect(email.send?.nextAttemptAt).toBeUndefined();
    expect(fake.sesCalls).toHaveLength(4);
    expect(fake.sesCalls.map((c) => c.tags.attempt)).toEqual(['1', '2', '3', '4']);
    expect(email.errors.map((e) => e.kind)).toEqual(['transient', 'transient', 'transient', 'transient']);
    expect(JSON.stringify(email.errors)).not.toContain(address);

    expect(fake.incidentsRaised).toHaveLength(1);
    const incident = fake.incidentsRaised[0]!;
    expect(incident).toMatchObject({ kind: 'email-not-sent', status: 'open', correspondenceId: id, owner: 'cw-alice', attempts: 4, raisedAt: '2026-12-04T10:00:00.000Z', reason: expect.stringContaining('3 retries') });
    expect(email.incidentId).toBe(incident.incidentId);
    expect(fake.recorded.at(-1)).toEqual({ action: 'EmailIncidentRaised', status: 'Incident Raised', incident });
    expect(fake.recorded.filter((r) => r.incident)).toHaveLength(1);
  });
});

describe('sendOnce: the last check before SES', () => {
  it('an address marked bounced is not sent to: Error, and SES is never called', async () => {
    const fake = fakePorts();
    const time = clock('2026-12-03T10:00:00.000Z');
    const message = fake.given(sendingEmail());
    // Marked under another spelling of the same address.
    fake.marks.set(normaliseAddress(address), { address: ' Rhiannon.Evans@Example.com', state: 'bounced', at: '2026-12-02T09:00:00.000Z' });

    expect(await sendOnce(message, fake.ports, time.now)).toBe<SendOutcome>('permanent-failure');
    expect(fake.sesCalls).toHaveLength(0);
    const email = fake.read(message.correspondenceId);
    expect(email.status).toBe('Error');
    expect(email.errors[0]).toMatchObject({ kind: 'permanent', reason: expect.stringContaining('bounced permanently') });
    expect(JSON.stringify(email.errors)).not.toContain(address);
    expect(email.send?.claimedAt).toBeUndefined();
    expect(fake.archived.size).toBe(0);
  });

  it('a complained-about address is not sent to either', async () => {
    const fake = fakePorts();
    const message = fake.given(sendingEmail());
    fake.marks.set(normaliseAddress(address), { address, state: 'complained', at: '2026-12-02T09:00:00.000Z' });

    expect(await sendOnce(message, fake.ports, () => new Date('2026-12-03T10:00:00.000Z'))).toBe('permanent-failure');
    expect(fake.sesCalls).toHaveLength(0);
    expect(fake.read(message.correspondenceId).errors[0]?.reason).toContain('complaint');
  });

  it('personal data in the rendered text (a NINO) is not sent: Error, SES never called, and the reason never quotes the NINO', async () => {
    const fake = fakePorts();
    const time = clock('2026-12-03T10:00:00.000Z');
    const message = fake.given(sendingEmail({ text: `Dear Ms Evans\n\nYour National Insurance number ${nino} is on your record.\n\nChild Maintenance Service` }));

    expect(await sendOnce(message, fake.ports, time.now)).toBe<SendOutcome>('permanent-failure');
    expect(fake.sesCalls).toHaveLength(0);
    expect(fake.archived.size).toBe(0);
    const email = fake.read(message.correspondenceId);
    expect(email.status).toBe('Error');
    expect(email.errors[0]).toMatchObject({ kind: 'permanent', reason: expect.stringContaining('National Insurance number') });
    const shown = JSON.stringify({ errors: email.errors, history: email.statusHistory });
    expect(shown).not.toContain(nino);
    expect(shown).not.toContain('12 34 56');
    expect(shown.replace(/\s/g, '')).not.toContain('AB123456C');
    expect(fake.recorded).toEqual([{ action: 'EmailSendFailed', status: 'Error' }]);
  });

  it('a message for another attempt, or an email no longer Sending, is skipped without calling SES', async () => {
    const fake = fakePorts();
    const now = () => new Date('2026-12-03T10:00:00.000Z');
    const message = fake.given(sendingEmail({ send: { attempt: 2, retriesUsed: 1 } }));
    expect(await sendOnce({ ...message, attempt: 1 }, fake.ports, now)).toBe('skipped');
    expect(await sendOnce({ correspondenceId: 'E-0000000A', attempt: 1 }, fake.ports, now)).toBe('skipped');
    fake.emails.set(message.correspondenceId, { ...fake.read(message.correspondenceId), status: 'Cancelled' });
    expect(await sendOnce(message, fake.ports, now)).toBe('skipped');
    expect(fake.sesCalls).toHaveLength(0);
  });
});

describe('classifySendFailure', () => {
  it.each([
    ['MessageRejected', { name: 'MessageRejected', $metadata: { httpStatusCode: 400 } }, 'permanent'],
    ['an unverified sender', { name: 'MailFromDomainNotVerifiedException' }, 'permanent'],
    ['sending paused', { name: 'SendingPausedException' }, 'permanent'],
    ['an unknown 4xx', { name: 'SomethingNew', $metadata: { httpStatusCode: 403 } }, 'permanent'],
    ['throttling', { name: 'TooManyRequestsException', $metadata: { httpStatusCode: 429 } }, 'transient'],
    ['a 503 with $fault server', { name: 'ServiceUnavailableSomething', $fault: 'server', $metadata: { httpStatusCode: 503 } }, 'transient'],
    ['an unknown 5xx', { name: 'Whatever', $metadata: { httpStatusCode: 502 } }, 'transient'],
    ['a time-out', { name: 'TimeoutError' }, 'transient'],
    ['a dropped connection (code only)', { code: 'ECONNRESET' }, 'transient'],
    ['no answer at all', new Error('socket hang up'), 'transient'],
    ['not even an error', undefined, 'transient'],
  ])('%s is %s', (_label, error, kind) => {
    expect(classifySendFailure(error).kind).toBe(kind);
  });

  it('gives the kind of failure, never the message text (which may quote the address)', () => {
    const failure = classifySendFailure(Object.assign(new Error(`Email address is not verified: ${address}`), { name: 'MessageRejected' }));
    expect(failure.reason).toContain('MessageRejected');
    expect(failure.reason).not.toContain(address);
  });
});

describe('nextRetryAt', () => {
  it('retries 1, 6 and 24 hours after the first failure, then no more', () => {
    const first = '2026-12-03T10:00:00.000Z';
    expect(retryOffsetsHours).toEqual([1, 6, 24]);
    expect([0, 1, 2, 3].map((used) => nextRetryAt(first, used))).toEqual([
      new Date(Date.parse(first) + 1 * HOUR).toISOString(),
      new Date(Date.parse(first) + 6 * HOUR).toISOString(),
      new Date(Date.parse(first) + 24 * HOUR).toISOString(),
      undefined,
    ]);
  });
});
