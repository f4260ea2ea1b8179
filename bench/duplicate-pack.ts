import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { CopyObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { Case, Client } from '../functions/cases/schemas.ts';
import { caseStore, clientStore } from '../functions/cases/store.ts';
import { approve } from '../functions/letters/approval.ts';
import type { Letter } from '../functions/letters/schemas.ts';
import { letterStore } from '../functions/letters/store.ts';
import { bucketName, dynamo, s3, tableName } from '../functions/platform/aws-clients.ts';
import { transact } from '../functions/platform/dynamo.ts';
import { keys } from '../functions/platform/keys.ts';
import { logger } from '../functions/platform/logger.ts';
import { caseworkTable, lettersBucket } from '../functions/platform/resources.ts';
import { serviceRequestStore } from '../functions/service-requests/store.ts';
import type { ServiceRequest } from '../functions/service-requests/schemas.ts';
import { startStack, type Stack } from '../local/stack.ts';
import { onCleanup } from './cleanup.ts';
import { median, ms, percentile, ratio, summaryLine, table } from './stats.ts';

/**
 * Benchmark `duplicate-pack` (issue 9): a pack of one cover letter and three copies, from the team
 * leader's approval to every document stored (approve() in this process against the local stack's
 * DynamoDB Local and fauxqs S3), against the raw calls it needs in the same run, interleaved: a read of
 * the cover letter, three S3 CopyObject calls at once (SHA-256 computed by S3) and one TransactWriteItems
 * with the cover letter, the three copies, the three originals' duplicate lists and their audit events.
 * Ours also reads the originals (alongside the copies), the SR and the recipient's suppression flag, and
 * writes the SR's approval set, its note and the My Activities entries; locally it also reads each copy's
 * checksum back (HeadObject), as fauxqs does not return it from CopyObject the way S3 does. Run
 * twice, with originals of 20 KB and of 2 MB: a copy must cost the same whatever the original's size
 * (S3 copies it; nothing is downloaded or uploaded). Knobs: BENCH_PACK_N (40 per side), BENCH_PACK_WARMUP (5).
 */

export const packTarget = 1.3;
const iterations = Number(process.env.BENCH_PACK_N ?? 40);
const warmUp = Number(process.env.BENCH_PACK_WARMUP ?? 5);
const caseNumber = '1-2000000777';
const scin = '3000000777';

let sequence = 0;
const nextId = () => `L-P${String(++sequence).padStart(7, '0').replace(/[ILOU]/g, '0')}`;

function letter(id: string, srNumber: string, status: Letter['status'], extra: Partial<Letter>): Letter {
  const at = new Date().toISOString();
  return {
    correspondenceId: id,
    srNumber,
    caseNumber,
    channel: 'letter',
    template: { id: 'CMSL5509', version: 1, name: 'Important documents enclosed' },
    recipient: { type: 'client', scin },
    contactRef: scin,
    composition: { paragraphs: { TM_09149E: true }, freeText: { enclosedDocuments: 'Copies' }, slots: {}, enclosures: [], attachments: [], deliveryMethod: 'first-class' },
    status,
    round: 1,
    warnings: [],
    pdfs: [],
    returns: [],
    welshTranslationRequired: false,
    statusHistory: [{ status, at, by: 'cw-bench' }],
    approvalHistory: [],
    createdBy: 'cw-bench',
    createdAt: at,
    updatedBy: 'cw-bench',
    updatedAt: at,
    version: 1,
    ...extra,
  };
}

async function storedPdf(id: string, size: number): Promise<Letter['pdfs'][number]> {
  const bytes = randomBytes(size);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const key = `letters/${caseNumber}/${id}/round-1.pdf`;
  await s3().send(new PutObjectCommand({ Bucket: bucketName(lettersBucket), Key: key, Body: bytes, ContentType: 'application/pdf', ChecksumSHA256: Buffer.from(sha256, 'hex').toString('base64') }));
  return { key, sha256, bytes: size, variant: 'standard' };
}

/** A cover letter waiting for a decision, with three sent originals of `size` bytes attached. */
async function pendingPack(sr: ServiceRequest, size: number): Promise<{ cover: Letter; originals: Letter[] }> {
  const originals: Letter[] = [];
  for (let i = 0; i < 3; i++) {
    const id = nextId();
    originals.push(letter(id, sr.srNumber, 'Successfully Fulfilled', { pdfs: [await storedPdf(id, size)] }));
  }
  const coverId = nextId();
  const at = new Date().toISOString();
  const cover = letter(coverId, sr.srNumber, 'Pending Approval', {
    generated: { generatedAt: at, generatedBy: 'cw-bench', issueDate: at.slice(0, 10), issuingOffice: 'LDS', recipientName: 'Ms Bench', addressBlock: ['1 Bench Road', 'Leeds', 'LS1 1AA'], references: [], salutation: 'Dear Ms Bench', paragraphs: [{ text: 'Copies enclosed.' }], valediction: 'Yours sincerely', signatory: 'CMS', enclosures: [], attachments: [], deliveryMethod: 'first-class', fulfilment: 'external', specialRequirements: [], identifyingCode: 'x' },
    pdfs: [await storedPdf(coverId, 20_000)],
    approval: { segment: 'SEG-BENCH', submittedAt: at, submittedBy: 'cw-bench', subStatus: 'Submit for Approval - TL' },
    pack: { requestSrNumber: sr.srNumber, reason: 'Lost in a house move', requestedBy: scin, originals: originals.map((o) => ({ correspondenceId: o.correspondenceId, templateId: 'CMSL5509', templateName: 'Important documents enclosed', contactRef: scin, sha256: o.pdfs[0]!.sha256, pdfs: o.pdfs })) },
  });
  await transact([...originals.flatMap((o) => letterStore.create(o)), ...letterStore.create(cover), serviceRequestStore.awaitingApprovalAdded(sr.srNumber, coverId)]);
  return { cover, originals };
}

/**
 * The raw calls a pack needs: read the cover letter, copy the three PDFs inside S3, and write in one
 * transaction the cover letter, the three copies, the originals' duplicate lists and an audit event each.
 */
async function rawPack(cover: Letter, originals: readonly Letter[]): Promise<void> {
  const bucket = bucketName(lettersBucket);
  const TableName = tableName(caseworkTable);
  await dynamo().send(new GetCommand({ TableName, Key: keys.letter(cover.correspondenceId), ConsistentRead: true }));
  // In parallel, as ours copies them: the baseline is the least any implementation must wait for.
  const copies: Letter[] = await Promise.all(
    originals.map(async (original) => {
      const copyId = nextId();
      await s3().send(new CopyObjectCommand({ Bucket: bucket, Key: `bench/raw/${copyId}.pdf`, CopySource: `${bucket}/${original.pdfs[0]!.key}`, ChecksumAlgorithm: 'SHA256' }));
      return { ...original, correspondenceId: copyId, duplicateOf: original.correspondenceId, packCoverId: cover.correspondenceId, status: 'Ready for Fulfilment' as const };
    }),
  );
  await dynamo().send(
    new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName, Item: { ...keys.letter(cover.correspondenceId), recordType: 'Letter', ...cover, status: 'Ready for Fulfilment', version: 2 }, ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': 1 } } },
        ...copies.map((c) => ({ Put: { TableName, Item: { ...keys.letter(c.correspondenceId), recordType: 'Letter', ...c }, ConditionExpression: 'attribute_not_exists(PK)' } })),
        ...originals.map((o, i) => ({ Update: { TableName, Key: keys.letter(o.correspondenceId), UpdateExpression: 'ADD duplicates :c', ExpressionAttributeValues: { ':c': new Set([copies[i]!.correspondenceId]) } } })),
        ...[cover, ...copies].map((l) => ({ Put: { TableName, Item: { ...keys.audit(keys.letter(l.correspondenceId).PK, `${new Date().toISOString()}#${l.correspondenceId}`), recordType: 'AuditEvent', action: 'DuplicateCopyMade', after: { status: l.status } }, ConditionExpression: 'attribute_not_exists(PK)' } })),
      ],
    }),
  );
}

