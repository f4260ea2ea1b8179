import { auditItem, type AuditActor } from '../platform/audit.ts';
import type { TransactItem } from '../platform/dynamo.ts';
import { keys } from '../platform/keys.ts';

interface Audited {
  readonly correspondenceId: string;
  readonly caseNumber: string;
  readonly contactRef: string;
}

/** A correspondence item's audit event (letter or email), on its own trail, its case's and its recipient's. */
export const correspondenceAudit =
  <T extends Audited>(type: 'Letter' | 'Email') =>
  (actor: AuditActor, action: string, before: T | undefined, after: T, now: Date): TransactItem =>
    auditItem({
      actor,
      action,
      entity: { type, id: after.correspondenceId, pk: keys.letter(after.correspondenceId).PK },
      caseNumber: after.caseNumber,
      contactRef: after.contactRef,
      before: before as Record<string, unknown> | undefined,
      after: after as unknown as Record<string, unknown>,
      now,
    });
