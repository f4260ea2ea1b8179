import * as z from 'zod';
import type { RouteContract } from '../platform/catalogue-types.ts';
import { CaseNumber, Scin, SrNumber } from '../platform/identifiers.ts';
import { Page, PageQuery } from '../platform/shared-schemas.ts';
import { ClientDuplicateRequest, CreateDuplicateRequest, DeclineDuplicateRequest, DuplicateRequest } from './schemas.ts';

const tag = 'Duplicate copies';
const RequestParams = z.strictObject({ srNumber: SrNumber });
const Either = z.union([DuplicateRequest, ClientDuplicateRequest]);

export const duplicateContracts = {
  create: {
    summary: 'Ask for paper copies of earlier letters (clients: their own, after confirming they still want paper; staff: for the person who asked by phone, letter, email or fax). Raises the Reissue Correspondence SR, assigned to the case owner',
    tag,
    body: CreateDuplicateRequest,
    success: { status: 201, body: Either, description: 'The request, received' },
    idempotent: true,
    problems: [400, 404, 422],
  },
  get: { summary: 'A duplicate request (clients: their own, as they follow it)', tag, params: RequestParams, success: { status: 200, body: Either, description: 'The request' }, problems: [404] },
  accept: { summary: 'Accept: the SR goes In Progress; make the CMSL5509 cover letter on it and attach the originals', tag, params: RequestParams, success: { status: 200, body: DuplicateRequest, description: 'Being considered' }, ifMatch: 'required', problems: [403, 404, 409, 428] },
  decline: { summary: 'Decline with the reason the client is told: recorded as a note, the SR closes Declined', tag, params: RequestParams, body: DeclineDuplicateRequest, success: { status: 200, body: DuplicateRequest, description: 'Declined' }, ifMatch: 'required', problems: [400, 403, 404, 409, 428] },
  listForClient: { summary: "A client's duplicate requests", tag, params: z.strictObject({ scin: Scin }), query: PageQuery, success: { status: 200, body: Page(Either), description: 'One page of requests' }, problems: [404] },
  listForCase: { summary: 'Duplicate requests on a case', tag, params: z.strictObject({ caseNumber: CaseNumber }), query: PageQuery, success: { status: 200, body: Page(DuplicateRequest), description: 'One page of requests' } },
} satisfies Record<string, RouteContract>;
