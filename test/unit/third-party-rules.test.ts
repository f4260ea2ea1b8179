import { describe, expect, it } from 'vitest';
import { refusal } from '../support/refusal.ts';
import { thirdPartyLookup } from '../../functions/platform/keys.ts';
import { addressLetter } from '../../functions/third-parties/domain/addressing.ts';
import { isMinorChange } from '../../functions/third-parties/domain/change-classification.ts';
import { applyChange } from '../../functions/third-parties/domain/changes.ts';
import { entryMatches, lookupEntries, type LookupEntry } from '../../functions/third-parties/domain/lookup-entries.ts';
import { nameWords, normaliseEmail, normalisePhone, normalisePostcode, normaliseText } from '../../functions/third-parties/domain/normalise.ts';
import { matchCaller, requiredMatches } from '../../functions/third-parties/domain/verification.ts';
import type { Contact, Organisation } from '../../functions/third-parties/schemas.ts';

const now = new Date('2026-11-23T10:00:00Z');

const organisation = (overrides: Partial<Organisation> = {}): Organisation => ({
  trn: 'T0001234',
  status: 'active',
  maintainedByThirdPartyTeamOnly: false,
  name: 'Harper & Lowe Solicitors',
  type: 'solicitor',
  addresses: [
    { lines: ['Unit 4, Riverside Court', 'Salford'], postcode: 'M3 7BB', primary: false },
    { lines: ['12 Park Row', 'Leeds'], postcode: 'LS1 5HD', primary: true },
  ],
  phone: '0113 496 0123',
  email: 'enquiries@harperlowe.example.com',
  fax: '0113 496 0999',
  preferredContactMethod: 'letter',
  paymentSchedule: false,
  version: 3,
  createdAt: '2026-01-05T09:00:00.000Z',
  updatedAt: '2026-06-01T09:00:00.000Z',
  ...overrides,
});

const contact = (overrides: Partial<Contact> = {}): Contact => ({
  contactId: 'C01',
  trn: 'T0001234',
  status: 'active',
  title: 'Ms',
  firstName: 'Priya',
  lastName: 'Patel',
  jobTitle: 'Partner',
  phone: '0113 496 0456',
  email: 'priya.patel@harperlowe.example.com',
  ...overrides,
});


describe('normalising what callers say', () => {
  it('reads postcodes in any case and spacing, and rejects what is not a UK postcode', () => {
    expect(normalisePostcode('ls15hd')).toBe('LS1 5HD');
    expect(normalisePostcode('  Sw1a   2aa ')).toBe('SW1A 2AA');
    expect(normalisePostcode('m37bb')).toBe('M3 7BB');
    expect(normalisePostcode('LS1')).toBeUndefined();
    expect(normalisePostcode('not a postcode')).toBeUndefined();
    expect(normalisePostcode('12345')).toBeUndefined();
  });

  it('reads UK phone numbers with +44, (0), spaces and dashes as the same number', () => {
    for (const said of ['0113 496 0123', '+44 (0)113 496 0123', '+44 113 496 0123', '0044 113 4960123', '0113-496-0123', '(0113) 496 0123']) {
      expect(normalisePhone(said), said).toBe('01134960123');
    }
    expect(normalisePhone('+33 1 23 45 67 89')).toBe('+33123456789');
    expect(normalisePhone('0113 496')).toBeUndefined();
    expect(normalisePhone('call me maybe')).toBeUndefined();
  });

  it('reads email addresses in any case', () => {
    expect(normaliseEmail('  Enquiries@HarperLowe.Example.COM ')).toBe('enquiries@harperlowe.example.com');
  });

  it('treats case, punctuation, spacing and & vs and as the same text', () => {
    const stored = normaliseText('Harper & Lowe Solicitors');
    expect(normaliseText('harper and lowe solicitors')).toBe(stored);
    expect(normaliseText('HARPER  &  LOWE, SOLICITORS.')).toBe(stored);
    expect(normaliseText('Harper-Lowe Solicitors')).not.toBe(stored);
  });

  it('finds the words a name is looked up by, without stop words or single letters', () => {
    expect(nameWords('The Office of Harper & Lowe (Solicitors) Ltd')).toEqual(['office', 'harper', 'lowe', 'solicitors', 'ltd']);
    expect(nameWords('Leeds Leeds leeds A B')).toEqual(['leeds']);
  });
});

