import { thirdPartyLookup, type Key } from '../../platform/keys.ts';
import type { Contact, LookupResult, Organisation } from '../schemas.ts';
import { nameWords, normaliseEmail, normalisePhone } from './normalise.ts';

/** A lookup entry: a key plus the summary a search result shows, so a lookup is one Query. */
export interface LookupEntry extends Key, LookupResult {
  readonly recordType: 'ThirdPartyLookup';
  readonly words: string[];
  readonly postcodes: string[];
}

const contactName = (c: Contact): string => [c.title, c.firstName, c.lastName].filter(Boolean).join(' ');

/** Every lookup entry an organisation and its contacts should have. */
export function lookupEntries(organisation: Organisation, contacts: readonly Contact[]): LookupEntry[] {
  const primary = organisation.addresses.find((a) => a.primary) ?? organisation.addresses[0]!;
  const summary = {
    recordType: 'ThirdPartyLookup' as const,
    trn: organisation.trn,
    name: organisation.name,
    type: organisation.type,
    status: organisation.status,
    postcode: primary.postcode,
    postcodes: organisation.addresses.map((a) => a.postcode),
    words: nameWords(organisation.name),
  };
  const entries: LookupEntry[] = summary.words.map((w) => ({ ...thirdPartyLookup.word(w, organisation.trn), ...summary }));
  for (const phone of [organisation.phone, organisation.fax]) {
    const p = phone && normalisePhone(phone);
    if (p) entries.push({ ...thirdPartyLookup.phone(p, organisation.trn), ...summary });
  }
  if (organisation.email) entries.push({ ...thirdPartyLookup.email(normaliseEmail(organisation.email), organisation.trn), ...summary });
  for (const c of contacts) {
    const contact = { contactId: c.contactId, name: contactName(c), status: c.status };
    const p = c.phone && normalisePhone(c.phone);
    if (p) entries.push({ ...thirdPartyLookup.phone(p, organisation.trn, c.contactId), ...summary, contact });
    if (c.email) entries.push({ ...thirdPartyLookup.email(normaliseEmail(c.email), organisation.trn, c.contactId), ...summary, contact });
  }
  // Two sources can give the same key (the same number as phone and fax): keep one.
  return [...new Map(entries.map((e) => [`${e.PK}|${e.SK}`, e])).values()];
}

/** Whether a found entry passes the optional filters of a search. */
export function entryMatches(entry: LookupEntry, filter: { words?: string[]; postcode?: string; type?: string; includeInactive: boolean }): boolean {
  if (!filter.includeInactive && (entry.status !== 'active' || (entry.contact && entry.contact.status !== 'active'))) return false;
  if (filter.type && entry.type !== filter.type) return false;
  if (filter.postcode) {
    const wanted = filter.postcode;
    const matches = wanted.includes(' ') ? entry.postcodes.includes(wanted) : entry.postcodes.some((p) => p.split(' ')[0] === wanted);
    if (!matches) return false;
  }
  if (filter.words && !filter.words.every((typed) => entry.words.some((w) => w.startsWith(typed)))) return false;
  return true;
}
