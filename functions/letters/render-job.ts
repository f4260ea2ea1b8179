import { createHash } from 'node:crypto';
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { systemActor } from '../platform/audit.ts';
import { bucketName, s3 } from '../platform/aws-clients.ts';
import { ConditionFailed, transact } from '../platform/dynamo.ts';
import { logger } from '../platform/logger.ts';
import { lettersBucket } from '../platform/resources.ts';
import { renderLetterPdf, type LetterDocument } from './render/index.ts';
import type { Letter } from './schemas.ts';
import { letterStore } from './store.ts';
import { moved } from './domain/status.ts';
import { letterAudit } from './letter-audit.ts';
import { released } from './approval.ts';

// Built once: Intl formatters are costly to create, and every letter needs one.
const printedDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** The issuing office's postal address, printed as the return address. */
export const returnAddress = ['Child Maintenance Service', 'PO Box 249', 'Mitcheldean', 'GL14 9AJ'];

export function letterDocument(letter: Letter, variant: 'standard' | 'large-print'): LetterDocument {
  const g = letter.generated!;
  return {
    correspondenceId: letter.correspondenceId,
    issueDate: g.issueDate,
    returnAddress,
    addressBlock: g.addressBlock,
    references: [...g.references, { label: 'Date', value: printedDate.format(new Date(`${g.issueDate}T12:00:00Z`)) }],
    title: g.title,
    salutation: g.salutation,
    paragraphs: g.paragraphs,
    valediction: g.valediction,
    // External print letters carry the system's dummy signature; local print ones are signed by hand.
    signatory: { name: g.signatory, role: `Issued by ${g.issuingOffice}`, dummySignature: g.fulfilment === 'external' },
    enclosures: [...g.enclosures, ...g.attachments.map((a) => a.description)],
    largePrint: variant === 'large-print',
    identifyingCode: g.identifyingCode,
  };
}

/** Deterministic: a redelivered job writes to the same key and finds the same bytes already there. */
export const pdfKey = (letter: Pick<Letter, 'caseNumber' | 'correspondenceId'>, round: number, variant: 'standard' | 'large-print'): string =>
  `letters/${letter.caseNumber}/${letter.correspondenceId}/round-${round}${variant === 'large-print' ? '-large-print' : ''}.pdf`;

async function store(key: string, bytes: Uint8Array, sha256: string, redelivered: boolean): Promise<void> {
  const bucket = bucketName(lettersBucket);
  // Only a redelivered job can find its PDF already written (by an attempt that died before recording it).
  if (redelivered) {
    try {
      const head = await s3().send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      if (head.Metadata?.sha256 === sha256) return;
    } catch (error) {
      if ((error as { name?: string }).name !== 'NotFound' && (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode !== 404) throw error;
    }
  }
  // S3 checks and keeps the SHA-256, so a duplicate copy can be verified server-side (duplicate-pack.ts).
  await s3().send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes, ContentType: 'application/pdf', Metadata: { sha256 }, ChecksumSHA256: Buffer.from(sha256, 'hex').toString('base64') }));
}

export interface Attempt {
  readonly receiveCount: number;
  readonly maxReceiveCount: number;
}

/**
 * Renders the PDF(s) of one generation round and records them on the letter. Idempotent: a stale or
 * repeated job (another round, or already rendered) does nothing. On the last attempt a failure marks
 * the letter Error In Generation with the reason before the message goes to the dead-letter queue.
 */
export async function renderLetter(correspondenceId: string, round: number, attempt: Attempt, now: Date): Promise<'rendered' | 'skipped'> {
  const letter = await letterStore.get(correspondenceId);
  if (!letter || letter.status !== 'Rendering' || letter.round !== round || !letter.generated) return 'skipped';
  try {
    const largePrint = letter.generated.specialRequirements.includes('large-print');
    const pdfs = [];
    for (const variant of largePrint ? (['standard', 'large-print'] as const) : (['standard'] as const)) {
      const bytes = renderLetterPdf(letterDocument(letter, variant));
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const key = pdfKey(letter, round, variant);
      await store(key, bytes, sha256, attempt.receiveCount > 1);
      pdfs.push({ key, sha256, bytes: bytes.byteLength, variant });
    }
    const rendered: Letter = { ...letter, pdfs };
    // Approved with a correction: once re-rendered it goes straight on to fulfilment (or is held).
    const next: Letter =
      letter.approvedRound === round
        ? await released(rendered, systemActor, now)
        : moved(rendered, 'Generated', systemActor, now);
    await transact([...letterStore.replace(next, letter.version), letterAudit(systemActor, 'LetterRendered', letter, next, now)]);
    return 'rendered';
  } catch (error) {
    if (error instanceof ConditionFailed) return 'skipped'; // changed meanwhile (e.g. cancelled): nothing to record
    if (attempt.receiveCount >= attempt.maxReceiveCount) await markFailed(letter, error, attempt.receiveCount, now);
    throw error;
  }
}

async function markFailed(letter: Letter, error: unknown, attempts: number, now: Date): Promise<void> {
  const reason = `The PDF could not be produced after ${attempts} attempts (${(error as Error).name ?? 'Error'}). Regenerate the letter or issue it clerically.`;
  const next = moved(letter, 'Error In Generation', systemActor, now, { error: { reason, at: now.toISOString() } }, reason);
  try {
    await transact([...letterStore.replace(next, letter.version), letterAudit(systemActor, 'LetterRenderFailed', letter, next, now)]);
  } catch (markError) {
    logger.error('could not mark letter as failed', { correspondenceId: letter.correspondenceId, error: (markError as Error).name });
  }
}

