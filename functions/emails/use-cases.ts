import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { Client } from '../cases/schemas.ts';
import { caseStore, clientStore } from '../cases/store.ts';
import { withdrawnFromApproval } from '../correspondence/approval-workflow.ts';
import { correspondenceAudit } from '../correspondence/audit.ts';
import type { LetterRecipient } from '../letters/schemas.ts';
import type { AuditActor } from '../platform/audit.ts';
import { queueUrl, sqs } from '../platform/aws-clients.ts';
import type { TransactItem } from '../platform/dynamo.ts';
import type { HttpResult, Idempotency } from '../platform/http-handler.ts';
import { createOnce } from '../platform/idempotency.ts';
import { newEmailId } from '../platform/identifiers.ts';
import { logger } from '../platform/logger.ts';
import { Problem, validationProblem } from '../platform/problem.ts';
import { emailSendQueue } from '../platform/resources.ts';
import { saveOrConflict } from '../platform/save.ts';
import { findSrType } from '../service-requests/domain/sr-types.ts';
import type { EnquiryScenario, ServiceRequest } from '../service-requests/schemas.ts';
import { getServiceRequest, raiseServiceRequest } from '../service-requests/use-cases.ts';
import { eligibleRecipient, greetingName, type Eligible } from './domain/eligibility.ts';
import { assertNoPersonalData, enquiryDateText, renderEmail } from './domain/render.ts';
import { editableStatuses, movedEmail } from './domain/status.ts';
import type { CreateEmail, Email, RenderedEmail } from './schemas.ts';
import { addressMarks, emailStore } from './store.ts';
import { incidentItem, incidentStore } from './incidents.ts';
import type { EmailTemplate, LineToTake } from './template-schema.ts';
import { findEmailTemplate, linesFor, linesToTake } from './templates.ts';

/** Outbound email: create the activity on the enquiry's SR, compose from approved lines, generate, send. */

export interface EmailSettings {
  /** The From address, set per environment. */
  readonly sender: string;
}

export const emailAudit = correspondenceAudit<Email>('Email');

const save = (items: TransactItem[]) => saveOrConflict(items, 'The email');

export async function emailOrRefuse(id: string): Promise<Email> {
  const email = await emailStore.get(id);
  if (!email) throw new Problem('notFound', `There is no email ${id}.`);
  return email;
}

async function current(id: string, expectedVersion: number | undefined): Promise<Email> {
  const email = await emailOrRefuse(id);
  if (expectedVersion !== email.version) {
    throw new Problem('conflict', `${id} is at version ${email.version}, not ${expectedVersion}: someone changed it since you read it.`, { currentVersion: email.version, currentStatus: email.status });
  }
  return email;
}

/** Refusals from a rule shared with another route, named as this route's request names the field. */
async function renamingFields<T>(names: Record<string, string>, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof Problem) || !error.extensions.errors) throw error;
    const errors = error.extensions.errors.map((e) => ({ ...e, field: names[e.field] ?? e.field }));
    throw new Problem(error.type, error.detail, { ...error.extensions, errors });
  }
}

/** Emails answer only the inbound contact SR that records one of the two approved scenarios. */
function scenarioOf(sr: ServiceRequest): EnquiryScenario {
  const type = findSrType(sr);
  if (!type?.scenarios?.length) {
    throw new Problem('businessRule', `${sr.srNumber} is ${sr.process} / ${sr.area} / ${sr.subArea}: an email may only answer a Manage Inbound Contact / General Enquiry / General Enquiry SR.`, { errors: [{ field: 'body.srNumber', rule: 'must be a Manage Inbound Contact / General Enquiry / General Enquiry SR' }] });
  }
  const scenario = sr.enquiry?.scenario;
  if (!scenario) {
    throw new Problem('businessRule', `${sr.srNumber} does not record the enquiry's scenario: emails answer only a missing payment or a general account calculation enquiry.`, { errors: [{ field: 'body.srNumber', rule: 'the SR must record the scenario (missing-payment or account-calculation)' }] });
  }
  return scenario;
}

