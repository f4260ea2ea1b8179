import * as z from 'zod';
import { CaseNumber, Scin, SrNumber } from '../platform/identifiers.ts';
import { ApprovalRound } from '../correspondence/schemas.ts';
import { LetterRecipient } from '../letters/schemas.ts';
import { EnquiryScenario, RequestChannel } from '../service-requests/schemas.ts';

export const EmailId = z.string().regex(/^E-[0-9A-HJKMNP-TV-Z]{8}$/, 'must be an email id like E-7K3M9Q2X');

/**
 * Email Status:
 * Draft -> (generate) Generated -> (submit) Pending Approval -> Approved | Draft (rejected: editable again)
 * Approved -> (Send Email) Sending -> Successfully Fulfilled | Error (permanent) | Retrying (transient)
 * Retrying -> Sending (the scheduled retry) ; after the third retry fails: Incident Raised
 * Error | Incident Raised -> Sending (sent again once corrected) ; Incident Raised -> Successfully Fulfilled (SES confirms it was sent)
 * Draft, Generated, Pending Approval, Approved, Error, Incident Raised -> Cancelled
 */
export const emailStatuses = ['Draft', 'Generated', 'Pending Approval', 'Approved', 'Sending', 'Retrying', 'Successfully Fulfilled', 'Error', 'Incident Raised', 'Cancelled'] as const;
export const EmailStatus = z.enum(emailStatuses);
export type EmailStatus = z.infer<typeof EmailStatus>;

export const EmailRecipient = z
  .strictObject({ type: z.enum(['client', 'representative']), scin: Scin })
  .meta({ id: 'EmailRecipient' });
export type EmailRecipient = z.infer<typeof EmailRecipient>;

/** An approved line's id: never text, so free text cannot slip in as a paragraph. */
export const LineId = z.string().regex(/^LTT-[A-Z]{2}-\d{2}$/, 'must be the id of an approved line to take, like LTT-MP-01');
const Paragraphs = z.array(LineId).min(1, 'choose at least one approved line to take').max(10, 'choose at most 10 lines').refine((ids) => new Set(ids).size === ids.length, 'must not repeat a line');

export const CreateEmail = z
  .strictObject({
    templateId: z.enum(['CMSL5515', 'CMSL5508'], 'must be CMSL5515 (client) or CMSL5508 (representative)'),
    recipient: LetterRecipient.describe('A self-service client on the case, or their representative'),
    srNumber: SrNumber.optional().describe('The Manage Inbound Contact / General Enquiry SR of the enquiry; absent: one is raised'),
    caseNumber: CaseNumber.optional().describe('Required when no srNumber is given'),
    scenario: EnquiryScenario.optional().describe('Required when no srNumber is given'),
    receivedAt: z.iso.datetime('must be a date-time like 2026-12-03T09:30:00Z').optional().describe('When the enquiry arrived (a raised SR only)'),
    channel: RequestChannel.default('self-service').describe('How the enquiry arrived (a raised SR only)'),
    paragraphs: Paragraphs.optional(),
  })
  .meta({ id: 'CreateEmail' });
export type CreateEmail = z.infer<typeof CreateEmail>;

export const ComposeEmail = z.strictObject({ paragraphs: Paragraphs.describe('The approved lines to take, in order, by id') }).meta({ id: 'ComposeEmail' });
export type ComposeEmail = z.infer<typeof ComposeEmail>;

export const ApproveEmail = z
  .strictObject({ correction: ComposeEmail.optional().describe('A minor correction: a different choice of approved lines (audited)') })
  .meta({ id: 'ApproveEmail' });

export const CancelEmail = z
  .strictObject({ reason: z.enum(['Generated In Error', 'Wrong Recipient', 'Duplicate', 'No Longer Required', 'Recipient Deceased']), note: z.string().trim().max(500).optional() })
  .meta({ id: 'CancelEmail' });