describe('caller verification', () => {
  const org = organisation();

  it('verifies a caller who gives three correct details, and not one who gives two', () => {
    expect(requiredMatches).toBe(3);
    const three = matchCaller(org, [], { trn: 'T0001234', organisationName: 'Harper & Lowe Solicitors', postcode: 'LS1 5HD' });
    expect(three.sort()).toEqual(['organisationName', 'postcode', 'trn']);
    const two = matchCaller(org, [], { trn: 'T0001234', organisationName: 'Harper & Lowe Solicitors', postcode: 'LS2 7EW', phone: '0113 496 7777' });
    expect(two.sort()).toEqual(['organisationName', 'trn']);
    expect(two.length).toBeLessThan(requiredMatches);
  });

  it('matches details given in other formats: postcode in lower case without a space, phone with +44 (0), email in capitals, name in other case and punctuation', () => {
    const matched = matchCaller(org, [], {
      trn: ' t0001234 ',
      organisationName: 'HARPER AND LOWE, SOLICITORS',
      addressLine1: '12 park row',
      postcode: 'ls15hd',
      phone: '+44 (0) 113 496 0123',
      email: 'ENQUIRIES@HARPERLOWE.EXAMPLE.COM',
    });
    expect(matched.sort()).toEqual(['addressLine1', 'email', 'organisationName', 'phone', 'postcode', 'trn']);
  });

  it('does not match a different organisation name, address line or TRN', () => {
    expect(matchCaller(org, [], { trn: 'T0001235', organisationName: 'Harper Lowe & Co', addressLine1: '14 Park Row' })).toEqual([]);
  });

  it("counts an active named contact's phone and email, but not an inactive contact's", () => {
    const active = contact({ contactId: 'C01', phone: '0113 496 0456', email: 'priya.patel@harperlowe.example.com' });
    const inactive = contact({ contactId: 'C02', firstName: 'Tom', lastName: 'Reid', status: 'inactive', phone: '0113 496 0789', email: 'tom.reid@harperlowe.example.com' });
    expect(matchCaller(org, [active, inactive], { phone: '01134960456', email: 'Priya.Patel@harperlowe.example.com' }).sort()).toEqual(['email', 'phone']);
    expect(matchCaller(org, [active, inactive], { phone: '0113 496 0789', email: 'tom.reid@harperlowe.example.com' })).toEqual([]);
  });

  it('answers with the names of the matched details only, never the stored values', () => {
    const said = { trn: 'T0001234', organisationName: 'harper & lowe solicitors', postcode: 'ls1 5hd', phone: '0113 496 0000', email: 'wrong@example.com', addressLine1: '1 Wrong Street' };
    const answer = JSON.stringify(matchCaller(org, [contact()], said));
    for (const stored of ['0113 496 0123', '01134960123', 'enquiries@harperlowe.example.com', '12 Park Row', 'LS1 5HD', 'Harper & Lowe Solicitors', 'Priya', '0113 496 0456']) {
      expect(answer).not.toContain(stored);
    }
    expect(JSON.parse(answer)).toEqual(expect.arrayContaining(['trn', 'organisationName', 'postcode']));
  });
});

