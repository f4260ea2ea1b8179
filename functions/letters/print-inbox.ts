import { GetObjectCommand } from '@aws-sdk/client-s3';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { AuditActor } from '../platform/audit.ts';
import { bucketName, s3, ses } from '../platform/aws-clients.ts';
import { Problem } from '../platform/problem.ts';
import { lettersBucket } from '../platform/resources.ts';
import { saveOrConflict } from '../platform/save.ts';
import { getServiceRequest, noteWrite } from '../service-requests/use-cases.ts';
import { rawMessageWithAttachments } from '../emails/mime.ts';
import { copiesOf } from './duplicate-pack.ts';
import { letterAudit } from './letter-audit.ts';
import type { Letter } from './schemas.ts';
import { letterStore } from './store.ts';

/**
 * The contingency route (the send copy procedure, step 18): a letter or duplicate pack that is Ready for
 * Fulfilment is emailed, with its copies in order, to the CSA Print and Post Letters inbox to be printed
 * locally, instead of going in the end-of-day batch; Local Fulfil then marks it Successfully Fulfilled.
 * The email is claimed first (a conditional write), so it is never sent twice; the SR gets a note.
 */

export interface PrintInboxSettings {
  readonly sender: string;
  readonly inbox: string;
  readonly configurationSet: string;
}

export async function emailToPrintInbox(id: string, expectedVersion: number | undefined, settings: PrintInboxSettings, actor: AuditActor, now: Date): Promise<Letter> {
  const letter = await letterStore.get(id);
  if (!letter) throw new Problem('notFound', `There is no letter ${id}.`);
  if (expectedVersion !== letter.version) throw new Problem('conflict', `${id} is at version ${letter.version}, not ${expectedVersion}: it changed since you read it.`, { currentVersion: letter.version });
  if (letter.status !== 'Ready for Fulfilment' || letter.fulfilment?.printInboxAt) {
    throw new Problem('illegalTransition', `${id} is ${letter.status}${letter.fulfilment?.printInboxAt ? ', already emailed to the print inbox' : ''}: only a letter Ready for Fulfilment can be sent to the print inbox.`, { from: letter.status, allowed: [] });
  }
  const sr = await getServiceRequest(letter.srNumber);
  // Claimed first (a conditional write), so two presses email the pack once; the note comes with the outcome.
  const claimed: Letter = { ...letter, fulfilment: { ...letter.fulfilment, method: 'local', printInboxAt: now.toISOString() }, updatedBy: actor.id, updatedAt: now.toISOString(), version: letter.version + 1 };
  await saveOrConflict([...letterStore.replace(claimed, letter.version)], 'The letter');

  let messageId: string | undefined;
  try {
    messageId = await sendPack(letter, settings, now);
  } catch (error) {
    // Not emailed: the letter goes back to waiting for the batch, untouched, and can be tried again.
    await saveOrConflict([...letterStore.replace({ ...letter, version: claimed.version + 1 }, claimed.version)], 'The letter');
    throw error;
  }
  const recorded: Letter = { ...claimed, fulfilment: { ...claimed.fulfilment, ...(messageId ? { printInboxMessageId: messageId } : {}) }, version: claimed.version + 1 };
  const note = `${letter.template.id} ${id}${letter.pack?.copies?.length ? ` and its ${letter.pack.copies.length} duplicate ${letter.pack.copies.length === 1 ? 'copy' : 'copies'}` : ''} emailed to the CSA Print and Post Letters inbox to be printed locally (contingency route) by ${actor.id}.`;
  await saveOrConflict([...letterStore.replace(recorded, claimed.version), letterAudit(actor, 'LetterEmailedToPrintInbox', letter, recorded, now), noteWrite(sr, note, 'note', actor, now)], 'The letter');
  return recorded;
}

/** The cover letter and its copies, in order, as PDF attachments to the print inbox. */
async function sendPack(letter: Letter, settings: PrintInboxSettings, now: Date): Promise<string | undefined> {
  const id = letter.correspondenceId;
  const bucket = bucketName(lettersBucket);
  const documents = [letter, ...(await copiesOf(letter))];
  const attachments = [];
  for (const [i, document] of documents.entries()) {
    const pdf = document.pdfs.find((p) => p.variant === 'standard');
    if (!pdf) continue;
    const object = await s3().send(new GetObjectCommand({ Bucket: bucket, Key: pdf.key }));
    attachments.push({ filename: `${String(i + 1).padStart(2, '0')}-${document.correspondenceId}${document.duplicateOf ? `-duplicate-of-${document.duplicateOf}` : ''}.pdf`, contentType: 'application/pdf', bytes: await object.Body!.transformToByteArray() });
  }
  const text = [`Please print and post, in this order, as one mailing: ${documents.map((d) => d.correspondenceId).join(', ')}.`, `Delivery: ${letter.generated?.deliveryMethod ?? 'first-class'}. Enclosures: ${letter.generated?.enclosures.join(', ') || 'none'}.`, 'Delete any saved copies once posted.'].join('\n\n');
  const raw = rawMessageWithAttachments({ from: settings.sender, to: settings.inbox, subject: `Print and post: ${letter.template.id} ${id}`, text, date: now, reference: `print-${id}`, attachments });
  const sent = await ses().send(new SendEmailCommand({ FromEmailAddress: settings.sender, Destination: { ToAddresses: [settings.inbox] }, Content: { Raw: { Data: raw } }, ConfigurationSetName: settings.configurationSet, EmailTags: [{ Name: 'correspondenceId', Value: id }] }));
  return sent.MessageId;
}