export const RenderedEmail = z
  .object({
    generatedAt: z.iso.datetime(),
    generatedBy: z.string(),
    from: z.string(),
    to: z.string(),
    subject: z.string(),
    text: z.string().describe('The plain-text part'),
    html: z.string().describe('The HTML part'),
    paragraphs: z.array(LineId),
  })
  .meta({ id: 'RenderedEmail' });
export type RenderedEmail = z.infer<typeof RenderedEmail>;

export const StoredMessage = z.object({ key: z.string(), sha256: z.string(), bytes: z.number().int() });

export const SendState = z
  .object({
    attempt: z.number().int().positive().describe('1 for the first send; each retry adds one'),
    requestedAt: z.iso.datetime(),
    requestedBy: z.string(),
    retriesUsed: z.number().int().min(0).max(3),
    claimedAt: z.iso.datetime().optional().describe('The sender claimed this attempt: it never sends it again'),
    firstFailureAt: z.iso.datetime().optional(),
    nextAttemptAt: z.iso.datetime().optional(),
    messageId: z.string().optional().describe('The SES message id'),
    sentAt: z.iso.datetime().optional(),
    message: StoredMessage.optional().describe('The exact message as sent, in S3'),
  })
  .meta({ id: 'EmailSendState' });
export type SendState = z.infer<typeof SendState>;

export const deliveryStates = ['Sent', 'Delivered', 'Delayed', 'Bounced', 'Complained', 'Rejected'] as const;

export const Email = z
  .object({
    correspondenceId: EmailId.describe('Also the activity id'),
    srNumber: SrNumber,
    caseNumber: CaseNumber,
    channel: z.literal('email'),
    template: z.object({ id: z.string(), version: z.number().int(), name: z.string() }),
    scenario: EnquiryScenario,
    linesToTakeVersion: z.number().int(),
    recipient: EmailRecipient,
    contactRef: z.string().describe('SCIN the email is recorded against'),
    paragraphs: z.array(LineId).describe('The chosen approved lines, in order'),
    status: EmailStatus,
    round: z.number().int().nonnegative().describe('How many times it has been generated'),
    rendered: RenderedEmail.optional(),
    statusHistory: z.array(z.object({ status: EmailStatus, at: z.iso.datetime(), by: z.string(), reason: z.string().optional() })),
    approval: z.object({ segment: z.string(), submittedAt: z.iso.datetime(), submittedBy: z.string(), subStatus: z.literal('Submit for Approval - TL') }).optional(),
    approvalHistory: z.array(ApprovalRound),
    returnedToCaseworker: z.object({ reason: z.string(), at: z.iso.datetime(), by: z.string() }).optional(),
    send: SendState.optional(),
    errors: z.array(z.object({ at: z.iso.datetime(), kind: z.enum(['permanent', 'transient', 'unknown']), reason: z.string() })).describe('The error tab: why a send failed'),
    delivery: z.object({ state: z.enum(deliveryStates), at: z.iso.datetime(), detail: z.string().optional() }).optional(),
    deliveryEvents: z.array(z.object({ type: z.enum(deliveryStates), at: z.iso.datetime(), detail: z.string().optional() })),
    incidentId: z.string().optional(),
    cancellation: z.object({ reason: z.string(), at: z.iso.datetime(), by: z.string() }).optional(),
    createdBy: z.string(),
    createdAt: z.iso.datetime(),
    updatedBy: z.string(),
    updatedAt: z.iso.datetime(),
    version: z.number().int().positive(),
  })
  .meta({ id: 'Email' });
export type Email = z.infer<typeof Email>;

/** What a client sees of an email sent to them in the portal. */
export const ClientEmail = Email.pick({ correspondenceId: true, channel: true, status: true, template: true, createdAt: true }).extend({
  subject: z.string(),
  text: z.string(),
  html: z.string(),
  sentAt: z.iso.datetime().optional(),
}).meta({ id: 'ClientEmail' });
