import * as z from 'zod';
import type { RouteContract } from '../platform/catalogue-types.ts';
import { CaseNumber, Scin, SrNumber } from '../platform/identifiers.ts';
import { AuditEvent, Page, PageQuery } from '../platform/shared-schemas.ts';
import { ClientServiceRequest } from './client-view.ts';
import { AddNote, ChangeStatus, CreateServiceRequest, EnquiryDue, Note, ServiceRequest, SrTypeSchema, UpdateStep } from './schemas.ts';

const tag = 'Service requests';
const SrParams = z.strictObject({ srNumber: SrNumber });

export const srContracts = {
  create: {
    summary: 'Raise a service request on a case',
    tag,
    body: CreateServiceRequest,
    success: { status: 201, body: ServiceRequest, description: 'The SR, status Open' },
    idempotent: true,
    problems: [400, 404, 409, 422],
  },
  get: {
    summary: 'Read a service request (ETag gives its version)',
    tag,
    params: SrParams,
    success: { status: 200, body: z.union([ServiceRequest, ClientServiceRequest]), description: 'The SR (clients: what the portal shows)' },
    problems: [404],
  },
  listForCase: {
    summary: 'Service requests on a case, oldest first',
    tag,
    params: z.strictObject({ caseNumber: CaseNumber }),
    query: PageQuery,
    success: { status: 200, body: Page(z.union([ServiceRequest, ClientServiceRequest])), description: 'One page of SRs (clients: what the portal shows)' },
    problems: [400, 404],
  },
  listForClient: {
    summary: 'Service requests about a client (clients see only their own)',
    tag,
    params: z.strictObject({ scin: Scin }),
    query: PageQuery,
    success: { status: 200, body: Page(z.union([ServiceRequest, ClientServiceRequest])), description: 'One page of SRs (clients: what the portal shows)' },
    problems: [400, 404],
  },
  changeStatus: {
    summary: 'Change the status of a service request',
    tag,
    params: SrParams,
    body: ChangeStatus,
    success: { status: 200, body: ServiceRequest, description: 'The SR after the change' },
    ifMatch: 'required',
    problems: [400, 404, 409, 422, 428],
  },
  updateStep: {
    summary: 'Tick (or untick) an activity plan step',
    tag,
    params: z.strictObject({ srNumber: SrNumber, stepId: z.string().regex(/^[a-z-]{1,60}$/, 'must be a step id') }),
    body: UpdateStep,
    success: { status: 200, body: ServiceRequest, description: 'The SR after the change' },
    ifMatch: 'required',
    problems: [400, 404, 409, 422, 428],
  },
  addNote: {
    summary: 'Append a note (or a recorded decision) to a service request',
    tag,
    params: SrParams,
    body: AddNote,
    success: { status: 201, body: Note, description: 'The note' },
    idempotent: true,
    problems: [400, 404],
  },
  listNotes: {
    summary: 'Notes on a service request, oldest first',
    tag,
    params: SrParams,
    query: PageQuery,
    success: { status: 200, body: Page(Note), description: 'One page of notes' },
    problems: [404],
  },
  audit: {
    summary: 'Audit trail of a service request',
    tag,
    params: SrParams,
    query: PageQuery,
    success: { status: 200, body: Page(AuditEvent), description: 'One page of audit events, oldest first' },
    problems: [404],
  },
  enquiriesDue: {
    summary: "A segment's client enquiries not yet answered that are due today or overdue (2 working days from arrival), the most overdue first",
    tag,
    params: z.strictObject({ segment: z.string().regex(/^[A-Z0-9-]{2,60}$/, 'must be a segment id like SEG-LEEDS-01') }),
    query: PageQuery,
    success: { status: 200, body: Page(EnquiryDue.extend({ state: z.enum(['overdue', 'due-today']) })).extend({ today: z.iso.date() }), description: 'One page of enquiries due' },
  },
  types: {
    summary: 'The catalogue of SR types (Process / Area / Sub Area) with their activity plans',
    tag,
    success: { status: 200, body: z.object({ items: z.array(SrTypeSchema) }), description: 'All SR types' },
  },
} satisfies Record<string, RouteContract>;
