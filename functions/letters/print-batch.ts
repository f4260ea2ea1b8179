import { CopyObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { systemActor, type AuditActor } from '../platform/audit.ts';
import { bucketName, dynamo, s3 } from '../platform/aws-clients.ts';
import { ConditionFailed, table, transact } from '../platform/dynamo.ts';
import { byQueue, keys, withoutStorageAttributes } from '../platform/keys.ts';
import { logger } from '../platform/logger.ts';
import { Problem } from '../platform/problem.ts';
import { lettersBucket } from '../platform/resources.ts';
import { suppressionReason } from './approval.ts';
import { cutoffTime, londonDateOf, londonInstant } from './domain/cutoff.ts';
import { moved } from './domain/status.ts';
import type { Letter } from './schemas.ts';
import { letterStore } from './store.ts';
import { letterAudit } from './letter-audit.ts';
import { copiesOf, withCover } from './duplicate-pack.ts';
import { enclosed } from './enclosures.ts';
import { serviceRequestStore } from '../service-requests/store.ts';

/**
 * The end-of-day print batch. At the cut-off it claims every external-print letter that was Ready for
 * Fulfilment by then (each claim a conditional write, so a cancellation racing it has one winner),
 * writes the PDFs and a manifest for the Fulfilment House to S3, and marks the batch complete. A re-run
 * (e.g. after a crash part-way) claims nothing twice and rewrites the same manifest.
 */

export interface PrintBatch {
  readonly batchId: string;
  readonly cutoff: string;
  readonly status: 'collecting' | 'complete';
  readonly letters: number;
  readonly held: number;
  readonly manifestKey?: string;
  readonly completedAt?: string;
}

const audit = letterAudit;

/**
 * One conditional transaction per letter; false when someone else changed it first. A duplicate pack's
 * copies move with their cover letter, and an issued letter answers its SR's enquiry.
 */
async function tryMove(letter: Letter, next: Letter, action: string, now: Date, actor: AuditActor = systemActor): Promise<boolean> {
  const issued = next.status === 'Sent to Fulfilment House' || next.status === 'Successfully Fulfilled';
  const companions = await withCover(letter, next.status, actor, now, () => ({ fulfilment: next.fulfilment }));
  try {
    await transact([...letterStore.replace(next, letter.version), audit(actor, action, letter, next, now), ...companions, ...(issued ? serviceRequestStore.enquiryAnswered(letter.srNumber, letter.correspondenceId, now) : [])]);
    return true;
  } catch (error) {
    if (error instanceof ConditionFailed) return false;
    throw error;
  }
}

async function queryAll(input: { pk: string; before?: string }): Promise<Letter[]> {
  const letters: Letter[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: table(),
        IndexName: byQueue.index,
        KeyConditionExpression: input.before ? 'GSI3PK = :pk AND GSI3SK <= :before' : 'GSI3PK = :pk',
        ExpressionAttributeValues: { ':pk': input.pk, ...(input.before ? { ':before': input.before } : {}) },
        ExclusiveStartKey: start,
      }),
    );
    letters.push(...(page.Items ?? []).map((i) => withoutStorageAttributes<Letter>(i)));
    start = page.LastEvaluatedKey;
  } while (start);
  return letters;
}

const batchKey = (batchId: string) => keys.printBatch(batchId);

async function getBatch(batchId: string): Promise<PrintBatch | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: table(), Key: batchKey(batchId), ConsistentRead: true }));
  return Item ? withoutStorageAttributes<PrintBatch>(Item) : undefined;
}

async function putBatch(batch: PrintBatch): Promise<void> {
  await dynamo().send(new PutCommand({ TableName: table(), Item: { ...batchKey(batch.batchId), recordType: 'PrintBatch', ...batch } }));
}

/** <batch>/<letter id>-<file>: unique per letter, duplicate copies included. */
const pdfCopyKey = (batchId: string, letterId: string, pdfKey: string): string => `print-batches/${batchId}/${letterId}-${pdfKey.split('/').at(-1)}`;