describe('minor and non-minor changes', () => {
  const org = organisation() as unknown as Record<string, unknown>;
  const person = contact() as unknown as Record<string, unknown>;

  it('a spelling fix in the organisation or contact name is minor', () => {
    expect(isMinorChange({ ...org, name: 'Harper & Lowe Solicitros' }, { name: 'Harper & Lowe Solicitors' })).toBe(true);
    expect(isMinorChange({ ...org, name: 'Harpar & Lowe Solicitors' }, { name: 'Harper & Lowe Solicitors' })).toBe(true);
    expect(isMinorChange({ ...person, lastName: 'Pattel' }, { lastName: 'Patel' })).toBe(true);
  });

  it('a new name is not minor', () => {
    expect(isMinorChange(org, { name: 'Northern Legal Services LLP' })).toBe(false);
    expect(isMinorChange(person, { firstName: 'Gareth', lastName: 'Evans' })).toBe(false);
  });

  it('a change of preferred contact method is minor', () => {
    expect(isMinorChange(org, { preferredContactMethod: 'email' })).toBe(true);
  });

  it('a new phone number, email address, fax or postcode is not minor', () => {
    expect(isMinorChange(org, { phone: '0113 496 0124' })).toBe(false);
    expect(isMinorChange(org, { email: 'info@harperlowe.example.com' })).toBe(false);
    expect(isMinorChange(org, { fax: '0113 496 0998' })).toBe(false);
    expect(isMinorChange(person, { phone: '0113 496 0457' })).toBe(false);
    const addresses = organisation().addresses.map((a) => (a.primary ? { ...a, postcode: 'LS1 5HE' } : a));
    expect(isMinorChange(org, { addresses })).toBe(false);
  });

  it('a spelling fix in an address line is minor; a different address line is not', () => {
    const typo = { ...org, addresses: organisation().addresses.map((a) => (a.primary ? { ...a, lines: ['12 Prak Row', 'Leeds'] } : a)) };
    expect(isMinorChange(typo, { addresses: organisation().addresses })).toBe(true);
    const moved = organisation().addresses.map((a) => (a.primary ? { ...a, lines: ['40 Wellington Street', 'Leeds'] } : a));
    expect(isMinorChange(org, { addresses: moved })).toBe(false);
    const withAddress = { ...person, address: { lines: ['Floor 3, 1 City Sqare', 'Leeds'], postcode: 'LS1 2ES' } };
    expect(isMinorChange(withAddress, { address: { lines: ['Floor 3, 1 City Square', 'Leeds'], postcode: 'LS1 2ES' } })).toBe(true);
    expect(isMinorChange(withAddress, { address: { lines: ['Floor 9, 7 Bond Court', 'Leeds'], postcode: 'LS1 2ES' } })).toBe(false);
  });

  it('a different house number is a different address, not a spelling fix', () => {
    const renumbered = organisation().addresses.map((a) => (a.primary ? { ...a, lines: ['14 Park Row', 'Leeds'] } : a));
    expect(isMinorChange(org, { addresses: renumbered })).toBe(false);
  });

  it('moving the primary flag to another address is not minor', () => {
    const swapped = organisation().addresses.map((a) => ({ ...a, primary: !a.primary }));
    expect(isMinorChange(org, { addresses: swapped })).toBe(false);
  });

  it('a minor change together with a non-minor one is not minor', () => {
    expect(isMinorChange(org, { preferredContactMethod: 'email', phone: '0113 496 0124' })).toBe(false);
  });
});

describe('applying changes', () => {
  const state = () => ({
    organisation: organisation(),
    contacts: [contact({ contactId: 'C01' }), contact({ contactId: 'C02', firstName: 'Tom', lastName: 'Reid', status: 'inactive' }), contact({ contactId: 'C03', firstName: 'Ana', lastName: 'Silva' })],
  });

  it('inactivating an organisation inactivates all its contacts in the same change', () => {
    const after = applyChange(state(), { kind: 'inactivate-organisation', proposed: { reason: 'Firm closed' } }, now);
    expect(after.organisation.status).toBe('inactive');
    expect(after.contacts.map((c) => [c.contactId, c.status])).toEqual([['C01', 'inactive'], ['C02', 'inactive'], ['C03', 'inactive']]);
    expect(after.organisation.version).toBe(4);
    expect(after.organisation.updatedAt).toBe(now.toISOString());
  });

  it('amending an organisation changes only the proposed fields', () => {
    const after = applyChange(state(), { kind: 'amend-organisation', proposed: { phone: '0113 496 0124' } }, now);
    expect(after.organisation).toMatchObject({ phone: '0113 496 0124', name: 'Harper & Lowe Solicitors', email: 'enquiries@harperlowe.example.com', status: 'active' });
    expect(after.contacts).toEqual(state().contacts);
  });

  it('a new contact gets the next C## id (never reusing one) and starts active', () => {
    const after = applyChange(state(), { kind: 'add-contact', proposed: { firstName: 'Owen', lastName: 'Price' } }, now);
    const added = after.contacts.at(-1)!;
    expect(added).toMatchObject({ contactId: 'C04', trn: 'T0001234', status: 'active', firstName: 'Owen', lastName: 'Price' });
    expect(after.contacts).toHaveLength(4);
    const first = applyChange({ organisation: organisation(), contacts: [] }, { kind: 'add-contact', proposed: { firstName: 'Owen', lastName: 'Price' } }, now);
    expect(first.contacts.map((c) => c.contactId)).toEqual(['C01']);
  });

  it('inactivating one contact leaves the organisation and the other contacts active', () => {
    const after = applyChange(state(), { kind: 'inactivate-contact', contactId: 'C03', proposed: { reason: 'Left the firm' } }, now);
    expect(after.organisation.status).toBe('active');
    expect(after.contacts.find((c) => c.contactId === 'C01')?.status).toBe('active');
    expect(after.contacts.find((c) => c.contactId === 'C03')?.status).toBe('inactive');
  });

  it('refuses any change to an inactive organisation, including adding a contact', () => {
    const inactive = { ...state(), organisation: organisation({ status: 'inactive' }) };
    for (const change of [
      { kind: 'amend-organisation' as const, proposed: { phone: '0113 496 0124' } },
      { kind: 'add-contact' as const, proposed: { firstName: 'Owen', lastName: 'Price' } },
      { kind: 'amend-contact' as const, contactId: 'C01', proposed: { lastName: 'Patel-Hughes' } },
      { kind: 'inactivate-organisation' as const, proposed: { reason: 'again' } },
    ]) {
      const problem = refusal(() => applyChange(inactive, change, now));
      expect(problem.status, change.kind).toBe(422);
      expect(problem.detail).toContain('inactive');
    }
  });

  it('refuses to amend or inactivate an inactive contact, and a contact that does not exist', () => {
    expect(refusal(() => applyChange(state(), { kind: 'amend-contact', contactId: 'C02', proposed: { lastName: 'Reed' } }, now)).status).toBe(422);
    expect(refusal(() => applyChange(state(), { kind: 'inactivate-contact', contactId: 'C02', proposed: { reason: 'x' } }, now)).status).toBe(422);
    expect(refusal(() => applyChange(state(), { kind: 'amend-contact', contactId: 'C09', proposed: { lastName: 'Reed' } }, now)).status).toBe(404);
  });
});

