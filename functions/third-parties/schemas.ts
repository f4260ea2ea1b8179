import * as z from 'zod';
import { Ern, SrNumber, Trn } from '../platform/identifiers.ts';
import { organisationTypeIds } from './domain/organisation-types.ts';
import { normalisePhone, normalisePostcode } from './domain/normalise.ts';

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

export const OrganisationType = z.enum(organisationTypeIds, { error: `must be one of: ${organisationTypeIds.join(', ')}` });

export const Postcode = z.string().refine((v) => normalisePostcode(v) !== undefined, 'must be a UK postcode, e.g. LS1 4AP').overwrite((v) => normalisePostcode(v) ?? v);
export const Phone = z.string().max(30).refine((v) => normalisePhone(v) !== undefined, 'must be a UK phone number (e.g. 0113 496 0000) or an international number starting with +');
export const Email = z.email('must be an email address').max(254);
export const ContactMethod = z.enum(['letter', 'phone', 'email', 'fax']);
export const ContactId = z.string().regex(/^C\d{2}$/, 'must be a contact id like C01');

export const ThirdPartyAddress = z
  .strictObject({
    lines: z.array(text(80)).min(1, 'must have at least one line').max(5, 'must have at most 5 lines'),
    postcode: Postcode,
    primary: z.boolean().default(false),
  })
  .meta({ id: 'ThirdPartyAddress' });

const organisationFields = {
  name: text(120),
  type: OrganisationType,
  addresses: z.array(ThirdPartyAddress).min(1, 'must have at least one address').max(5).refine((a) => a.filter((x) => x.primary).length === 1, 'exactly one address must be primary'),
  phone: Phone.optional(),
  email: Email.optional(),
  fax: Phone.optional(),
  preferredContactMethod: ContactMethod,
  paymentSchedule: z.boolean().describe('Set up with a payment schedule (BaNCS account)'),
  employerErn: Ern.optional().describe("For an employer's agent: the employer it acts for"),
};

const contactFields = {
  title: text(20).optional(),
  firstName: text(60),
  lastName: text(60),
  jobTitle: text(80).optional(),
  salutation: text(80).optional().describe('How letters open, e.g. "Dear Ms Patel"; defaults to Dear <title> <last name>'),
  address: ThirdPartyAddress.omit({ primary: true }).optional(),
  phone: Phone.optional(),
  email: Email.optional(),
};

export const NewContact = z.strictObject(contactFields).meta({ id: 'NewThirdPartyContact' });

export const Contact = z
  .object({ contactId: ContactId, trn: Trn, status: z.enum(['active', 'inactive']), ...contactFields })
  .meta({ id: 'ThirdPartyContact' });
export type Contact = z.infer<typeof Contact>;

