import { auditItem, type AuditActor } from '../platform/audit.ts';
import type { TransactItem } from '../platform/dynamo.ts';
import { keys } from '../platform/keys.ts';
import type { Letter } from './schemas.ts';

/** A letter's audit event, on its own trail, its case's and its recipient's. */
export const letterAudit = (actor: AuditActor, action: string, before: Letter | undefined, after: Letter, now: Date): TransactItem =>
  auditItem({
    actor,
    action,
    entity: { type: 'Letter', id: after.correspondenceId, pk: keys.letter(after.correspondenceId).PK },
    caseNumber: after.caseNumber,
    contactRef: after.contactRef,
    before: before as Record<string, unknown> | undefined,
    after: after as Record<string, unknown>,
    now,
  });
