import { createHash } from 'node:crypto';
import { CopyObjectCommand, GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { duplicateRequestStore } from '../duplicates/store.ts';
import { assertMayAction } from '../duplicates/use-cases.ts';
import type { AuditActor } from '../platform/audit.ts';
import { bucketName, s3 } from '../platform/aws-clients.ts';
import type { TransactItem } from '../platform/dynamo.ts';
import { newCorrespondenceId } from '../platform/identifiers.ts';
import { Problem } from '../platform/problem.ts';
import { lettersBucket } from '../platform/resources.ts';
import { findSrType } from '../service-requests/domain/sr-types.ts';
import type { ServiceRequest } from '../service-requests/schemas.ts';
import { contactRef } from '../service-requests/store.ts';
import { letterAudit } from './letter-audit.ts';
import { moved } from './domain/status.ts';
import type { DuplicatePack, Letter, LetterStatus } from './schemas.ts';
import { issuedStatuses, letterStore } from './store.ts';

/**
 * A duplicate pack (the send copy procedure): a CMSL5509 cover letter on an Outbound Contact / Reissue
 * Correspondence SR with earlier letters attached. Each original is reissued byte for byte: its stored
 * PDF is copied inside S3 (never rendered again, never downloaded) and the copy's SHA-256, computed by
 * S3, must equal the original's. Each copy is its own letter, flagged Duplicate, linked to its original
 * and to the cover letter it goes out with.
 */

export const coverTemplateId = 'CMSL5509';

/**
 * CMSL5509's optional paragraph for each kind of recipient; the others do not fit. The procedure names
 * three; an employer asking for a copy of a letter sent to it (e.g. CMSL2040) gets TM_09149E, whose words
 * ("a copy of a letter previously sent to you") are the employer's case exactly.
 */
export const coverParagraphFor: Readonly<Record<string, string>> = { client: 'TM_09149E', representative: 'TM_09146_E', 'third-party': 'TM_09417_E', employer: 'TM_09149E' };

const isReissue = (sr: Pick<ServiceRequest, 'process' | 'area' | 'subArea'>): boolean => findSrType(sr)?.subArea === 'Reissue Correspondence' && sr.process === 'Outbound Contact';

export const attachedOriginals = (letter: Pick<Letter, 'composition'>): string[] => letter.composition.attachments.filter((a) => a.kind === 'correspondence').map((a) => a.reference);

/** A CMSL5509 with earlier letters attached: a pack when its SR is a Reissue Correspondence SR. */
export const mayBePackCover = (letter: Pick<Letter, 'template' | 'composition'>): boolean => letter.template.id === coverTemplateId && attachedOriginals(letter).length > 0;

/** A cover letter that reissues earlier letters. */
export const isPackCover = (letter: Pick<Letter, 'template' | 'composition'>, sr: Pick<ServiceRequest, 'process' | 'area' | 'subArea'>): boolean => mayBePackCover(letter) && isReissue(sr);

/** The optional paragraph chosen must be the one for the recipient (only checked when exactly one is chosen). */
export function assertCoverParagraph(letter: Pick<Letter, 'template' | 'composition' | 'recipient'>): void {
  if (letter.template.id !== coverTemplateId) return;
  const chosen = [...new Set(Object.values(coverParagraphFor))].filter((id) => letter.composition.paragraphs[id]);
  const wanted = coverParagraphFor[letter.recipient.type];
  if (chosen.length !== 1 || chosen[0] === wanted) return;
  throw new Problem('businessRule', `${chosen[0]} does not fit a letter to a ${letter.recipient.type}: ${wanted ? `use ${wanted}` : 'CMSL5509 has no paragraph for this recipient'}.`, {
    errors: [{ field: `body.paragraphs.${chosen[0]}`, rule: wanted ? `the paragraph for a ${letter.recipient.type} is ${wanted}` : `no paragraph fits a ${letter.recipient.type}` }],
  });
}

/**
 * The attached letters must be letters issued on the same case (sent to the Fulfilment House or
 * Successfully Fulfilled), and a reissue of CMSL2040 asked for by an employer is actioned only by the
 * case-owning caseworker.
 */
export async function checkOriginals(letter: Letter, sr: ServiceRequest, actor: AuditActor): Promise<Letter[]> {
  const attachments = letter.composition.attachments;
  const found = await Promise.all(attachments.map((a) => (a.kind === 'correspondence' ? letterStore.get(a.reference) : Promise.resolve(undefined))));
  const errors = attachments.flatMap((a, i) => {
    if (a.kind !== 'correspondence') return [];
    const original = found[i];
    if (!original || original.caseNumber !== letter.caseNumber) return [{ field: `body.attachments.${i}.reference`, rule: `${a.reference} is not a letter on case ${letter.caseNumber}` }];
    if (original.duplicateOf) return [{ field: `body.attachments.${i}.reference`, rule: `${a.reference} is itself a duplicate: attach its original ${original.duplicateOf}` }];
    if (!(issuedStatuses as readonly string[]).includes(original.status)) return [{ field: `body.attachments.${i}.reference`, rule: `${a.reference} is ${original.status}: only issued letters (sent to the Fulfilment House or Successfully Fulfilled) can be reissued` }];
    return [];
  });
  if (errors.length > 0) throw new Problem('businessRule', `Only letters issued on this case can be reissued: ${errors.map((e) => e.rule).join('; ')}.`, { errors });
  const originals = found.filter((l): l is Letter => Boolean(l));
  if (sr.contact) await assertMayAction({ requester: sr.contact, caseNumber: letter.caseNumber, letters: originals.map((o) => ({ correspondenceId: o.correspondenceId, templateId: o.template.id, templateName: o.template.name })) }, actor);
  return originals;
}

/** The pack's record on the cover letter, made when it is generated: the request next to the originals. */
export async function packOf(letter: Letter, sr: ServiceRequest, originals: readonly Letter[]): Promise<DuplicatePack> {
  const request = await duplicateRequestStore.get(sr.srNumber);
  return {
    requestSrNumber: sr.srNumber,
    reason: request?.reason ?? sr.description ?? 'Duplicate copies asked for',
    requestedBy: (request ? contactRef(request.requester) : contactRef(sr.contact)) ?? letter.contactRef,
    originals: originals.map((o) => {
      const standard = o.pdfs.find((p) => p.variant === 'standard');
      if (!standard) throw new Problem('businessRule', `${o.correspondenceId} has no stored PDF to copy.`);
      return { correspondenceId: o.correspondenceId, templateId: o.template.id, templateName: o.template.name, contactRef: o.contactRef, ...(o.fulfilment?.sentAt ? { issuedAt: o.fulfilment.sentAt } : {}), sha256: standard.sha256, pdfs: o.pdfs };
    }),
  };
}

const copyKey = (cover: Letter, originalId: string, variant: string): string => `letters/${cover.caseNumber}/${cover.correspondenceId}/duplicates/${originalId}${variant === 'large-print' ? '-large-print' : ''}.pdf`;

/** The SHA-256 S3 computed for the copied object (hex), without downloading it where S3 can tell us. */
async function copiedSha256(bucket: string, key: string, copyResult: string | undefined): Promise<string> {
  if (copyResult) return Buffer.from(copyResult, 'base64').toString('hex');
  const head = await s3().send(new HeadObjectCommand({ Bucket: bucket, Key: key, ChecksumMode: 'ENABLED' }));
  if (head.ChecksumSHA256 && !head.ChecksumSHA256.includes('-')) return Buffer.from(head.ChecksumSHA256, 'base64').toString('hex');
  // An object stored before S3 kept SHA-256 checksums: hash the bytes (the only case that reads the copy).
  const object = await s3().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return createHash('sha256').update(await object.Body!.transformToByteArray()).digest('hex');
}

/** Copies one original's PDFs byte for byte; a copy whose SHA-256 differs from the original's stops the pack. */
function copyPdfs(cover: Letter, originalId: string, pdfs: Letter['pdfs']): Promise<Letter['pdfs']> {
  const bucket = bucketName(lettersBucket);
  return Promise.all(
    pdfs.map(async (pdf) => {
      const key = copyKey(cover, originalId, pdf.variant);
      const result = await s3().send(new CopyObjectCommand({ Bucket: bucket, Key: key, CopySource: `${bucket}/${pdf.key}`, ChecksumAlgorithm: 'SHA256', MetadataDirective: 'COPY' }));
      const sha256 = await copiedSha256(bucket, key, result.CopyObjectResult?.ChecksumSHA256);
      if (sha256 !== pdf.sha256) {
        throw new Problem('businessRule', `The copy of ${originalId} (${pdf.variant}) is not identical to the original (SHA-256 differs): the pack is stopped. Try again, or ask for the original to be checked.`);
      }
      return { key, sha256, bytes: pdf.bytes, variant: pdf.variant };
    }),
  );
}

export interface PackCopies {
  readonly copies: Letter[];
  readonly items: TransactItem[];
}

/**
 * On approval: the exact copies, each its own Duplicate letter in the cover letter's status, with their
 * writes. The originals are read and copied at the same time (S3 does the copying).
 */
export async function makeCopies(cover: Letter, status: LetterStatus, actor: AuditActor, now: Date): Promise<PackCopies> {
  const at = now.toISOString();
  const made = await Promise.all(
    cover.pack!.originals.map(async (original) => {
      // The PDFs recorded with the pack are copied while the original's record is read.
      const [source, pdfs] = await Promise.all([letterStore.get(original.correspondenceId), copyPdfs(cover, original.correspondenceId, original.pdfs)]);
      if (!source) throw new Problem('businessRule', `The original ${original.correspondenceId} is no longer there to copy.`);
      const copy: Letter = {
        ...source,
        correspondenceId: newCorrespondenceId(),
        srNumber: cover.srNumber,
        recipient: cover.recipient,
        contactRef: cover.contactRef,
        status,
        pdfs,
        duplicateOf: source.correspondenceId,
        packCoverId: cover.correspondenceId,
        duplicates: undefined,
        pack: undefined,
        statusHistory: [{ status, at, by: actor.id, reason: `Duplicate of ${source.correspondenceId}, reissued with ${cover.correspondenceId}` }],
        approvalHistory: [],
        approval: undefined,
        returnedToCaseworker: undefined,
        fulfilment: undefined,
        cancellation: undefined,
        held: undefined,
        returns: [],
        readyAt: at,
        createdBy: cover.createdBy,
        createdAt: at,
        updatedBy: actor.id,
        updatedAt: at,
        version: 1,
      };
      return { copy, items: [...letterStore.create(copy), letterStore.duplicateAdded(source.correspondenceId, copy.correspondenceId), letterAudit(actor, 'DuplicateCopyMade', undefined, copy, now)] };
    }),
  );
  return { copies: made.map((m) => m.copy), items: made.flatMap((m) => m.items) };
}

/** The copies that go out with a cover letter, in order. */
export async function copiesOf(cover: Letter): Promise<Letter[]> {
  const ids = cover.pack?.copies ?? [];
  const copies = await Promise.all(ids.map((id) => letterStore.get(id)));
  return copies.filter((c): c is Letter => Boolean(c));
}

/**
 * The writes that move a pack's copies with their cover letter (to the print batch, fulfilled, failed,
 * cancelled), and, once the pack is issued, show the request as sent and answer its SR.
 */
export async function withCover(cover: Letter, status: LetterStatus, actor: AuditActor, now: Date, extra: (copy: Letter) => Partial<Letter> = () => ({})): Promise<TransactItem[]> {
  if (!cover.pack?.copies?.length) return [];
  const items: TransactItem[] = [];
  for (const copy of await copiesOf(cover)) {
    if (copy.status === status) continue;
    const next = moved(copy, status, actor, now, extra(copy), `With its cover letter ${cover.correspondenceId}`);
    items.push(...letterStore.replace(next, copy.version), letterAudit(actor, `DuplicateCopy${status.replace(/ /g, '')}`, copy, next, now));
  }
  if ((issuedStatuses as readonly string[]).includes(status)) items.push(duplicateRequestStore.sent(cover.pack.requestSrNumber, cover.correspondenceId, now));
  return items;
}
