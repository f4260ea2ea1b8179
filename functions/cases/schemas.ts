import * as z from 'zod';
import { CaseNumber, Ern, Scin, Trn } from '../platform/identifiers.ts';

/**
 * The case and client read model: what SRs and letters need to know about cases, kept by this service
 * and filled by the upsert API (from the case management system) and the demo data. Personal data
 * that no rule here needs (NINO, date of birth, bank details) is deliberately not held.
 */

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

export const AddressType = z.enum(['residential', 'correspondence', 'bfpo', 'dlo', 'nfa', 'pwa']);

export const Address = z
  .strictObject({
    type: AddressType.describe('dlo = dead letter office, nfa = no fixed abode, pwa = person without address'),
    lines: z.array(text(80)).min(1, 'must have at least one line').max(6, 'must have at most 6 lines'),
    postcode: z.string().trim().max(10).optional(),
    country: text(60).optional(),
  })
  .meta({ id: 'Address' });

export const SpecialRequirement = z.enum(['braille', 'large-print', 'audio-cassette', 'audio-cd']);

export const Client = z
  .strictObject({
    scin: Scin,
    title: text(20).optional(),
    firstName: text(60),
    lastName: text(60),
    addresses: z.array(Address).max(5),
    email: z.email('must be an email address').optional(),
    selfServiceUser: z.boolean().default(false),
    specialRequirements: z.array(SpecialRequirement).max(4).default([]),
    welshLanguage: z.boolean().default(false),
    representative: z
      .strictObject({ scin: Scin, name: text(120), active: z.boolean() })
      .optional()
      .describe('A client representative (solicitor, friend, MP...) acting for the client'),
    deceased: z.boolean().default(false),
    executorOrNextOfKin: z.strictObject({ scin: Scin, name: text(120) }).optional(),
    correspondenceSuppressed: z.boolean().default(false),
  })
  .meta({ id: 'Client' });

export const Employer = z
  .strictObject({
    ern: Ern,
    name: text(120),
    address: Address,
    payrollContact: text(120).optional(),
    email: z.email('must be an email address').optional(),
    agentTrn: Trn.optional(),
  })
  .meta({ id: 'Employer' });

export const CaseStatus = z.enum(['open', 'closed', 'arrears-only']);

export const Case = z
  .strictObject({
    caseNumber: CaseNumber,
    status: CaseStatus,
    owningCaseworker: text(60).optional().describe('Staff id of the caseworker who owns the case'),
    owningSegment: text(60).describe('Segment (team) that owns the case'),
    receivingParent: Scin.describe('SCIN of the receiving parent (PWC)'),
    payingParent: Scin.describe('SCIN of the paying parent (NRP)'),
    qualifyingChildren: z
      .array(z.strictObject({ firstName: text(60), endDate: z.iso.date('must be a date YYYY-MM-DD').optional() }))
      .max(20),
    employers: z.array(Ern).max(10).default([]),
  })
  .meta({ id: 'Case' });

export type Client = z.infer<typeof Client>;
export type Employer = z.infer<typeof Employer>;
export type Case = z.infer<typeof Case>;
export type Address = z.infer<typeof Address>;
