import * as z from 'zod';
import { CaseNumber, Ern, Scin, SrNumber, Trn } from '../platform/identifiers.ts';
import { DeliveryMethod } from './template-schema.ts';
import { ApprovalRound } from '../correspondence/schemas.ts';

export const CorrespondenceId = z.string().regex(/^L-[0-9A-HJKMNP-TV-Z]{8}$/, 'must be a correspondence id like L-7K3M9Q2X');

/**
 * Correspondence Status, for this issue and the approval/fulfilment workflow:
 * Draft -> (generate) Rendering -> Generated | Error In Generation
 * Generated -> Pending Approval -> Ready for Fulfilment | Draft (rejected, or returned for Welsh translation: editable again)
 *                                -> Rendering (approved with a correction) -> Ready for Fulfilment
 * Generated -> Ready for Fulfilment (self-approved) -> Sent to Fulfilment House (print batch) -> Successfully Fulfilled | Error in Fulfilment
 * Ready for Fulfilment -> Held (suppressed contact) ; local print: Ready for Fulfilment -> Successfully Fulfilled (Local Fulfil)
 * anything not yet picked up by the print batch or fulfilled -> Cancelled (Error in Fulfilment -> Cancelled too)
 */
export const letterStatuses = [
  'Draft',
  'Rendering',
  'Generated',
  'Error In Generation',
  'Pending Approval',
  'Ready for Fulfilment',
  'Held',
  'Sent to Fulfilment House',
  'Successfully Fulfilled',
  'Error in Fulfilment',
  'Cancelled',
] as const;
export const LetterStatus = z.enum(letterStatuses);
export type LetterStatus = z.infer<typeof LetterStatus>;

export const LetterRecipient = z
  .discriminatedUnion('type', [
    z.strictObject({ type: z.literal('client'), scin: Scin }),
    z.strictObject({ type: z.literal('representative'), scin: Scin.describe('SCIN of the representative') }),
    z.strictObject({ type: z.literal('employer'), ern: Ern }),
    z.strictObject({ type: z.literal('third-party'), trn: Trn, contactId: z.string().regex(/^C\d{2}$/).optional() }),
  ])
  .meta({ id: 'LetterRecipient' });
export type LetterRecipient = z.infer<typeof LetterRecipient>;

export const Attachment = z
  .strictObject({
    kind: z.enum(['correspondence', 'document', 'translation']).describe('An earlier letter (by correspondence id), another document such as a court form, or the Welsh translation'),
    reference: z.string().trim().min(1).max(60),
    description: z.string().trim().min(1).max(200),
  })
  .meta({ id: 'LetterAttachment' });

const FreeText = z.string().max(6000);

export const Composition = z
  .object({
    paragraphs: z.record(z.string(), z.boolean()).describe('Optional paragraph id -> included'),
    freeText: z.record(z.string(), FreeText),
    slots: z.record(z.string(), z.record(z.string(), FreeText)).describe('Optional paragraph id -> slot id -> text'),
    enclosures: z.array(z.string()),
    attachments: z.array(Attachment),
    deliveryMethod: DeliveryMethod,
  })
  .meta({ id: 'LetterComposition' });
export type Composition = z.infer<typeof Composition>;

export const ComposeLetter = z
  .strictObject({
    paragraphs: z.record(z.string().max(40), z.boolean()).optional(),
    freeText: z.record(z.string().max(40), FreeText.nullable()).optional().describe('null clears a field'),
    slots: z.record(z.string().max(40), z.record(z.string().max(40), FreeText.nullable())).optional(),
    enclosures: z.array(z.string().max(20)).max(20).optional().describe('The full list of enclosure ids'),
    attachments: z.array(Attachment).max(20).optional().describe('The full list of attachments'),
    deliveryMethod: DeliveryMethod.optional(),
  })
  .refine((c) => Object.values(c).some((v) => v !== undefined), 'must change something')
  .meta({ id: 'ComposeLetter' });
export type ComposeLetter = z.infer<typeof ComposeLetter>;

export const CreateLetter = z
  .strictObject({ templateId: z.string().regex(/^CMSL\d{4}$/, 'must be a template id like CMSL5509'), recipient: LetterRecipient })
  .meta({ id: 'CreateLetter' });

export const Reference = z.object({ label: z.string(), value: z.string() });

export const GeneratedContent = z
  .object({
    generatedAt: z.iso.datetime(),
    generatedBy: z.string(),
    issueDate: z.iso.date(),
    issuingOffice: z.string(),
    recipientName: z.string(),
    addressBlock: z.array(z.string()),
    customCountry: z.string().optional().describe('"Not Known" for BFPO addresses'),
    references: z.array(Reference),
    title: z.string().optional(),
    salutation: z.string(),
    paragraphs: z.array(z.object({ text: z.string() })),
    valediction: z.string(),
    signatory: z.string(),
    enclosures: z.array(z.string()),
    attachments: z.array(Attachment),
    deliveryMethod: DeliveryMethod,
    fulfilment: z.enum(['external', 'local']),
    specialRequirements: z.array(z.string()),
    identifyingCode: z.string(),
  })
  .meta({ id: 'GeneratedLetterContent' });
export type GeneratedContent = z.infer<typeof GeneratedContent>;

export const StoredPdf = z.object({ key: z.string(), sha256: z.string(), bytes: z.number().int(), variant: z.enum(['standard', 'large-print']) });

