import * as z from 'zod';
import type { RouteContract } from '../platform/catalogue-types.ts';
import { CaseNumber, Scin, SrNumber } from '../platform/identifiers.ts';
import { Page, PageQuery } from '../platform/shared-schemas.ts';
import { ApproveLetter, CancelLetter, ComposeLetter, CorrespondenceId, CreateLetter, Letter, LetterRecipient, LetterReturned, RejectLetter, SupplierReport } from './schemas.ts';
import { LetterTemplate } from './template-schema.ts';
import { ClientLetter } from './client-view.ts';

const tag = 'Letters';
const LetterParams = z.strictObject({ correspondenceId: CorrespondenceId });

export const letterContracts = {
  templates: { summary: 'Letter templates (versioned): blocks, optional paragraphs, free text, enclosures', tag, success: { status: 200, body: z.object({ items: z.array(LetterTemplate) }), description: 'All templates' } },
  create: {
    summary: 'Create an outbound letter activity on an SR: a Draft from a template, to a recipient',
    tag,
    params: z.strictObject({ srNumber: SrNumber }),
    body: CreateLetter,
    success: { status: 201, body: Letter, description: 'The Draft letter' },
    idempotent: true,
    problems: [400, 404, 422],
  },
  get: { summary: 'A letter (clients: only letters sent to them, as the portal shows them)', tag, params: LetterParams, success: { status: 200, body: z.union([Letter, ClientLetter]), description: 'The letter' }, problems: [404] },
  compose: {
    summary: 'Compose a Draft: optional paragraphs, free text and slots, enclosures, attachments, delivery method. Read-only once generated (409)',
    tag,
    params: LetterParams,
    body: ComposeLetter,
    success: { status: 200, body: Letter, description: 'The letter after the edit' },
    ifMatch: 'required',
    problems: [400, 404, 409, 422, 428],
  },
  generate: {
    summary: 'Create Correspondence and Generate: checks, freezes the content, gives references and warnings, and queues the PDF',
    tag,
    params: LetterParams,
    success: { status: 202, body: Letter, description: 'The letter, status Rendering until its PDF is stored' },
    ifMatch: 'required',
    problems: [404, 409, 422, 428],
  },
  pdf: {
    summary: "A short-lived link to the letter's PDF",
    tag,
    params: LetterParams,
    query: z.strictObject({ variant: z.enum(['standard', 'large-print']).default('standard') }),
    success: { status: 200, body: z.object({ url: z.string(), expiresAt: z.iso.datetime(), sha256: z.string(), bytes: z.number().int() }), description: 'The link' },
    problems: [404],
  },
  listForCase: { summary: 'Letters on a case, oldest first', tag, params: z.strictObject({ caseNumber: CaseNumber }), query: PageQuery, success: { status: 200, body: Page(Letter), description: 'One page of letters' } },
  listForClient: {
    summary: 'Letters to a client (in the portal: the ones sent to them)',
    tag,
    params: z.strictObject({ scin: Scin }),
    query: PageQuery,
    success: { status: 200, body: Page(z.union([Letter, ClientLetter])), description: 'One page of letters (clients: the ones sent to them, as the portal shows them)' },
    problems: [404],
  },
  returned: {
    summary: 'Record a returned letter from the identifying code the scanning supplier read',
    tag,
    body: LetterReturned,
    success: { status: 200, body: z.object({ correspondenceId: CorrespondenceId, caseNumber: CaseNumber, srNumber: SrNumber, recipient: LetterRecipient, returns: z.number().int() }), description: 'The letter it was, recorded as returned' },
    problems: [400, 404, 422],
  },
  submitForApproval: {
    summary: 'Send a generated letter to the team leaders\' approval queue (the SR goes to Pending Approval)',
    tag,
    params: LetterParams,
    success: { status: 200, body: Letter, description: 'The letter, Pending Approval' },
    ifMatch: 'required',
    problems: [404, 409, 428],
  },
  selfApprove: {
    summary: 'Self-approve: case managers any letter, caseworkers letters on the self-approval list',
    tag,
    params: LetterParams,
    success: { status: 200, body: Letter, description: 'Ready for Fulfilment (or Held when suppressed, or back to Draft for a Welsh translation)' },
    ifMatch: 'required',
    problems: [403, 404, 409, 428],
  },
  approve: {
    summary: 'Team leader approval, optionally with a minor correction',
    tag,
    params: LetterParams,
    body: ApproveLetter,
    success: { status: 200, body: Letter, description: 'Ready for Fulfilment (Rendering first after a correction; Held when suppressed)' },
    ifMatch: 'required',
    problems: [400, 403, 404, 409, 422, 428],
  },
  reject: {
    summary: 'Team leader rejection with the reasons (Editable Letter Review): the letter returns to the caseworker, editable',
    tag,
    params: LetterParams,
    body: RejectLetter,
    success: { status: 200, body: Letter, description: 'The letter, Draft again' },
    ifMatch: 'required',
    problems: [400, 403, 404, 409, 428],
  },
  localFulfil: {
    summary: 'Local Fulfil: a locally printed letter has been sent (Successfully Fulfilled, activity done)',
    tag,
    params: LetterParams,
    success: { status: 200, body: Letter, description: 'Successfully Fulfilled' },
    ifMatch: 'required',
    problems: [404, 409, 428],
  },
  release: {
    summary: 'Release a held letter once the contact is no longer suppressed',
    tag,
    params: LetterParams,
    success: { status: 200, body: Letter, description: 'Ready for Fulfilment' },
    ifMatch: 'required',
    problems: [404, 409, 422, 428],
  },
  enclosures: {
    summary: 'Preview what a letter will enclose: each leaflet, fact sheet or form with its title, version and description',
    tag,
    params: LetterParams,
    success: { status: 200, body: z.object({ correspondenceId: z.string(), enclosures: z.array(z.object({ id: z.string(), version: z.number().int(), title: z.string(), kind: z.string(), description: z.string() })), attachments: z.array(z.object({ kind: z.string(), reference: z.string(), description: z.string() })) }), description: 'What goes in the envelope with the letter' },
    problems: [404],
  },
  printInbox: {
    summary: 'The contingency route: email a letter (a duplicate pack with its copies, in order) that is Ready for Fulfilment to the CSA Print and Post Letters inbox to print locally; then Local Fulfil',
    tag,
    params: LetterParams,
    success: { status: 200, body: Letter, description: 'Emailed to the print inbox, waiting for Local Fulfil' },
    ifMatch: 'required',
    problems: [404, 409, 428],
  },
  cancel: {
    summary: 'Cancel a letter that has not been picked up by the print batch or fulfilled',
    tag,
    params: LetterParams,
    body: CancelLetter,
    success: { status: 200, body: Letter, description: 'Cancelled' },
    ifMatch: 'required',
    problems: [400, 404, 409, 428],
  },
  supplierReport: {
    summary: "The Fulfilment House's report on a print batch: letters printed and posted, and failures",
    tag,
    params: z.strictObject({ batchId: z.iso.date('must be a batch date YYYY-MM-DD') }),
    body: SupplierReport,
    success: { status: 200, body: z.object({ batchId: z.string(), fulfilled: z.number().int(), failed: z.number().int(), ignored: z.array(z.object({ correspondenceId: z.string(), reason: z.string() })) }), description: 'What was applied' },
    problems: [400, 404],
  },
} satisfies Record<string, RouteContract>;
