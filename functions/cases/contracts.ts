import * as z from 'zod';
import type { RouteContract } from '../platform/catalogue-types.ts';
import { CaseNumber, Ern, Scin } from '../platform/identifiers.ts';
import { AuditEvent, Page, PageQuery } from '../platform/shared-schemas.ts';
import { Case, Client, Employer } from './schemas.ts';

const tag = 'Cases and clients';
const versioned = <T extends z.ZodObject>(s: T) => s.extend({ version: z.number().int().positive(), updatedAt: z.iso.datetime() });

export const CaseRecord = versioned(Case).meta({ id: 'CaseRecord' });
export const ClientRecord = versioned(Client).meta({ id: 'ClientRecord' });
export const EmployerRecord = versioned(Employer).meta({ id: 'EmployerRecord' });

const upsert = <P extends z.ZodObject, B extends z.ZodType, R extends z.ZodType>(summary: string, params: P, body: B, record: R) => ({
  summary: `${summary}. Creating needs no If-Match; replacing needs If-Match with the current ETag`,
  tag,
  params,
  body,
  success: { status: 200 as const, body: record, description: 'The stored record' },
  ifMatch: 'optional' as const,
  problems: [400, 409, 422],
}) satisfies RouteContract;

export const caseContracts = {
  upsertCase: upsert('Create or replace a case in the read model', z.strictObject({ caseNumber: CaseNumber }), Case, CaseRecord),
  getCase: { summary: 'Read a case', tag, params: z.strictObject({ caseNumber: CaseNumber }), success: { status: 200, body: CaseRecord, description: 'The case' }, problems: [404] },
  upsertClient: upsert('Create or replace a client in the read model', z.strictObject({ scin: Scin }), Client, ClientRecord),
  getClient: { summary: 'Read a client (clients only their own)', tag, params: z.strictObject({ scin: Scin }), success: { status: 200, body: ClientRecord, description: 'The client' }, problems: [404] },
  upsertEmployer: upsert('Create or replace an employer in the read model', z.strictObject({ ern: Ern }), Employer, EmployerRecord),
  getEmployer: { summary: 'Read an employer', tag, params: z.strictObject({ ern: Ern }), success: { status: 200, body: EmployerRecord, description: 'The employer' }, problems: [404] },
  caseAudit: {
    summary: 'Audit trail of everything done on a case',
    tag,
    params: z.strictObject({ caseNumber: CaseNumber }),
    query: PageQuery,
    success: { status: 200, body: Page(AuditEvent), description: 'One page of audit events, oldest first' },
    problems: [404],
  },
  contactAudit: {
    summary: 'Audit trail concerning one recipient (SCIN, ERN or TRN)',
    tag,
    params: z.strictObject({ contactRef: z.union([Scin, Ern, z.string().regex(/^T\d{7}$/, 'must be a SCIN, ERN or TRN')]) }),
    query: PageQuery,
    success: { status: 200, body: Page(AuditEvent), description: 'One page of audit events, oldest first' },
  },
  owners: {
    summary: 'Who owns a case (caseworker and segment), and nothing more: for routing a call or letter. By case number, or every case of a client (SCIN) or employer (ERN)',
    tag,
    query: z
      .strictObject({ caseNumber: CaseNumber.optional(), scin: Scin.optional(), ern: Ern.optional() })
      .refine((q) => [q.caseNumber, q.scin, q.ern].filter(Boolean).length === 1, 'give exactly one of caseNumber, scin or ern'),
    success: { status: 200, body: z.object({ items: z.array(z.object({ caseNumber: CaseNumber, owningCaseworker: z.string().optional(), owningSegment: z.string() })) }), description: 'The owners' },
    problems: [400, 404],
  },
} satisfies Record<string, RouteContract>;
