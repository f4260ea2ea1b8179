import * as z from 'zod';
import type { RouteContract } from '../platform/catalogue-types.ts';
import { SrNumber, Trn } from '../platform/identifiers.ts';
import { AuditEvent, Page, PageQuery } from '../platform/shared-schemas.ts';
import { ServiceRequest } from '../service-requests/schemas.ts';
import {
  AddContact, AmendContact, AmendOrganisation, ChangeOutcome, ConfirmChange, ContactId, Inactivate, InboundContact, LetterAddressing,
  LookupQuery, LookupResult, SetUpOrganisation, ThirdPartyRecord, VerificationResult, VerifyCaller,
} from './schemas.ts';

const tag = 'Third parties';
const TrnParams = z.strictObject({ trn: Trn });
const ContactParams = z.strictObject({ trn: Trn, contactId: ContactId });
const change = <P extends z.ZodObject, B extends z.ZodType>(summary: string, params: P, body: B) =>
  ({
    summary: `${summary}. Minor or confirmed changes apply at once (200, outcome applied); others are held until confirmed (outcome pending-confirmation)`,
    tag,
    params,
    body,
    success: { status: 200 as const, body: ChangeOutcome, description: 'What happened to the change, and the record' },
    ifMatch: 'required' as const,
    problems: [400, 404, 409, 422, 428],
  }) satisfies RouteContract;

export const thirdPartyContracts = {
  lookUp: {
    summary: 'Find third parties by name (prefix or word, optionally narrowed by postcode or type), phone or email',
    tag,
    query: LookupQuery,
    success: { status: 200, body: z.object({ items: z.array(LookupResult), truncated: z.boolean().describe('More matched than the page holds: narrow the search') }), description: 'Matches, one page' },
    problems: [400],
  },
  get: { summary: 'A third party with its named contacts and changes waiting for confirmation', tag, params: TrnParams, success: { status: 200, body: ThirdPartyRecord, description: 'The record' }, problems: [404] },
  types: { summary: 'Types of third-party organisation', tag, success: { status: 200, body: z.object({ items: z.array(z.object({ id: z.string(), name: z.string(), teamOnly: z.boolean() })) }), description: 'All types' } },
  verifyCaller: {
    summary: 'Verify a third-party caller: at least three of TRN, name, first address line, postcode, phone, email',
    tag,
    params: TrnParams,
    body: VerifyCaller,
    success: { status: 200, body: VerificationResult, description: 'Verified or not, and which details matched (never the stored values)' },
    problems: [400, 404],
  },
  setUp: {
    summary: 'Set up a new third party (issues its TRN) under a Set Up New Third Party SR; needs the confirmation of its details',
    tag,
    body: SetUpOrganisation,
    success: { status: 201, body: ThirdPartyRecord, description: 'The new record' },
    idempotent: true,
    problems: [400, 422],
  },
  amend: change('Amend an organisation', TrnParams, AmendOrganisation),
  addContact: change('Add a named contact', TrnParams, AddContact),
  amendContact: change('Amend a named contact', ContactParams, AmendContact),
  inactivateContact: change('Inactivate a named contact', ContactParams, Inactivate),
  inactivate: change('Inactivate an organisation and all its contacts', TrnParams, Inactivate),
  confirmChange: {
    summary: 'Record that a held change was confirmed with the third party (outbound call or letterhead); it then applies',
    tag,
    params: z.strictObject({ trn: Trn, changeId: z.string().regex(/^CH-[0-9A-Z]{8}$/, 'must be a change id like CH-7K3M9Q2X') }),
    body: ConfirmChange,
    success: { status: 200, body: ChangeOutcome, description: 'The applied change and the record' },
    problems: [400, 404, 409, 422],
  },
  letterAddressing: {
    summary: 'How a letter to this third party (or one of its contacts) is addressed',
    tag,
    params: TrnParams,
    query: z.strictObject({ contactId: ContactId.optional(), srNumber: SrNumber.optional() }),
    success: { status: 200, body: LetterAddressing, description: 'Address block, salutation, valediction and header references' },
    problems: [404, 422],
  },
  routeInbound: {
    summary: 'Route inbound contact from a third party about a case to the owning caseworker or segment',
    tag,
    params: TrnParams,
    body: InboundContact,
    success: { status: 201, body: ServiceRequest, description: 'The SR raised, Pending Assignment' },
    idempotent: true,
    problems: [400, 404, 422],
  },
  audit: {
    summary: 'Audit trail of a third party: every change with before and after, and every caller verification',
    tag,
    params: TrnParams,
    query: PageQuery,
    success: { status: 200, body: Page(AuditEvent), description: 'One page of audit events, oldest first' },
    problems: [404],
  },
} satisfies Record<string, RouteContract>;
