import { auditItem, type AuditActor } from '../platform/audit.ts';
import { type TransactItem } from '../platform/dynamo.ts';
import type { HttpResult, Idempotency } from '../platform/http-handler.ts';
import { createOnce } from '../platform/idempotency.ts';
import { keys } from '../platform/keys.ts';
import { Problem, validationProblem } from '../platform/problem.ts';
import { saveOrConflict } from '../platform/save.ts';
import { getServiceRequest } from '../service-requests/use-cases.ts';
import { applyChange, checkChangeAllowed, newChangeId, type RecordState } from './domain/changes.ts';
import { isMinorChange } from './domain/change-classification.ts';
import { isTeamOnly } from './domain/organisation-types.ts';
import type { Confirmation, Contact, Organisation, PendingChange } from './schemas.ts';
import { changeDelete, changeWrite, getRecord, issueTrn, recordWrites, type ThirdPartyRecord } from './store.ts';

/** The third-party directory facade: set-up, changes held for confirmation, and their audit trail. */

const maintenanceSubAreas: Record<PendingChange['kind'], readonly string[]> = {
  'set-up': ['Set Up New Third Party'],
  'amend-organisation': ['Amend Organisation'],
  'add-contact': ['Amend Contact', 'Amend Organisation'],
  'amend-contact': ['Amend Contact'],
  'inactivate-contact': ['Inactivate Contact'],
  'inactivate-organisation': ['Inactivate Organisation'],
};

/** Changes are made under an open Third Party / Maintain Third Party SR of the matching kind. */
async function requireMaintenanceSr(srNumber: string, kind: PendingChange['kind'], trn?: string): Promise<void> {
  const sr = await getServiceRequest(srNumber).catch((error: unknown) => {
    if (error instanceof Problem && error.status === 404) throw validationProblem([{ field: 'body.srNumber', rule: 'must be an existing SR' }]);
    throw error;
  });
  const wanted = maintenanceSubAreas[kind];
  const refuse = (rule: string) => {
    throw new Problem('businessRule', `${srNumber} cannot authorise this change: ${rule}.`, { errors: [{ field: 'body.srNumber', rule }] });
  };
  if (sr.process !== 'Third Party' || sr.area !== 'Maintain Third Party' || !wanted.includes(sr.subArea)) {
    refuse(`it must be a Third Party / Maintain Third Party / ${wanted.join(' or ')} SR`);
  }
  if (sr.status === 'Closed') refuse('it is closed');
  if (trn && sr.contact?.type === 'third-party' && sr.contact.trn !== trn) refuse(`it is about ${sr.contact.trn}, not ${trn}`);
}

export async function recordOrRefuse(trn: string): Promise<ThirdPartyRecord> {
  const record = await getRecord(trn);
  if (!record) throw new Problem('notFound', `There is no third party with TRN ${trn}.`);
  return record;
}

/** Fields of the record as one flat object, so the audit trail shows each changed field before and after. */
const flatten = (state: RecordState): Record<string, unknown> => ({
  ...state.organisation,
  ...Object.fromEntries(state.contacts.map((c) => [`contact ${c.contactId}`, c])),
});

const audit = (actor: AuditActor, action: string, trn: string, before: Record<string, unknown> | undefined, after: Record<string, unknown>, now: Date): TransactItem =>
  auditItem({ actor, action, entity: { type: 'ThirdPartyOrganisation', id: trn, pk: keys.thirdPartyAuditPartition(trn) }, contactRef: trn, before, after, now });

const save = (writes: TransactItem[]) => saveOrConflict(writes, 'The third party record');

export const toBody = (record: ThirdPartyRecord) => ({ organisation: record.organisation, contacts: record.contacts, pendingChanges: record.pendingChanges });

export async function setUpThirdParty(
  request: { srNumber: string; confirmation: Confirmation; organisation: Omit<Organisation, 'trn' | 'status' | 'maintainedByThirdPartyTeamOnly' | 'version' | 'createdAt' | 'updatedAt'>; contacts: Omit<Contact, 'contactId' | 'trn' | 'status'>[] },
  actor: AuditActor,
  idempotency: Idempotency | undefined,
  now: Date,
): Promise<HttpResult> {
  await requireMaintenanceSr(request.srNumber, 'set-up');
  return createOnce(idempotency, async () => {
    const trn = await issueTrn();
    const at = now.toISOString();
    const organisation: Organisation = { ...request.organisation, trn, status: 'active', maintainedByThirdPartyTeamOnly: isTeamOnly(request.organisation.type), version: 1, createdAt: at, updatedAt: at };
    const contacts: Contact[] = request.contacts.map((c, i) => ({ ...c, contactId: `C${String(i + 1).padStart(2, '0')}`, trn, status: 'active' }));
    const record = { organisation, contacts, pendingChanges: [] };
    return {
      items: [...recordWrites(undefined, record), audit(actor, 'ThirdPartySetUp', trn, undefined, { ...flatten(record), confirmation: request.confirmation, srNumber: request.srNumber }, now)],
      result: { status: 201, body: toBody(record), version: organisation.version, headers: { location: `/third-parties/${trn}` } },
    };
  });
}

