import { newEventId } from './identifiers.ts';
import { byCase, byContact, keys } from './keys.ts';
import type { TransactItem } from './dynamo.ts';
import { table } from './dynamo.ts';
import type { AuditEvent } from './shared-schemas.ts';

export interface AuditActor {
  readonly id: string;
  readonly role: string;
}

export interface AuditInput {
  readonly actor: AuditActor;
  readonly action: string;
  readonly entity: { readonly type: string; readonly id: string; readonly pk: string };
  readonly caseNumber?: string;
  readonly contactRef?: string;
  readonly before?: Record<string, unknown> | undefined;
  readonly after?: Record<string, unknown> | undefined;
  readonly now: Date;
}

export const systemActor: AuditActor = { id: 'system', role: 'system' };

const channelOf = (role: string): AuditEvent['channel'] =>
  role === 'client' ? 'self-service-portal' : role === 'system' ? 'system' : 'caseworker-ui';

/** Only the fields that changed, with their values before and after. */
export function diff(before: Record<string, unknown> | undefined, after: Record<string, unknown> | undefined): AuditEvent['changes'] {
  const changes: AuditEvent['changes'] = {};
  const ignored = new Set(['version', 'updatedAt', 'updatedBy']);
  const fields = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const field of fields) {
    if (ignored.has(field)) continue;
    const b = before?.[field];
    const a = after?.[field];
    if (JSON.stringify(b) !== JSON.stringify(a)) changes[field] = { before: b ?? null, after: a ?? null };
  }
  return changes;
}

/** The audit event as a transaction item, so it is written with the change it records or not at all. */
export function auditItem(input: AuditInput): TransactItem {
  const eventId = newEventId(input.now);
  const event: AuditEvent = {
    eventId,
    at: input.now.toISOString(),
    actor: { id: input.actor.id, role: input.actor.role },
    channel: channelOf(input.actor.role),
    action: input.action,
    entity: { type: input.entity.type, id: input.entity.id },
    ...(input.caseNumber ? { caseNumber: input.caseNumber } : {}),
    ...(input.contactRef ? { contactRef: input.contactRef } : {}),
    changes: diff(input.before, input.after),
  };
  return {
    Put: {
      TableName: table(),
      Item: {
        ...keys.audit(input.entity.pk, eventId),
        recordType: 'AuditEvent',
        ...(input.caseNumber ? { GSI1PK: byCase.pk(input.caseNumber), GSI1SK: byCase.auditSk(eventId) } : {}),
        ...(input.contactRef ? { GSI2PK: byContact.pk(input.contactRef), GSI2SK: byContact.auditSk(eventId) } : {}),
        ...event,
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  };
}
