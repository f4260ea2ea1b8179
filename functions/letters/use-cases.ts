import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { Client } from '../cases/schemas.ts';
import { caseStore, clientStore, employerStore } from '../cases/store.ts';
import { type AuditActor } from '../platform/audit.ts';
import { queueUrl, sqs } from '../platform/aws-clients.ts';
import { type TransactItem } from '../platform/dynamo.ts';
import type { HttpResult, Idempotency } from '../platform/http-handler.ts';
import { createOnce } from '../platform/idempotency.ts';
import { newCorrespondenceId } from '../platform/identifiers.ts';
import { logger } from '../platform/logger.ts';
import { Problem } from '../platform/problem.ts';
import { letterRenderQueue } from '../platform/resources.ts';
import { getServiceRequest } from '../service-requests/use-cases.ts';
import { getRecord as getThirdPartyRecord } from '../third-parties/store.ts';
import { compose, defaultComposition } from './domain/composition.ts';
import { generate } from './domain/generation.ts';
import type { RecipientData } from './domain/recipient.ts';
import { assertEditable, assertTransition } from './domain/status.ts';
import type { ComposeLetter, Letter, LetterRecipient } from './schemas.ts';
import { letterStore } from './store.ts';
import { letterAudit } from './letter-audit.ts';
import { saveOrConflict } from '../platform/save.ts';
import type { LetterTemplate } from './template-schema.ts';
import { findTemplate, representativeCoverTemplateId } from './templates.ts';
import { assertCoverParagraph, checkOriginals, isPackCover, mayBePackCover, packOf } from './duplicate-pack.ts';

/** The outbound letter facade: create the activity, compose, generate, and queue the PDF. */

export const contactRefOf = (r: LetterRecipient): string => (r.type === 'employer' ? r.ern : r.type === 'third-party' ? r.trn : r.scin);

const audit = letterAudit;

export async function letterOrRefuse(correspondenceId: string): Promise<Letter> {
  const letter = await letterStore.get(correspondenceId);
  if (!letter) throw new Problem('notFound', `There is no letter ${correspondenceId}.`);
  return letter;
}

function templateOrRefuse(id: string): LetterTemplate {
  const template = findTemplate(id);
  if (!template) throw new Problem('businessRule', `There is no letter template ${id}.`, { errors: [{ field: 'body.templateId', rule: 'must be a template in GET /letter-templates' }] });
  return template;
}

function assertVersion(letter: Letter, expectedVersion: number | undefined): void {
  if (expectedVersion !== letter.version) {
    throw new Problem('conflict', `${letter.correspondenceId} is at version ${letter.version}, not ${expectedVersion}: someone changed it since you read it.`, { currentVersion: letter.version });
  }
}

const save = (items: TransactItem[]) => saveOrConflict(items, 'The letter');

function newLetter(srNumber: string, caseNumber: string, template: LetterTemplate, recipient: LetterRecipient, actor: AuditActor, now: Date, extra: Partial<Letter> = {}): Letter {
  const at = now.toISOString();
  return {
    correspondenceId: newCorrespondenceId(),
    srNumber,
    caseNumber,
    channel: 'letter',
    template: { id: template.id, version: template.version, name: template.name },
    recipient,
    contactRef: contactRefOf(recipient),
    composition: defaultComposition(template),
    status: 'Draft',
    round: 0,
    warnings: [],
    pdfs: [],
    returns: [],
    welshTranslationRequired: false,
    statusHistory: [{ status: 'Draft', at, by: actor.id }],
    approvalHistory: [],
    createdBy: actor.id,
    createdAt: at,
    updatedBy: actor.id,
    updatedAt: at,
    version: 1,
    ...extra,
  };
}

/** Creates the outbound letter activity on an SR: a Draft the caseworker composes until it is generated. */
export async function createLetter(srNumber: string, request: { templateId: string; recipient: LetterRecipient }, actor: AuditActor, idempotency: Idempotency | undefined, now: Date): Promise<HttpResult> {
  const sr = await getServiceRequest(srNumber);
  if (sr.status === 'Closed') throw new Problem('businessRule', `${srNumber} is closed: letters cannot be added to it.`);
  const template = templateOrRefuse(request.templateId);
  if (!template.audiences.includes(request.recipient.type)) {
    throw new Problem('businessRule', `${template.id} ${template.name} is not for a ${request.recipient.type}; it is for: ${template.audiences.join(', ')}.`, { errors: [{ field: 'body.recipient.type', rule: `must be one of the template's audiences: ${template.audiences.join(', ')}` }] });
  }
  await loadRecipientData({ caseNumber: sr.caseNumber, recipient: request.recipient, srNumber });
  return createOnce(idempotency, async () => {
    const letter = newLetter(srNumber, sr.caseNumber, template, request.recipient, actor, now);
    return { items: [...letterStore.create(letter), audit(actor, 'LetterCreated', undefined, letter, now)], result: { status: 201, body: letter, version: letter.version, headers: { location: `/letters/${letter.correspondenceId}` } } };
  });
}