async function measure(sr: ServiceRequest, size: number): Promise<{ ours: number[]; baseline: number[] }> {
  const ours: number[] = [];
  const baseline: number[] = [];
  for (let i = 0; i < iterations + warmUp; i++) {
    const a = await pendingPack(sr, size);
    const b = await pendingPack(sr, size);
    let t = performance.now();
    const approved = await approve(a.cover.correspondenceId, 1, undefined, { id: 'tl-bench', role: 'team-leader' }, new Date());
    const oursMs = performance.now() - t;
    if (approved.pack?.copies?.length !== 3) throw new Error('duplicate-pack: the pack was approved without its three copies');
    t = performance.now();
    await rawPack(b.cover, b.originals);
    const rawMs = performance.now() - t;
    if (i >= warmUp) {
      ours.push(oursMs);
      baseline.push(rawMs);
    }
  }
  return { ours, baseline };
}

export async function runDuplicatePack(workDir: string): Promise<void> {
  let stack: Stack | undefined;
  onCleanup(() => stack?.stop());
  stack = await startStack({ dataDir: join(workDir, 'duplicate-pack'), inMemory: true, ports: { dynamodb: 0, fauxqs: 0, ses: 0, api: 0 }, demoData: false, quiet: true });
  logger.setLogLevel('ERROR');
  const now = new Date();
  const actor = { id: 'bench', role: 'case-manager' };
  await clientStore.upsert(Client.parse({ scin, firstName: 'Bench', lastName: 'Client', addresses: [{ type: 'correspondence', lines: ['1 Bench Road', 'Leeds'], postcode: 'LS1 1AA' }] }), undefined, actor, now);
  await caseStore.upsert(Case.parse({ caseNumber, status: 'open', owningCaseworker: 'cw-bench', owningSegment: 'SEG-BENCH', receivingParent: scin, payingParent: '3000000778', qualifyingChildren: [{ firstName: 'Sam' }] }), undefined, actor, now);
  const sr: ServiceRequest = { srNumber: 'SR-BENCHPAK', caseNumber, contact: { type: 'client', scin }, process: 'Outbound Contact', area: 'Reissue Correspondence', subArea: 'Reissue Correspondence', channel: 'self-service', status: 'In Progress', activityPlan: [], createdBy: 'cw-bench', createdAt: now.toISOString(), updatedBy: 'cw-bench', updatedAt: now.toISOString(), version: 1 };
  await transact([serviceRequestStore.createItem(sr)]);

  const small = await measure(sr, 20_000);
  const large = await measure(sr, 2_000_000);
  const row = (name: string, values: number[]) => [name, ms(percentile(values, 50)), ms(percentile(values, 90)), ms(percentile(values, 99))];
  console.log(table(['pack of 1 cover + 3 copies (ms)', 'p50', 'p90', 'p99'], [row('ours, 20 KB originals', small.ours), row('raw calls, 20 KB originals', small.baseline), row('ours, 2 MB originals', large.ours), row('raw calls, 2 MB originals', large.baseline)]));
  const r = median(small.ours) / median(small.baseline);
  // Whatever a bigger original costs S3 (here fauxqs, which copies the bytes in memory) it costs the raw
  // copies too; ours must not grow faster than they do, which it would if it downloaded and uploaded.
  const growth = median(large.ours) / median(small.ours);
  const rawGrowth = median(large.baseline) / median(small.baseline);
  console.log(`duplicate-pack: p50 ratio ${ratio(r)} (target <= ${packTarget}: ${r <= packTarget ? 'met' : 'MISSED'}); 2 MB originals cost ours ${ratio(growth)}x and the raw copies ${ratio(rawGrowth)}x the 20 KB ones (ours no faster than S3's own copy: ${growth / rawGrowth <= 1.2 ? 'met' : 'MISSED'})`);
  console.log(summaryLine('duplicate-pack-p50', ms(median(small.ours)), 'ms', r, 'three-s3-copies+one-transaction'));
  console.log(summaryLine('duplicate-pack-size-growth', ratio(growth), 'x', growth / rawGrowth, 'raw-calls-growth-20KB-to-2MB'));
  await stack.stop();
  stack = undefined;
}