export interface ChangeRequest {
  readonly kind: Exclude<PendingChange['kind'], 'set-up'>;
  readonly srNumber: string;
  readonly confirmation?: Confirmation;
  readonly proposed: Record<string, unknown>;
  readonly contactId?: string;
}

/**
 * A change to an existing third party. A minor change (spelling fix, preferred contact method) or a
 * confirmed one applies at once; anything else is recorded as pending until the team confirms it.
 */
export async function requestChange(trn: string, request: ChangeRequest, expectedVersion: number | undefined, actor: AuditActor, now: Date) {
  const record = await recordOrRefuse(trn);
  if (expectedVersion !== record.organisation.version) {
    throw new Problem('conflict', `${trn} is at version ${record.organisation.version}, not ${expectedVersion}: someone changed it since you read it.`, { currentVersion: record.organisation.version });
  }
  await requireMaintenanceSr(request.srNumber, request.kind, trn);
  checkChangeAllowed(record, request.kind, request.contactId);

  const current = request.kind === 'amend-contact' ? record.contacts.find((c) => c.contactId === request.contactId)! : record.organisation;
  const minor = (request.kind === 'amend-organisation' || request.kind === 'amend-contact') && isMinorChange(current as Record<string, unknown>, request.proposed);
  const change: PendingChange = {
    changeId: newChangeId(),
    trn,
    kind: request.kind,
    ...(request.contactId ? { contactId: request.contactId } : {}),
    srNumber: request.srNumber,
    proposed: request.proposed,
    status: 'pending',
    requestedBy: actor.id,
    requestedAt: now.toISOString(),
  };

  if (minor || request.confirmation) {
    const after = applyChange(record, change, now);
    const applied: PendingChange = { ...change, status: 'applied', appliedAt: now.toISOString(), ...(request.confirmation ? { confirmation: request.confirmation } : {}) };
    await save([
      ...recordWrites(record, after),
      audit(actor, 'ThirdPartyChanged', trn, flatten(record), { ...flatten(after), change: { kind: change.kind, srNumber: change.srNumber, minor, confirmation: request.confirmation ?? null } }, now),
    ]);
    return { outcome: 'applied' as const, minor, change: applied, record: toBody({ ...after, contacts: [...after.contacts], pendingChanges: record.pendingChanges }) };
  }

  // Held: the record is untouched apart from its version, so a concurrent change from the same version conflicts.
  const held = { organisation: { ...record.organisation, version: record.organisation.version + 1, updatedAt: now.toISOString() }, contacts: record.contacts };
  await save([...recordWrites(record, held), changeWrite(change), audit(actor, 'ThirdPartyChangeRequested', trn, undefined, { change }, now)]);
  return { outcome: 'pending-confirmation' as const, minor: false, change, record: toBody({ ...held, pendingChanges: [...record.pendingChanges, change] }) };
}

/** The team records that a held change was confirmed (outbound call or letterhead), and it applies. */
export async function confirmChange(trn: string, changeId: string, confirmation: Confirmation, actor: AuditActor, now: Date) {
  const record = await recordOrRefuse(trn);
  const change = record.pendingChanges.find((c) => c.changeId === changeId);
  if (!change) throw new Problem('notFound', `${trn} has no change ${changeId} waiting for confirmation.`);
  const after = applyChange(record, change, now);
  const applied: PendingChange = { ...change, status: 'applied', confirmation, appliedAt: now.toISOString() };
  await save([
    ...recordWrites(record, after),
    changeDelete(change),
    audit(actor, 'ThirdPartyChangeConfirmed', trn, flatten(record), { ...flatten(after), change: { changeId, kind: change.kind, srNumber: change.srNumber, requestedBy: change.requestedBy, confirmation } }, now),
  ]);
  return { outcome: 'applied' as const, minor: false, change: applied, record: toBody({ ...after, contacts: [...after.contacts], pendingChanges: record.pendingChanges.filter((c) => c.changeId !== changeId) }) };
}