describe('letter addressing', () => {
  const org = organisation();

  it('a named contact gets their name, then the organisation, at their own address, opening with their salutation', () => {
    const priya = contact({ address: { lines: ['Floor 3, 1 City Square', 'Leeds'], postcode: 'LS1 2ES' }, salutation: 'Dear Priya' });
    const letter = addressLetter(org, [priya], { contactId: 'C01', srNumber: 'SR-7K3M9Q2X' });
    expect(letter.addressBlock).toEqual(['Ms Priya Patel', 'Harper & Lowe Solicitors', 'Floor 3, 1 City Square', 'Leeds', 'LS1 2ES']);
    expect(letter.salutation).toBe('Dear Priya');
    expect(letter.valediction).toBe('Yours sincerely');
  });

  it("a named contact without an address is written to at the organisation's primary address", () => {
    const letter = addressLetter(org, [contact()], { contactId: 'C01' });
    expect(letter.addressBlock).toEqual(['Ms Priya Patel', 'Harper & Lowe Solicitors', '12 Park Row', 'Leeds', 'LS1 5HD']);
    expect(letter.salutation).toBe('Dear Ms Patel');
  });

  it("a letter to the organisation is addressed to the organisation only, at its primary address: 'Dear Sir/Madam', 'Yours faithfully'", () => {
    const letter = addressLetter(org, [contact()], {});
    expect(letter.addressBlock).toEqual(['Harper & Lowe Solicitors', '12 Park Row', 'Leeds', 'LS1 5HD']);
    expect(letter.salutation).toBe('Dear Sir/Madam');
    expect(letter.valediction).toBe('Yours faithfully');
    expect(letter.addressBlock.join(' ')).not.toContain('Patel');
  });

  it("a letter to an MP goes to the constituency office, addressed to the MP with the MP's salutation", () => {
    const office = organisation({ trn: 'T0000042', type: 'mp', name: 'Leeds Central and Headingley Constituency Office', addresses: [{ lines: ['Unit 12, Aire Street'], postcode: 'LS1 4PR', primary: true }], maintainedByThirdPartyTeamOnly: true });
    const mp = contact({ trn: 'T0000042', title: 'Rt Hon', firstName: 'Alex', lastName: 'Sobel', salutation: 'Dear Mr Sobel' });
    for (const options of [{}, { contactId: 'C01' }]) {
      const letter = addressLetter(office, [mp], options);
      expect(letter.addressBlock).toEqual(['Rt Hon Alex Sobel MP', 'Leeds Central and Headingley Constituency Office', 'Unit 12, Aire Street', 'LS1 4PR']);
      expect(letter.salutation).toBe('Dear Mr Sobel');
      expect(letter.valediction).toBe('Yours sincerely');
    }
  });

  it('puts the TRN, and the SR number when there is one, in the header references', () => {
    expect(addressLetter(org, [], { srNumber: 'SR-7K3M9Q2X' }).references.map((r) => r.value)).toEqual(['T0001234', 'SR-7K3M9Q2X']);
    expect(addressLetter(org, [], {}).references.map((r) => r.value)).toEqual(['T0001234']);
  });

  it('refuses to address a letter to an inactive organisation or an inactive contact', () => {
    expect(refusal(() => addressLetter(organisation({ status: 'inactive' }), [], {})).status).toBe(422);
    expect(refusal(() => addressLetter(org, [contact({ status: 'inactive' })], { contactId: 'C01' })).status).toBe(422);
    expect(refusal(() => addressLetter(org, [contact()], { contactId: 'C07' })).status).toBe(404);
  });
});