/** A duplicate pack: the cover letter, then exact copies of the originals, then any enclosures, as one mailing. */
export const DuplicatePack = z
  .object({
    requestSrNumber: SrNumber.describe('The Reissue Correspondence SR of the request'),
    reason: z.string().describe('Why the copies were asked for'),
    requestedBy: z.string().describe('SCIN, ERN or TRN of who asked'),
    originals: z.array(z.object({ correspondenceId: CorrespondenceId, templateId: z.string(), templateName: z.string(), contactRef: z.string(), issuedAt: z.iso.datetime().optional(), sha256: z.string(), pdfs: z.array(StoredPdf).describe('The stored PDFs to copy') })),
    copies: z.array(CorrespondenceId).optional().describe('The copies made on approval, in order'),
  })
  .meta({ id: 'DuplicatePack' });
export type DuplicatePack = z.infer<typeof DuplicatePack>;

export const Letter = z
  .object({
    correspondenceId: CorrespondenceId.describe('Also the activity id: the unique reference printed on the letter'),
    srNumber: SrNumber,
    caseNumber: CaseNumber,
    channel: z.literal('letter'),
    template: z.object({ id: z.string(), version: z.number().int(), name: z.string() }),
    recipient: LetterRecipient,
    contactRef: z.string().describe('SCIN, ERN or TRN the letter is recorded against'),
    composition: Composition,
    status: LetterStatus,
    round: z.number().int().nonnegative().describe('How many times it has been generated (a rejection makes it editable again)'),
    warnings: z.array(z.string()),
    generated: GeneratedContent.optional(),
    pdfs: z.array(StoredPdf),
    error: z.object({ reason: z.string(), at: z.iso.datetime() }).optional(),
    relatedCorrespondenceId: CorrespondenceId.optional().describe('For an automatic representative cover letter: the letter it covers'),
    welshTranslationRequired: z.boolean().describe('The recipient reads Welsh: approval returns the letter until a translation is attached'),
    statusHistory: z.array(z.object({ status: LetterStatus, at: z.iso.datetime(), by: z.string(), reason: z.string().optional() })),
    approval: z
      .object({ segment: z.string(), submittedAt: z.iso.datetime(), submittedBy: z.string(), subStatus: z.literal('Submit for Approval - TL') })
      .optional()
      .describe("While Pending Approval: the activity sub-status and whose queue it is in"),
    approvalHistory: z.array(ApprovalRound),
    approvedRound: z.number().int().optional().describe('A team leader approved this round with a correction: it becomes Ready for Fulfilment once re-rendered'),
    returnedToCaseworker: z.object({ reason: z.string(), at: z.iso.datetime(), by: z.string() }).optional(),
    readyAt: z.iso.datetime().optional(),
    held: z.object({ reason: z.string(), at: z.iso.datetime() }).optional(),
    fulfilment: z
      .object({ batchId: z.string().optional(), sentAt: z.iso.datetime().optional(), fulfilledAt: z.iso.datetime().optional(), fulfilledBy: z.string().optional(), method: z.enum(['external', 'local']).optional(), error: z.string().optional(), printInboxAt: z.iso.datetime().optional().describe('Emailed to the CSA Print and Post Letters inbox (the contingency route)'), printInboxMessageId: z.string().optional() })
      .optional(),
    cancellation: z.object({ reason: z.string(), at: z.iso.datetime(), by: z.string() }).optional(),
    returns: z.array(z.object({ at: z.iso.datetime(), reason: z.string(), reportedBy: z.string() })),
    duplicateOf: CorrespondenceId.optional().describe('Duplicate: this is an exact copy of that letter, reissued at a request'),
    packCoverId: CorrespondenceId.optional().describe('Duplicate: the cover letter of the pack it goes out in'),
    duplicates: z.array(CorrespondenceId).optional().describe('The duplicate copies made of this letter'),
    pack: DuplicatePack.optional().describe('A CMSL5509 cover letter reissuing earlier letters: the request and the originals'),
    createdBy: z.string(),
    createdAt: z.iso.datetime(),
    updatedBy: z.string(),
    updatedAt: z.iso.datetime(),
    version: z.number().int().positive(),
  })
  .meta({ id: 'Letter' });
export type Letter = z.infer<typeof Letter>;

export const LetterReturned = z
  .strictObject({ identifyingCode: z.string().min(10).max(600).describe('The payload decoded from the DataMatrix by the scanning supplier'), reason: z.string().trim().min(1).max(200).default('Returned undelivered') })
  .meta({ id: 'LetterReturned' });

export const cancellationReasons = ['Generated In Error', 'Wrong Recipient', 'Duplicate', 'No Longer Required', 'Recipient Deceased', 'Print Locally'] as const;
export const CancelLetter = z.strictObject({ reason: z.enum(cancellationReasons), note: z.string().trim().max(500).optional() }).meta({ id: 'CancelLetter' });
export const RejectLetter = z
  .strictObject({ reasons: z.string().trim().min(10, 'record why the letter is rejected (at least 10 characters)').max(2000) })
  .meta({ id: 'RejectLetter' });
export const ApproveLetter = z
  .strictObject({
    correction: ComposeLetter.optional().describe('A minor correction the team leader makes before approving (audited; the letter is re-rendered)'),
  })
  .meta({ id: 'ApproveLetter' });
export const SupplierReport = z
  .strictObject({
    fulfilled: z.array(CorrespondenceId).max(5000).default([]),
    failed: z.array(z.strictObject({ correspondenceId: CorrespondenceId, reason: z.string().trim().min(1).max(300) })).max(5000).default([]),
  })
  .meta({ id: 'FulfilmentHouseReport' });
