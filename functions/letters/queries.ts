import { GetObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { auditItem, type AuditActor } from '../platform/audit.ts';
import { bucketName, s3 } from '../platform/aws-clients.ts';
import { transact } from '../platform/dynamo.ts';
import { keys } from '../platform/keys.ts';
import { Problem } from '../platform/problem.ts';
import { lettersBucket } from '../platform/resources.ts';
import { decodeIdentifyingCode, IdentifyingCodeError } from './identifying-code.ts';
import type { Letter } from './schemas.ts';
import { letterStore } from './store.ts';
import { letterOrRefuse } from './use-cases.ts';
import { copiesOf } from './duplicate-pack.ts';

/** Letters a client may see in the portal: the ones that have been sent to them. */
export const sentStatuses = ['Sent to Fulfilment House', 'Successfully Fulfilled'] as const;

/** A client sees only letters sent to their own SCIN; to anyone else's they do not exist. */
export function assertClientMaySee(letter: Letter, role: string, scin: string | undefined): void {
  if (role !== 'client') return;
  const own = (letter.recipient.type === 'client' || letter.recipient.type === 'representative') && letter.recipient.scin === scin;
  if (!own || !(sentStatuses as readonly string[]).includes(letter.status)) throw new Problem('notFound', 'No such letter for you.');
}

const linkSeconds = 300;

/** A short-lived link to the letter's PDF (standard or large print). */
export async function pdfLink(letter: Letter, variant: 'standard' | 'large-print', now: Date): Promise<{ url: string; expiresAt: string; sha256: string; bytes: number }> {
  const pdf = letter.pdfs.find((p) => p.variant === variant);
  if (!pdf) {
    throw new Problem('notFound', letter.status === 'Rendering' ? `The PDF of ${letter.correspondenceId} is still being produced. Try again in a few seconds.` : `${letter.correspondenceId} has no ${variant} PDF.`);
  }
  const url = await getSignedUrl(s3(), new GetObjectCommand({ Bucket: bucketName(lettersBucket), Key: pdf.key, ResponseContentType: 'application/pdf' }), { expiresIn: linkSeconds });
  return { url, expiresAt: new Date(now.getTime() + linkSeconds * 1000).toISOString(), sha256: pdf.sha256, bytes: pdf.bytes };
}

/**
 * The scanning supplier read a returned letter's identifying code: record the return against the letter,
 * its case and its recipient. The payload must match the letter it names.
 */
export async function recordReturnedLetter(identifyingCode: string, reason: string, actor: AuditActor, now: Date) {
  let fields;
  try {
    fields = decodeIdentifyingCode(identifyingCode);
  } catch (error) {
    if (error instanceof IdentifyingCodeError) throw new Problem('validation', `The identifying code could not be read: ${error.message}`, { errors: [{ field: 'body.identifyingCode', rule: 'must be a payload read from a CMS letter' }] });
    throw error;
  }
  const letter = await letterOrRefuse(fields.correspondenceId);
  if (letter.generated?.identifyingCode !== identifyingCode) {
    throw new Problem('businessRule', `The identifying code does not match letter ${fields.correspondenceId} as issued.`, { errors: [{ field: 'body.identifyingCode', rule: 'must match the letter it names' }] });
  }
  const returned = (l: Letter): Letter => ({ ...l, returns: [...l.returns, { at: now.toISOString(), reason, reportedBy: actor.id }], updatedBy: actor.id, updatedAt: now.toISOString(), version: l.version + 1 });
  const next = returned(letter);
  const event = (l: Letter, action: string) =>
    auditItem({ actor, action, entity: { type: 'Letter', id: l.correspondenceId, pk: keys.letter(l.correspondenceId).PK }, caseNumber: l.caseNumber, contactRef: l.contactRef, after: { returned: { reason, issueDate: fields.issueDate, issuingOffice: fields.issuingOffice, ...(l.packCoverId ? { withCover: l.packCoverId } : {}) } }, now });
  // A returned pack is read from its cover letter's code: the copies in it came back too (the originals keep their own history).
  const copies = await copiesOf(letter);
  await transact([...letterStore.replace(next, letter.version), event(letter, 'LetterReturned'), ...copies.flatMap((c) => [...letterStore.replace(returned(c), c.version), event(c, 'DuplicateCopyReturned')])]);
  return { correspondenceId: letter.correspondenceId, caseNumber: letter.caseNumber, srNumber: letter.srNumber, recipient: letter.recipient, returns: next.returns.length };
}