/** Loads what generation needs about the case and recipient (and refuses an unknown recipient early). */
export async function loadRecipientData(letter: Pick<Letter, 'caseNumber' | 'recipient' | 'srNumber'>): Promise<RecipientData> {
  const owningCase = await caseStore.get(letter.caseNumber);
  if (!owningCase) throw new Problem('businessRule', `There is no case ${letter.caseNumber}.`);
  const parents = await Promise.all([owningCase.receivingParent, owningCase.payingParent].map((scin) => clientStore.get(scin)));
  const clients = new Map<string, Client>(parents.filter((c): c is NonNullable<typeof c> => Boolean(c)).map((c) => [c.scin, c]));
  const r = letter.recipient;
  const refuse = (rule: string) => {
    throw new Problem('businessRule', `The recipient is not on case ${letter.caseNumber}: ${rule}.`, { errors: [{ field: 'body.recipient', rule }] });
  };
  let employer;
  let thirdParty;
  if (r.type === 'client' && !clients.has(r.scin)) refuse('a client recipient must be a parent on the case');
  if (r.type === 'representative') {
    if (![...clients.values()].some((c) => c.representative?.active && c.representative.scin === r.scin)) refuse('a representative must be the active representative of a parent on the case');
    const rep = await clientStore.get(r.scin);
    if (rep) clients.set(rep.scin, rep);
  }
  if (r.type === 'employer') {
    if (!owningCase.employers.includes(r.ern)) refuse('an employer must be an employer on the case');
    employer = await employerStore.get(r.ern);
  }
  if (r.type === 'third-party') {
    thirdParty = await getThirdPartyRecord(r.trn);
    if (!thirdParty || thirdParty.organisation.status !== 'active') refuse('a third party must be an active organisation in the directory');
    if (r.contactId && thirdParty!.contacts.find((c) => c.contactId === r.contactId)?.status !== 'active') refuse('the named contact must be an active contact of the organisation');
  }
  return { case: owningCase, clients, ...(employer ? { employer } : {}), ...(thirdParty ? { thirdParty } : {}), srNumber: letter.srNumber };
}

export async function composeLetter(correspondenceId: string, edit: ComposeLetter, expectedVersion: number | undefined, actor: AuditActor, now: Date): Promise<Letter> {
  const letter = await letterOrRefuse(correspondenceId);
  assertVersion(letter, expectedVersion);
  assertEditable(letter.status, correspondenceId);
  const template = templateOrRefuse(letter.template.id);
  const recipient = letter.recipient.type === 'client' || letter.recipient.type === 'representative' ? await clientStore.get(letter.recipient.scin) : undefined;
  const composition = compose(letter.composition, template, edit, { selfService: recipient?.selfServiceUser ?? false });
  const next: Letter = { ...letter, composition, updatedBy: actor.id, updatedAt: now.toISOString(), version: letter.version + 1 };
  if (edit.attachments && mayBePackCover(next)) {
    const sr = await getServiceRequest(letter.srNumber);
    if (isPackCover(next, sr)) await checkOriginals(next, sr, actor);
  }
  await save([...letterStore.replace(next, letter.version), audit(actor, 'LetterComposed', letter, next, now)]);
  return next;
}

/**
 * Generate: freezes the content (read-only from now on), gives the letter its references and warnings,
 * creates the representative cover letter when the recipient has an active representative, and queues
 * the PDF render.
 */
export async function generateLetter(correspondenceId: string, expectedVersion: number | undefined, actor: AuditActor, now: Date): Promise<Letter> {
  const letter = await letterOrRefuse(correspondenceId);
  assertVersion(letter, expectedVersion);
  assertEditable(letter.status, correspondenceId);
  assertTransition(letter.status, 'Rendering', correspondenceId);
  const template = templateOrRefuse(letter.template.id);
  assertCoverParagraph(letter);
  // A duplicate pack: the originals are checked again and recorded with the request, for the team leader.
  // Only a cover letter with letters attached needs its SR read to tell.
  const sr = mayBePackCover(letter) ? await getServiceRequest(letter.srNumber) : undefined;
  const pack = sr && isPackCover(letter, sr) ? await packOf(letter, sr, await checkOriginals(letter, sr, actor)) : undefined;
  const data = await loadRecipientData(letter);
  // A representative's own client record is needed when writing to the representative.
  const generation = generate(letter, template, data, actor, now);
  const next: Letter = {
    ...letter,
    status: 'Rendering',
    round: letter.round + 1,
    generated: generation.content,
    warnings: generation.warnings,
    welshTranslationRequired: generation.welsh,
    ...(pack ? { pack } : {}),
    statusHistory: [...letter.statusHistory, { status: 'Rendering', at: now.toISOString(), by: actor.id }],
    pdfs: [],
    error: undefined,
    updatedBy: actor.id,
    updatedAt: now.toISOString(),
    version: letter.version + 1,
  };
  const items = [...letterStore.replace(next, letter.version), audit(actor, 'LetterGenerated', letter, next, now)];
  if (generation.representativeCover && letter.round === 0) {
    const coverTemplate = templateOrRefuse(representativeCoverTemplateId);
    const cover = newLetter(letter.srNumber, letter.caseNumber, coverTemplate, { type: 'representative', scin: generation.representativeCover.scin }, actor, now, {
      relatedCorrespondenceId: letter.correspondenceId,
    });
    cover.composition.attachments = [{ kind: 'correspondence', reference: letter.correspondenceId, description: `Copy of ${template.id} ${template.name}` }];
    items.push(...letterStore.create(cover), audit(actor, 'RepresentativeCoverLetterCreated', undefined, cover, now));
  }
  await save(items);
  await requestRender(next);
  return next;
}

/** Queues the PDF render. A lost message is re-sent by the requeue schedule; rendering is idempotent. */
export async function requestRender(letter: Pick<Letter, 'correspondenceId' | 'round'>): Promise<void> {
  try {
    await sqs().send(new SendMessageCommand({ QueueUrl: queueUrl(letterRenderQueue), MessageBody: JSON.stringify({ correspondenceId: letter.correspondenceId, round: letter.round }) }));
  } catch (error) {
    logger.warn('render message not sent; the requeue schedule will retry', { correspondenceId: letter.correspondenceId, error: (error as Error).name });
  }
}
