import * as workflow from '../correspondence/approval-workflow.ts';
import type { ApprovalChannel } from '../correspondence/approval-workflow.ts';
import type { AuditActor } from '../platform/audit.ts';
import { assertNoPersonalData } from './domain/render.ts';
import { movedEmail } from './domain/status.ts';
import type { ComposeEmail, Email } from './schemas.ts';
import { emailStore } from './store.ts';
import { correctedRendering, emailAudit, type EmailSettings } from './use-cases.ts';

/**
 * Emails in the shared approval workflow. Always a team leader (there is no self-approval for email,
 * not even for case managers); a minor correction is a different choice of approved lines; approval
 * hands the email over as Approved, waiting for Send Email. The content is checked for personal data
 * again at approval.
 */
export const emailApprovalChannel = (settings: EmailSettings): ApprovalChannel<Email, ComposeEmail> => ({
  noun: 'email',
  entity: 'Email',
  load: (id) => emailStore.get(id),
  replace: (next, expectedVersion) => emailStore.replace(next, expectedVersion),
  audit: emailAudit,
  authors: (email) => [email.createdBy, email.rendered?.generatedBy],
  submitted: (email, fields, actor, now) => movedEmail(email, 'Pending Approval', actor, now, fields),
  rejected: (email, fields, reasons, actor, now) => movedEmail(email, 'Draft', actor, now, fields, reasons),
  async approved(email, round, correction, actor, now) {
    const rendered = correction ? await correctedRendering(email, correction.paragraphs, settings, { id: email.rendered?.generatedBy ?? email.createdBy, role: 'caseworker' }, now) : email.rendered!;
    assertNoPersonalData(rendered, 'approval');
    const next = movedEmail(email, 'Approved', actor, now, {
      approval: undefined,
      approvalHistory: [...email.approvalHistory, round],
      ...(correction ? { paragraphs: [...correction.paragraphs], rendered } : {}),
    });
    return correction ? { next, action: 'EmailApprovedWithCorrection', described: 'approved with a minor correction' } : { next, action: 'EmailApproved', described: 'approved' };
  },
});

export const submitEmailForApproval = (id: string, expectedVersion: number | undefined, settings: EmailSettings, actor: AuditActor, now: Date) => workflow.submitForApproval(emailApprovalChannel(settings), id, expectedVersion, actor, now);
export const approveEmail = (id: string, expectedVersion: number | undefined, correction: ComposeEmail | undefined, settings: EmailSettings, actor: AuditActor, now: Date) => workflow.approve(emailApprovalChannel(settings), id, expectedVersion, correction, actor, now);
export const rejectEmail = (id: string, expectedVersion: number | undefined, reasons: string, settings: EmailSettings, actor: AuditActor, now: Date) => workflow.reject(emailApprovalChannel(settings), id, expectedVersion, reasons, actor, now);