export async function runPrintBatch(input: { batchDate?: string }, now: Date): Promise<PrintBatch | { status: 'before-cutoff'; cutoff: string }> {
  const batchId = input.batchDate ?? londonDateOf(now);
  const cutoff = londonInstant(batchId, cutoffTime());
  if (now < cutoff) return { status: 'before-cutoff', cutoff: cutoff.toISOString() };

  const existing = await getBatch(batchId);
  if (existing?.status === 'complete') return existing;
  await putBatch({ batchId, cutoff: cutoff.toISOString(), status: 'collecting', letters: 0, held: 0 });

  // Claim every external-print letter that was ready by the cut-off; later ones wait for the next batch.
  let held = 0;
  for (const letter of await queryAll({ pk: byQueue.fulfilmentPk, before: `${cutoff.toISOString()}#~` })) {
    const suppressed = await suppressionReason(letter);
    if (suppressed) {
      if (await tryMove(letter, moved(letter, 'Held', systemActor, now, { held: { reason: suppressed, at: now.toISOString() } }, suppressed), 'LetterHeld', now)) held++;
      continue;
    }
    await tryMove(letter, moved(letter, 'Sent to Fulfilment House', systemActor, now, { fulfilment: { batchId, sentAt: now.toISOString(), method: 'external' } }), 'LetterSentToFulfilmentHouse', now);
  }

  // Everything this batch ever claimed (a re-run includes what a crashed run claimed), in a stable order.
  const sent = (await queryAll({ pk: byQueue.batchPk(batchId) })).sort((a, b) => a.correspondenceId.localeCompare(b.correspondenceId));
  const bucket = bucketName(lettersBucket);
  const entries = [];
  for (const letter of sent) {
    const files = [];
    // One mailing: the cover letter, then each duplicate copy in the order attached, then the enclosures.
    const documents = [{ letter, role: 'letter' }, ...(await copiesOf(letter)).map((copy) => ({ letter: copy, role: `duplicate of ${copy.duplicateOf}` }))];
    for (const document of documents) {
      for (const pdf of document.letter.pdfs) {
        const key = pdfCopyKey(batchId, document.letter.correspondenceId, pdf.key);
        await s3().send(new CopyObjectCommand({ Bucket: bucket, Key: key, CopySource: `${bucket}/${pdf.key}` }));
        files.push({ variant: pdf.variant, key, sha256: pdf.sha256, bytes: pdf.bytes, ...(document.letter === letter ? {} : { correspondenceId: document.letter.correspondenceId, document: document.role }) });
      }
    }
    const g = letter.generated!;
    entries.push({
      correspondenceId: letter.correspondenceId,
      template: letter.template,
      deliveryMethod: g.deliveryMethod,
      enclosures: g.enclosures,
      enclosed: enclosed(letter.composition.enclosures),
      specialFormats: g.specialRequirements,
      customCountry: g.customCountry ?? null,
      files,
    });
  }
  const manifestKey = `print-batches/${batchId}/manifest.json`;
  const manifest = { batchId, cutoff: cutoff.toISOString(), letters: entries };
  await s3().send(new PutObjectCommand({ Bucket: bucket, Key: manifestKey, Body: JSON.stringify(manifest, null, 2), ContentType: 'application/json' }));
  const batch: PrintBatch = { batchId, cutoff: cutoff.toISOString(), status: 'complete', letters: entries.length, held: held + (existing?.held ?? 0), manifestKey, completedAt: now.toISOString() };
  await putBatch(batch);
  logger.info('print batch complete', { batchId, letters: entries.length, held });
  return batch;
}

/** The Fulfilment House's report on a batch: printed and posted, or failed (then only cancel and print locally). */
export async function applySupplierReport(batchId: string, report: { fulfilled: string[]; failed: { correspondenceId: string; reason: string }[] }, actor: AuditActor, now: Date) {
  const batch = await getBatch(batchId);
  if (!batch || batch.status !== 'complete') throw new Problem('notFound', `There is no completed print batch ${batchId}.`);
  const ignored: { correspondenceId: string; reason: string }[] = [];
  let fulfilled = 0;
  let failed = 0;
  const outcomes: [string, 'Successfully Fulfilled' | 'Error in Fulfilment', string | undefined][] = [
    ...report.fulfilled.map((id) => [id, 'Successfully Fulfilled', undefined] as [string, 'Successfully Fulfilled', undefined]),
    ...report.failed.map((f) => [f.correspondenceId, 'Error in Fulfilment', f.reason] as [string, 'Error in Fulfilment', string]),
  ];
  for (const [id, status, reason] of outcomes) {
    const letter = await letterStore.get(id);
    if (!letter || letter.fulfilment?.batchId !== batchId) {
      ignored.push({ correspondenceId: id, reason: `not in batch ${batchId}` });
      continue;
    }
    if (letter.status !== 'Sent to Fulfilment House') {
      ignored.push({ correspondenceId: id, reason: `already ${letter.status}` });
      continue;
    }
    const next = moved(letter, status, actor, now, { fulfilment: { ...letter.fulfilment, ...(status === 'Successfully Fulfilled' ? { fulfilledAt: now.toISOString() } : { error: reason }) } }, reason);
    if (await tryMove(letter, next, status === 'Successfully Fulfilled' ? 'LetterFulfilled' : 'LetterFulfilmentFailed', now, actor)) {
      if (status === 'Successfully Fulfilled') fulfilled++;
      else failed++;
    } else ignored.push({ correspondenceId: id, reason: 'changed at the same moment; send it again' });
  }
  return { batchId, fulfilled, failed, ignored };
}
