import * as z from 'zod';
import { CorrespondenceId } from '../letters/schemas.ts';
import { CaseNumber, SrNumber } from '../platform/identifiers.ts';
import { SrContact } from '../service-requests/schemas.ts';

/** What a client is told before asking for a paper copy (the send copy procedure). */
export const viewOnlineAdvice =
  'Every letter we have sent you can be viewed and downloaded at any time in your online account. We only send a paper copy if you still want one after that.';

export const duplicateRequestStates = ['received', 'being-considered', 'declined', 'sent'] as const;

export const RequestedLetter = z.object({ correspondenceId: CorrespondenceId, templateId: z.string(), templateName: z.string(), issueDate: z.string().optional() });

/** A request for duplicate copies of earlier letters: one Outbound Contact / Reissue Correspondence SR. */
export const DuplicateRequest = z
  .object({
    srNumber: SrNumber.describe('The Reissue Correspondence SR: also the request reference'),
    caseNumber: CaseNumber,
    requester: SrContact,
    channel: z.enum(['self-service', 'phone', 'letter', 'email', 'fax']),
    letters: z.array(RequestedLetter),
    reason: z.string(),
    paperCopyConfirmed: z.boolean().describe('The client confirmed they still want paper after being told every letter can be viewed online'),
    state: z.enum(duplicateRequestStates),
    decision: z.object({ outcome: z.enum(['accepted', 'declined']), reason: z.string().optional(), by: z.string(), at: z.iso.datetime() }).optional(),
    coverLetterId: CorrespondenceId.optional(),
    sentAt: z.iso.datetime().optional(),
    createdBy: z.string(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    version: z.number().int().positive(),
  })
  .meta({ id: 'DuplicateRequest' });
export type DuplicateRequest = z.infer<typeof DuplicateRequest>;

/** What the client follows in the portal: received, being considered, declined (with the reason), sent. */
export const ClientDuplicateRequest = z
  .object({
    srNumber: SrNumber,
    state: z.enum(duplicateRequestStates),
    letters: z.array(RequestedLetter.pick({ correspondenceId: true, templateName: true, issueDate: true })),
    reason: z.string(),
    requestedAt: z.iso.datetime(),
    declinedReason: z.string().optional(),
    sentAt: z.iso.datetime().optional(),
  })
  .meta({ id: 'ClientDuplicateRequest' });

export const CreateDuplicateRequest = z
  .strictObject({
    letters: z.array(CorrespondenceId).min(1, 'name at least one letter').max(10, 'at most 10 letters at a time').refine((ids) => new Set(ids).size === ids.length, 'must not name a letter twice'),
    reason: z.string().trim().min(3, 'say why the copies are needed').max(500),
    confirmPaperCopy: z.boolean().optional().describe(`Clients: true, after the advice: ${viewOnlineAdvice}`),
    requester: SrContact.optional().describe('Staff: who asked (the letters must have been sent to them)'),
    channel: z.enum(['phone', 'letter', 'email', 'fax']).optional().describe('Staff: how the request arrived'),
  })
  .meta({ id: 'CreateDuplicateRequest' });
export type CreateDuplicateRequest = z.infer<typeof CreateDuplicateRequest>;

export const DeclineDuplicateRequest = z
  .strictObject({ reason: z.string().trim().min(10, 'record why the request is declined (at least 10 characters): the client is told').max(1000) })
  .meta({ id: 'DeclineDuplicateRequest' });