/** The approved lines chosen, in order; anything not approved for the scenario is refused. */
function chosenLines(ids: readonly string[], scenario: EnquiryScenario, field: string): LineToTake[] {
  const approved = linesFor(scenario);
  const unknown = ids.flatMap((id, i) => (approved.has(id) ? [] : [{ field: `${field}.${i}`, rule: `is not an approved line to take for the ${scenario} scenario (version ${linesToTake.version})` }]));
  if (unknown.length > 0) throw new Problem('businessRule', `Only approved lines to take may be used: ${unknown.map((u) => u.field).join(', ')}.`, { errors: unknown });
  return ids.map((id) => approved.get(id)!);
}

/** Reads what eligibility needs: the case's parents, the representative's record, the address's mark. */
async function eligibility(caseNumber: string, recipient: LetterRecipient, templateId: string): Promise<Eligible> {
  const owningCase = await caseStore.get(caseNumber);
  if (!owningCase) throw new Problem('businessRule', `There is no case ${caseNumber}.`, { errors: [{ field: 'body.caseNumber', rule: 'must be an existing case' }] });
  const records = await Promise.all([owningCase.receivingParent, owningCase.payingParent].map((scin) => clientStore.get(scin)));
  const parents = new Map<string, Client>(records.filter((c): c is NonNullable<typeof c> => Boolean(c)).map((c) => [c.scin, c]));
  const representative = recipient.type === 'representative' ? await clientStore.get(recipient.scin) : undefined;
  const address = (recipient.type === 'representative' ? representative : recipient.type === 'client' ? parents.get(recipient.scin) : undefined)?.email;
  const mark = address ? await addressMarks.get(address) : undefined;
  return eligibleRecipient(recipient, templateId, { case: owningCase, parents, representative, mark });
}

function templateOf(email: Pick<Email, 'template'>): EmailTemplate {
  const template = findEmailTemplate(email.template.id);
  if (!template) throw new Problem('businessRule', `The email template ${email.template.id} is no longer available.`);
  return template;
}

async function rendered(email: Email, paragraphs: readonly string[], settings: EmailSettings, actor: AuditActor, now: Date, field = 'body.paragraphs'): Promise<RenderedEmail> {
  if (paragraphs.length === 0) throw validationProblem([{ field: 'paragraphs', rule: 'choose at least one approved line to take before generating' }]);
  const template = templateOf(email);
  const lines = chosenLines(paragraphs, email.scenario, field);
  const [who, sr] = await Promise.all([eligibility(email.caseNumber, email.recipient, template.id), getServiceRequest(email.srNumber)]);
  const content = renderEmail(template, lines, {
    recipientName: greetingName(who.recipientRecord),
    clientName: `${who.client.firstName} ${who.client.lastName}`,
    srNumber: email.srNumber,
    enquiryDate: enquiryDateText(new Date(sr.enquiry?.receivedAt ?? email.createdAt)),
  });
  assertNoPersonalData(content, 'generation');
  return { generatedAt: now.toISOString(), generatedBy: actor.id, from: settings.sender, to: who.address, subject: content.subject, text: content.text, html: content.html, paragraphs: [...paragraphs] };
}

