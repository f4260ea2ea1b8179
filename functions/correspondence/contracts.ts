import * as z from 'zod';
import type { RouteContract } from '../platform/catalogue-types.ts';
import { Page, PageQuery } from '../platform/shared-schemas.ts';
import { Email } from '../emails/schemas.ts';
import { Letter } from '../letters/schemas.ts';
import { CorrespondenceChannel } from './schemas.ts';

/** Any correspondence item, told apart by its channel. */
export const Correspondence = z.discriminatedUnion('channel', [Letter, Email]).meta({ id: 'Correspondence' });

export const correspondenceContracts = {
  approvalQueue: {
    summary: "A segment's approval queue, oldest first",
    tag: 'Correspondence',
    params: z.strictObject({ segment: z.string().regex(/^[A-Z0-9-]{2,60}$/, 'must be a segment id like SEG-LEEDS-01') }),
    query: PageQuery,
    success: { status: 200, body: Page(Correspondence), description: 'One page of letters and emails waiting for approval' },
  },
  approvalSummary: {
    summary: "A segment's approval inbox: how many letters and emails wait and the age of the oldest",
    tag: 'Correspondence',
    params: z.strictObject({ segment: z.string().regex(/^[A-Z0-9-]{2,60}$/, 'must be a segment id like SEG-LEEDS-01') }),
    success: { status: 200, body: z.object({ segment: z.string(), waiting: z.number().int(), oldestSubmittedAt: z.iso.datetime().optional(), oldestAgeMinutes: z.number().int().optional() }), description: 'Counts' },
  },
  myActivities: {
    summary: 'My Activities: my letters and emails returned for amendment, awaiting approval, ready to send or fulfil locally, held, in error, retrying or with an incident, oldest first',
    tag: 'Correspondence',
    success: { status: 200, body: z.object({ groups: z.record(z.string(), z.array(z.object({ bucket: z.string(), channel: CorrespondenceChannel, correspondenceId: z.string(), srNumber: z.string(), caseNumber: z.string(), templateId: z.string(), templateName: z.string(), status: z.string(), since: z.string(), returnedReason: z.string().optional(), incidentId: z.string().optional() }))) }), description: 'Open activities by group' },
  },
} satisfies Record<string, RouteContract>;