export const Organisation = z
  .object({
    trn: Trn,
    status: z.enum(['active', 'inactive']),
    maintainedByThirdPartyTeamOnly: z.boolean(),
    ...organisationFields,
    version: z.number().int().positive(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'ThirdPartyOrganisation' });
export type Organisation = z.infer<typeof Organisation>;

export const Confirmation = z
  .strictObject({
    method: z.enum(['outbound-call', 'letterhead']).describe('An outbound call to the third party, or written notice on its letterhead'),
    confirmedWith: text(120).describe('Who at the third party confirmed (name), or the letter reference'),
    confirmedAt: z.iso.datetime('must be a date-time, e.g. 2026-11-23T10:15:00Z'),
  })
  .meta({ id: 'ChangeConfirmation' });
export type Confirmation = z.infer<typeof Confirmation>;

const maintenance = { srNumber: SrNumber.describe('The third-party maintenance SR this change is made under'), confirmation: Confirmation.optional() };

export const SetUpOrganisation = z
  .strictObject({
    ...maintenance,
    confirmation: Confirmation,
    // Defaults apply on set-up only: an amendment changes just the fields it names.
    organisation: z.strictObject({ ...organisationFields, preferredContactMethod: ContactMethod.default('letter'), paymentSchedule: organisationFields.paymentSchedule.default(false) }),
    contacts: z.array(NewContact).max(20).default([]),
  })
  .meta({ id: 'SetUpThirdParty' });

export const AmendOrganisation = z
  .strictObject({
    ...maintenance,
    changes: z.strictObject(organisationFields).partial().refine((c) => Object.keys(c).length > 0, 'must change at least one field'),
  })
  .meta({ id: 'AmendThirdParty' });

export const AmendContact = z
  .strictObject({ ...maintenance, changes: z.strictObject(contactFields).partial().refine((c) => Object.keys(c).length > 0, 'must change at least one field') })
  .meta({ id: 'AmendThirdPartyContact' });

export const AddContact = z.strictObject({ ...maintenance, contact: NewContact }).meta({ id: 'AddThirdPartyContact' });

export const Inactivate = z.strictObject({ ...maintenance, reason: text(500) }).meta({ id: 'InactivateThirdParty' });

export const ConfirmChange = z.strictObject({ confirmation: Confirmation }).meta({ id: 'ConfirmThirdPartyChange' });

export const changeKinds = ['set-up', 'amend-organisation', 'add-contact', 'amend-contact', 'inactivate-contact', 'inactivate-organisation'] as const;

export const PendingChange = z
  .object({
    changeId: z.string(),
    trn: Trn,
    kind: z.enum(changeKinds),
    contactId: ContactId.optional(),
    srNumber: SrNumber,
    proposed: z.record(z.string(), z.unknown()).describe('The fields the change sets'),
    status: z.enum(['pending', 'applied']),
    requestedBy: z.string(),
    requestedAt: z.iso.datetime(),
    confirmation: Confirmation.optional(),
    appliedAt: z.iso.datetime().optional(),
  })
  .meta({ id: 'ThirdPartyChange' });
export type PendingChange = z.infer<typeof PendingChange>;

export const ThirdPartyRecord = z
  .object({ organisation: Organisation, contacts: z.array(Contact), pendingChanges: z.array(PendingChange) })
  .meta({ id: 'ThirdPartyRecord' });

export const ChangeOutcome = z
  .object({
    outcome: z.enum(['applied', 'pending-confirmation']),
    minor: z.boolean().describe('A spelling fix or a change of preferred contact method applies at once'),
    change: PendingChange,
    record: ThirdPartyRecord,
  })
  .meta({ id: 'ThirdPartyChangeOutcome' });

export const LookupQuery = z
  .strictObject({
    name: z.string().trim().min(2, 'must be at least 2 characters').max(120).optional(),
    postcode: z.string().trim().max(10).optional().describe('A full postcode or an outward code (e.g. LS1)'),
    type: OrganisationType.optional(),
    phone: Phone.optional(),
    email: Email.optional(),
    includeInactive: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
    limit: z.coerce.number().int().min(1).max(50).default(20),
  })
  .refine((q) => [q.name, q.phone, q.email].filter(Boolean).length === 1, { message: 'give exactly one of name, phone or email', path: ['name'] });

export const LookupResult = z
  .object({
    trn: Trn,
    name: z.string(),
    type: z.string(),
    status: z.enum(['active', 'inactive']),
    postcode: z.string(),
    contact: z.object({ contactId: ContactId, name: z.string(), status: z.enum(['active', 'inactive']) }).optional(),
  })
  .meta({ id: 'ThirdPartyLookupResult' });
export type LookupResult = z.infer<typeof LookupResult>;

export const VerifyCaller = z
  .strictObject({
    callerName: text(120),
    srNumber: SrNumber.optional().describe("When given, the caller's name and the outcome are recorded in the SR notes"),
    said: z
      .strictObject({
        trn: z.string().max(20).optional(),
        organisationName: z.string().max(200).optional(),
        addressLine1: z.string().max(200).optional(),
        postcode: z.string().max(20).optional(),
        phone: z.string().max(40).optional(),
        email: z.string().max(254).optional(),
      })
      .describe('What the caller said; compared after normalising case, spacing, postcode and phone formats'),
  })
  .meta({ id: 'VerifyThirdPartyCaller' });

export const verificationItems = ['trn', 'organisationName', 'addressLine1', 'postcode', 'phone', 'email'] as const;
export type VerificationItem = (typeof verificationItems)[number];

export const VerificationResult = z
  .object({ verified: z.boolean(), matched: z.array(z.enum(verificationItems)), required: z.number().int(), detail: z.string() })
  .meta({ id: 'ThirdPartyVerification' });

export const LetterAddressing = z
  .object({
    addressBlock: z.array(z.string()).describe('Lines for the window of the envelope, name first, postcode last'),
    salutation: z.string(),
    valediction: z.string(),
    references: z.array(z.object({ label: z.string(), value: z.string() })).describe('For the letter header'),
  })
  .meta({ id: 'ThirdPartyLetterAddressing' });
export type LetterAddressing = z.infer<typeof LetterAddressing>;

export const InboundContact = z
  .strictObject({
    caseNumber: z.string().regex(/^1-\d{10}$/, 'must be a case number like 1-2143476081'),
    contactId: ContactId.optional(),
    channel: z.enum(['phone', 'letter', 'email', 'fax']),
    description: text(2000),
    caseworkerAvailable: z.boolean().describe('false when the call cannot be transferred: a General Enquiry SR with a call-back activity is raised instead'),
  })
  .meta({ id: 'ThirdPartyInboundContact' });
