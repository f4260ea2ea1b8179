import { randomInt } from 'node:crypto';
import * as z from 'zod';

/** Reference formats, in one place. SR numbers avoid look-alike characters so they can be read out on a call. */
export const patterns = {
  caseNumber: /^1-\d{10}$/,
  scin: /^\d{10}$/,
  ern: /^E\d{7}$/,
  trn: /^T\d{7}$/,
  srNumber: /^SR-[0-9A-HJKMNP-TV-Z]{8}$/,
} as const;

export const CaseNumber = z.string().regex(patterns.caseNumber, 'must be a case number like 1-2143476081');
export const Scin = z.string().regex(patterns.scin, 'must be a SCIN: 10 digits');
export const Ern = z.string().regex(patterns.ern, 'must be an ERN: E followed by 7 digits');
export const Trn = z.string().regex(patterns.trn, 'must be a TRN: T followed by 7 digits');
export const SrNumber = z.string().regex(patterns.srNumber, 'must be an SR number like SR-7K3M9Q2X');

const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

const randomCode = (length: number): string => Array.from({ length }, () => crockford[randomInt(32)]).join('');

export const newSrNumber = (): string => `SR-${randomCode(8)}`;

/** A letter's correspondence id, which is also its activity id and the unique reference printed on it. */
export const newCorrespondenceId = (): string => `L-${randomCode(8)}`;

/** Sortable, unique id for notes and audit events: time first, then randomness. */
export const newEventId = (now: Date): string =>
  `${now.toISOString()}#${Array.from({ length: 6 }, () => crockford[randomInt(32)]).join('')}`;

/** An email's correspondence id (its activity id too). */
export const newEmailId = (): string => `E-${randomCode(8)}`;

export const newIncidentId = (): string => `INC-${randomCode(8)}`;
