import type { Contact, Organisation, VerificationItem } from '../schemas.ts';
import { normaliseEmail, normalisePhone, normalisePostcode, normaliseText } from './normalise.ts';

/** The procedure: the caller must give at least three of the six organisation details. */
export const requiredMatches = 3;

export type CallerStatement = Partial<Record<VerificationItem, string>>;

const same = (a: string | undefined, b: string | undefined): boolean => a !== undefined && b !== undefined && a.length > 0 && a === b;

/**
 * Which of the caller's details match the record, after normalising both sides. Phone and email may
 * match the organisation or any of its active named contacts. Returns item names only: the stored
 * values never leave this function.
 */
export function matchCaller(organisation: Organisation, contacts: readonly Contact[], said: CallerStatement): VerificationItem[] {
  const active = contacts.filter((c) => c.status === 'active');
  const primary = organisation.addresses.find((a) => a.primary) ?? organisation.addresses[0];
  const phones = [organisation.phone, organisation.fax, ...active.map((c) => c.phone)].filter(Boolean).map((p) => normalisePhone(p!));
  const emails = [organisation.email, ...active.map((c) => c.email)].filter(Boolean).map((e) => normaliseEmail(e!));
  const saidPhone = said.phone ? normalisePhone(said.phone) : undefined;
  const checks: Record<VerificationItem, boolean> = {
    trn: same(said.trn?.trim().toUpperCase(), organisation.trn),
    organisationName: same(said.organisationName && normaliseText(said.organisationName), normaliseText(organisation.name)),
    addressLine1: same(said.addressLine1 && normaliseText(said.addressLine1), primary?.lines[0] && normaliseText(primary.lines[0])),
    postcode: organisation.addresses.some((a) => same(said.postcode && normalisePostcode(said.postcode), a.postcode)),
    phone: saidPhone !== undefined && phones.includes(saidPhone),
    email: said.email !== undefined && emails.includes(normaliseEmail(said.email)),
  };
  return (Object.keys(checks) as VerificationItem[]).filter((item) => checks[item]);
}