describe('lookup entries', () => {
  const org = organisation();
  const entries = lookupEntries(org, [contact(), contact({ contactId: 'C02', firstName: 'Tom', lastName: 'Reid', status: 'inactive', phone: '0113 496 0789', email: 'Tom.Reid@HarperLowe.example.com' })]);
  const wordEntry = entries.find((e) => e.PK === thirdPartyLookup.wordPartition('harper'))!;
  const open = { includeInactive: false };

  it('indexes the organisation by each name word, its phone and fax (normalised) and email, and each contact by phone and email', () => {
    expect(entries.filter((e) => e.PK.startsWith('TPWORD#')).map((e) => e.SK.split('#')[0]).sort()).toEqual(['harper', 'lowe', 'solicitors']);
    expect(entries.some((e) => e.PK === thirdPartyLookup.phonePartition('01134960123') && !e.contact)).toBe(true);
    expect(entries.some((e) => e.PK === thirdPartyLookup.phonePartition('01134960999') && !e.contact)).toBe(true);
    expect(entries.some((e) => e.PK === thirdPartyLookup.emailPartition('enquiries@harperlowe.example.com'))).toBe(true);
    expect(entries.find((e) => e.PK === thirdPartyLookup.phonePartition('01134960456'))?.contact).toEqual({ contactId: 'C01', name: 'Ms Priya Patel', status: 'active' });
    expect(entries.find((e) => e.PK === thirdPartyLookup.emailPartition('tom.reid@harperlowe.example.com'))?.contact?.status).toBe('inactive');
    for (const e of entries) expect(e).toMatchObject({ trn: 'T0001234', name: 'Harper & Lowe Solicitors', type: 'solicitor', postcode: 'LS1 5HD' });
  });

  it('narrows by a full postcode or an outward code of any of the addresses', () => {
    expect(entryMatches(wordEntry, { ...open, postcode: 'LS1 5HD' })).toBe(true);
    expect(entryMatches(wordEntry, { ...open, postcode: 'LS1 5HE' })).toBe(false);
    expect(entryMatches(wordEntry, { ...open, postcode: 'LS1' })).toBe(true);
    expect(entryMatches(wordEntry, { ...open, postcode: 'M3' })).toBe(true);
    // LS15 is a different district from LS1, not a longer prefix of it.
    expect(entryMatches(wordEntry, { ...open, postcode: 'LS15' })).toBe(false);
    expect(entryMatches(wordEntry, { ...open, postcode: 'LS' })).toBe(false);
  });

  it('narrows by type', () => {
    expect(entryMatches(wordEntry, { ...open, type: 'solicitor' })).toBe(true);
    expect(entryMatches(wordEntry, { ...open, type: 'accountant' })).toBe(false);
  });

  it('matches name words by prefix, every typed word needed', () => {
    expect(entryMatches(wordEntry, { ...open, words: ['harp'] })).toBe(true);
    expect(entryMatches(wordEntry, { ...open, words: ['harp', 'sol'] })).toBe(true);
    expect(entryMatches(wordEntry, { ...open, words: ['harp', 'accountants'] })).toBe(false);
  });

  it('hides inactive organisations and inactive contacts unless asked for', () => {
    const inactiveOrg: LookupEntry = lookupEntries(organisation({ status: 'inactive' }), [])[0]!;
    expect(entryMatches(inactiveOrg, open)).toBe(false);
    expect(entryMatches(inactiveOrg, { includeInactive: true })).toBe(true);
    const tom = entries.find((e) => e.contact?.contactId === 'C02')!;
    expect(entryMatches(tom, open)).toBe(false);
    expect(entryMatches(tom, { includeInactive: true })).toBe(true);
    expect(entryMatches(entries.find((e) => e.contact?.contactId === 'C01')!, open)).toBe(true);
  });
});