/** Creates the outbound email activity, on the enquiry's SR (raised here, In Progress, when there is none). */
export async function createEmail(request: CreateEmail, actor: AuditActor, idempotency: Idempotency | undefined, now: Date): Promise<HttpResult> {
  const template = findEmailTemplate(request.templateId)!;
  let sr: ServiceRequest | undefined;
  let scenario: EnquiryScenario;
  let raise: Awaited<ReturnType<typeof raiseServiceRequest>> | undefined;
  if (request.srNumber) {
    sr = await getServiceRequest(request.srNumber);
    scenario = scenarioOf(sr);
    if (sr.status === 'Closed') throw new Problem('businessRule', `${sr.srNumber} is closed: emails cannot be added to it.`);
    const mismatch = [
      ...(request.caseNumber && request.caseNumber !== sr.caseNumber ? [{ field: 'body.caseNumber', rule: `must be the SR's case ${sr.caseNumber} (or left out)` }] : []),
      ...(request.scenario && request.scenario !== scenario ? [{ field: 'body.scenario', rule: `must be the SR's scenario ${scenario} (or left out)` }] : []),
    ];
    if (mismatch.length > 0) throw validationProblem(mismatch);
  } else {
    const missing = [...(request.caseNumber ? [] : [{ field: 'body.caseNumber', rule: 'is required when no srNumber is given' }]), ...(request.scenario ? [] : [{ field: 'body.scenario', rule: 'is required when no srNumber is given' }])];
    if (missing.length > 0) throw validationProblem(missing);
    scenario = request.scenario!;
  }
  const caseNumber = sr?.caseNumber ?? request.caseNumber!;
  const who = await eligibility(caseNumber, request.recipient, template.id);
  if (request.paragraphs) chosenLines(request.paragraphs, scenario, 'body.paragraphs');
  if (!sr) {
    raise = await renamingFields({ 'body.enquiry.receivedAt': 'body.receivedAt' }, () => raiseServiceRequest(
      { caseNumber, contact: { type: who.recipient.type, scin: who.recipient.scin }, process: 'Manage Inbound Contact', area: 'General Enquiry', subArea: 'General Enquiry', channel: request.channel, enquiry: { scenario, ...(request.receivedAt ? { receivedAt: request.receivedAt } : {}) } },
      actor,
      now,
      { inProgress: true },
    ));
  }
  return createOnce(idempotency, async () => {
    const raised = raise?.();
    const at = now.toISOString();
    const email: Email = {
      correspondenceId: newEmailId(),
      srNumber: raised?.sr.srNumber ?? sr!.srNumber,
      caseNumber,
      channel: 'email',
      template: { id: template.id, version: template.version, name: template.name },
      scenario,
      linesToTakeVersion: linesToTake.version,
      recipient: who.recipient,
      contactRef: who.recipient.scin,
      paragraphs: request.paragraphs ?? [],
      status: 'Draft',
      round: 0,
      statusHistory: [{ status: 'Draft', at, by: actor.id }],
      approvalHistory: [],
      errors: [],
      deliveryEvents: [],
      createdBy: actor.id,
      createdAt: at,
      updatedBy: actor.id,
      updatedAt: at,
      version: 1,
    };
    return {
      items: [...(raised?.items ?? []), ...emailStore.create(email), emailAudit(actor, 'EmailCreated', undefined, email, now)],
      result: { status: 201, body: email, version: email.version, headers: { location: `/emails/${email.correspondenceId}` } },
    };
  });
}

/** Compose: the approved lines only. A generated email goes back to Draft, to be generated (and checked) again. */
export async function composeEmail(id: string, paragraphs: readonly string[], expectedVersion: number | undefined, actor: AuditActor, now: Date): Promise<Email> {
  const email = await current(id, expectedVersion);
  if (!editableStatuses.includes(email.status)) {
    throw new Problem('conflict', `${id} is ${email.status}: only a Draft or Generated email can be composed.`, { currentStatus: email.status });
  }
  chosenLines(paragraphs, email.scenario, 'body.paragraphs');
  const fields = { paragraphs: [...paragraphs], linesToTakeVersion: linesToTake.version, rendered: undefined };
  const next: Email = email.status === 'Draft' ? { ...email, ...fields, updatedBy: actor.id, updatedAt: now.toISOString(), version: email.version + 1 } : movedEmail(email, 'Draft', actor, now, fields, 'Composed again after generation');
  await save([...emailStore.replace(next, email.version), emailAudit(actor, 'EmailComposed', email, next, now)]);
  return next;
}

