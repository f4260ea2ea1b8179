import * as z from 'zod';
import { CaseNumber, Ern, Scin, SrNumber, Trn } from '../platform/identifiers.ts';

export const srStatuses = ['Open', 'In Progress', 'Pending Assignment', 'Pending Approval', 'Closed'] as const;
export const SrStatus = z.enum(srStatuses);
export type SrStatus = z.infer<typeof SrStatus>;

/** Sub-statuses for Closed: Complete, or the reason the SR ended without completing. */
export const closeReasons = ['Complete', 'Declined', 'Withdrawn', 'Duplicate', 'Raised In Error', 'No Further Action'] as const;
export const CloseReason = z.enum(closeReasons);

export const RequestChannel = z.enum(['phone', 'letter', 'email', 'fax', 'self-service']);

/** The two scenarios in which CMS may answer a self-service client by email (the outbound email procedure). */
export const enquiryScenarios = ['missing-payment', 'account-calculation'] as const;
export const EnquiryScenario = z.enum(enquiryScenarios).describe('missing-payment: a missing payment enquiry; account-calculation: a general account calculation enquiry');
export type EnquiryScenario = z.infer<typeof EnquiryScenario>;

/** A client enquiry and the 2-working-day promise to answer it. */
export const Enquiry = z
  .object({
    receivedAt: z.iso.datetime().describe('When the enquiry arrived'),
    dueBy: z.iso.date().describe('2 working days after it arrived (England and Wales bank holidays kept)'),
    scenario: EnquiryScenario.optional(),
    respondedAt: z.iso.datetime().optional().describe('When an email was sent or a letter issued on the SR'),
    respondedWith: z.string().optional().describe('The correspondence that answered it'),
  })
  .meta({ id: 'Enquiry' });
export type Enquiry = z.infer<typeof Enquiry>;

/** The person or organisation an SR is about, besides the case. */
export const SrContact = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('client'), scin: Scin }),
  z.strictObject({ type: z.literal('representative'), scin: Scin }),
  z.strictObject({ type: z.literal('employer'), ern: Ern }),
  z.strictObject({ type: z.literal('third-party'), trn: Trn, contactId: z.string().regex(/^[A-Z0-9-]{1,40}$/).optional() }),
]).meta({ id: 'SrContact' });
export type SrContact = z.infer<typeof SrContact>;

const Title = z.string().trim().min(1, 'must not be empty').max(60, 'must be at most 60 characters');

export const CreateServiceRequest = z
  .strictObject({
    caseNumber: CaseNumber,
    contact: SrContact.optional(),
    process: Title,
    area: Title,
    subArea: Title,
    channel: RequestChannel,
    description: z.string().trim().min(1).max(2000, 'must be at most 2000 characters').optional(),
    enquiry: z
      .strictObject({
        scenario: EnquiryScenario.optional(),
        receivedAt: z.iso.datetime('must be a date-time like 2026-12-03T09:30:00Z').optional().describe('When the enquiry arrived, if not now'),
      })
      .optional()
      .describe('For client enquiry SRs: what the enquiry is about and when it arrived'),
  })
  .meta({ id: 'CreateServiceRequest' });
export type CreateServiceRequest = z.infer<typeof CreateServiceRequest>;

export const ActivityStep = z
  .object({
    id: z.string(),
    title: z.string(),
    done: z.boolean(),
    doneBy: z.string().optional(),
    doneAt: z.iso.datetime().optional(),
  })
  .meta({ id: 'ActivityStep' });
export type ActivityStep = z.infer<typeof ActivityStep>;

export const Assignment = z
  .object({ kind: z.enum(['caseworker', 'segment']), id: z.string(), assignedAt: z.iso.datetime() })
  .meta({ id: 'Assignment' });

export const CallBack = z
  .object({
    requestedAt: z.iso.datetime(),
    reason: z.string(),
    trn: Trn.optional(),
    contactId: z.string().optional(),
    phone: z.string().optional().describe('The number to call back on'),
  })
  .meta({ id: 'CallBack' });
export type CallBack = z.infer<typeof CallBack>;

export const ServiceRequest = z
  .object({
    srNumber: SrNumber,
    caseNumber: CaseNumber,
    contact: SrContact.optional(),
    process: z.string(),
    area: z.string(),
    subArea: z.string(),
    channel: RequestChannel,
    description: z.string().optional(),
    status: SrStatus,
    subStatus: z.string().optional(),
    activityPlan: z.array(ActivityStep),
    assignedTo: Assignment.optional(),
    callBack: CallBack.optional().describe('A call-back activity: the caller could not be put through'),
    lettersAwaitingApproval: z.array(z.string()).optional().describe('Correspondence on this SR (letters, emails) waiting for a team leader decision'),
    enquiry: Enquiry.optional(),
    createdBy: z.string(),
    createdAt: z.iso.datetime(),
    updatedBy: z.string(),
    updatedAt: z.iso.datetime(),
    version: z.number().int().positive(),
  })
  .meta({ id: 'ServiceRequest' });
export type ServiceRequest = z.infer<typeof ServiceRequest>;

export const ChangeStatus = z
  .strictObject({
    status: SrStatus,
    subStatus: z.string().max(60).optional().describe('For Closed: Complete or a reason'),
    note: z.string().trim().min(1).max(4000).optional().describe('Recorded as a note; required when closing for a reason other than Complete'),
  })
  .meta({ id: 'ChangeStatus' });
export type ChangeStatus = z.infer<typeof ChangeStatus>;

export const UpdateStep = z.strictObject({ done: z.boolean() }).meta({ id: 'UpdateStep' });

export const AddNote = z
  .strictObject({
    text: z.string().trim().min(1, 'must not be empty').max(4000, 'must be at most 4000 characters'),
    kind: z.enum(['note', 'decision']).default('note'),
  })
  .meta({ id: 'AddNote' });

export const Note = z
  .object({
    noteId: z.string(),
    srNumber: SrNumber,
    kind: z.enum(['note', 'decision']),
    text: z.string(),
    author: z.string(),
    authorRole: z.string(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Note' });
export type Note = z.infer<typeof Note>;

export const EnquiryDue = z
  .object({
    srNumber: SrNumber,
    caseNumber: CaseNumber,
    segment: z.string(),
    process: z.string(),
    area: z.string(),
    subArea: z.string(),
    receivedAt: z.iso.datetime(),
    dueBy: z.iso.date(),
    scenario: EnquiryScenario.optional(),
    contact: SrContact.optional(),
  })
  .meta({ id: 'EnquiryDue' });
export type EnquiryDue = z.infer<typeof EnquiryDue>;

export const SrTypeSchema = z
  .strictObject({
    process: z.string(),
    area: z.string(),
    subArea: z.string(),
    allocation: z.enum(['case-owner', 'third-party-team', 'finance-team']),
    pendingAssignment: z.union([
      z.strictObject({ allowed: z.literal(true) }),
      z.strictObject({ allowed: z.literal(false), reason: z.string().min(10) }),
    ]),
    activityPlan: z.array(z.strictObject({ id: z.string().regex(/^[a-z-]+$/), title: z.string().min(3) })).min(1),
    enquiry: z.boolean().optional().describe('A client enquiry: answered within 2 working days'),
    scenarios: z.array(EnquiryScenario).optional().describe('The enquiry scenarios this SR type records (email may answer only these)'),
  })
  .meta({ id: 'ServiceRequestType' });
export type SrType = z.infer<typeof SrTypeSchema>;
