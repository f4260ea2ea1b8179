import { PutObjectCommand } from '@aws-sdk/client-s3';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { systemActor } from '../platform/audit.ts';
import { bucketName, s3, ses } from '../platform/aws-clients.ts';
import { transact, type TransactItem } from '../platform/dynamo.ts';
import { lettersBucket } from '../platform/resources.ts';
import { serviceRequestStore } from '../service-requests/store.ts';
import { emitIncidentMetric, incidentItem, incidentStore, type Incident } from './incidents.ts';
import type { Email } from './schemas.ts';
import type { SenderPorts } from './sender.ts';
import { addressMarks, emailStore } from './store.ts';
import { emailAudit } from './use-cases.ts';

/**
 * The writes that go with an email's new state, in one transaction: the email and its audit event; once
 * sent, the SR's enquiry is answered and any incident on it is resolved; a raised incident is stored.
 */
export async function outcomeWrites(previous: Email, next: Email, action: string, now: Date, incident?: Incident): Promise<TransactItem[]> {
  const items = [...emailStore.replace(next, previous.version), emailAudit(systemActor, action, previous, next, now)];
  if (incident) items.push(incidentItem(incident));
  // Only on the move to sent: a later delivery event on a sent email answers nothing again.
  if (next.status === 'Successfully Fulfilled' && previous.status !== 'Successfully Fulfilled') {
    items.push(...serviceRequestStore.enquiryAnswered(next.srNumber, next.correspondenceId, now));
    const open = next.incidentId ? await incidentStore.get(next.incidentId) : undefined;
    if (open?.status === 'open') items.push(incidentItem({ ...open, status: 'resolved', resolvedAt: now.toISOString() }));
  }
  return items;
}

/** The sender's ports on DynamoDB, S3 and SES, with the environment's sending settings. */
export const senderPorts = (settings: { configurationSet: string }): SenderPorts => ({
  emails: {
    get: (id) => emailStore.get(id),
    claim: (email, message, now) => emailStore.claim(email, message, now),
    record: async (previous, next, action, now, incident) => transact(await outcomeWrites(previous, next, action, now, incident)),
  },
  addressMarks,
  archive: {
    put: async (key, bytes) => {
      await s3().send(new PutObjectCommand({ Bucket: bucketName(lettersBucket), Key: key, Body: bytes, ContentType: 'message/rfc822' }));
    },
  },
  ses: {
    async send({ from, to, raw, tags }) {
      const result = await ses().send(
        new SendEmailCommand({
          FromEmailAddress: from,
          Destination: { ToAddresses: [to] },
          Content: { Raw: { Data: raw } },
          ConfigurationSetName: settings.configurationSet,
          EmailTags: Object.entries(tags).map(([Name, Value]) => ({ Name, Value })),
        }),
      );
      if (!result.MessageId) throw Object.assign(new Error('SES returned no message id'), { name: 'InternalFailure' });
      return result.MessageId;
    },
  },
  metrics: { incidentRaised: emitIncidentMetric },
});