/** Create Correspondence: renders the email as it will be sent, checks it for personal data, freezes it. */
export async function generateEmail(id: string, expectedVersion: number | undefined, settings: EmailSettings, actor: AuditActor, now: Date): Promise<Email> {
  const email = await current(id, expectedVersion);
  if (email.status !== 'Draft') throw new Problem('conflict', `${id} is ${email.status}: only a Draft email can be generated.`, { currentStatus: email.status });
  const next = movedEmail(email, 'Generated', actor, now, { rendered: await rendered(email, email.paragraphs, settings, actor, now), round: email.round + 1 });
  await save([...emailStore.replace(next, email.version), emailAudit(actor, 'EmailGenerated', email, next, now)]);
  return next;
}

/** The rendering a team leader's correction produces (a different choice of approved lines). */
export const correctedRendering = (email: Email, paragraphs: readonly string[], settings: EmailSettings, actor: AuditActor, now: Date): Promise<RenderedEmail> =>
  rendered(email, paragraphs, settings, actor, now, 'body.correction.paragraphs');

/** Hands one send attempt to the sender. A lost message is re-sent by the retry schedule; the sender sends once. */
export async function requestSend(email: Pick<Email, 'correspondenceId' | 'send'>): Promise<void> {
  try {
    await sqs().send(new SendMessageCommand({ QueueUrl: queueUrl(emailSendQueue), MessageBody: JSON.stringify({ correspondenceId: email.correspondenceId, attempt: email.send!.attempt }) }));
  } catch (error) {
    logger.warn('email send message not sent; the retry schedule will re-send it', { correspondenceId: email.correspondenceId, error: (error as Error).name });
  }
}

/**
 * Send Email (after approval, or again after a correction): the address is read again from the
 * recipient's record (a corrected address is used; a bounced one refused), the content is checked once
 * more, and the send is queued.
 */
export async function sendEmail(id: string, expectedVersion: number | undefined, actor: AuditActor, now: Date): Promise<Email> {
  const email = await current(id, expectedVersion);
  if (!['Approved', 'Error', 'Incident Raised'].includes(email.status)) {
    throw new Problem('illegalTransition', `${id} is ${email.status}: an email is sent once a team leader has approved it (or again after an error is corrected).`, { from: email.status, to: 'Sending', allowed: [] });
  }
  const who = await eligibility(email.caseNumber, email.recipient, email.template.id);
  assertNoPersonalData(email.rendered!, 'sending');
  const next = movedEmail(email, 'Sending', actor, now, {
    rendered: { ...email.rendered!, to: who.address },
    send: { attempt: (email.send?.attempt ?? 0) + 1, requestedAt: now.toISOString(), requestedBy: actor.id, retriesUsed: 0 },
  });
  await save([...emailStore.replace(next, email.version), emailAudit(actor, 'EmailSendRequested', email, next, now)]);
  await requestSend(next);
  return next;
}

export async function cancelEmail(id: string, expectedVersion: number | undefined, reason: string, note: string | undefined, actor: AuditActor, now: Date): Promise<Email> {
  const email = await current(id, expectedVersion);
  const text = note ? `${reason}: ${note}` : reason;
  const next = movedEmail(email, 'Cancelled', actor, now, { cancellation: { reason: text, at: now.toISOString(), by: actor.id }, approval: undefined }, text);
  // A cancelled email's incident is over: it leaves the open incidents with it.
  const incident = email.incidentId ? await incidentStore.get(email.incidentId) : undefined;
  const resolved = incident?.status === 'open' ? [incidentItem({ ...incident, status: 'resolved', resolvedAt: now.toISOString() })] : [];
  await save([...emailStore.replace(next, email.version), emailAudit(actor, 'EmailCancelled', email, next, now), ...(await withdrawnFromApproval(email, actor, now)), ...resolved]);
  return next;
}
