import { beforeAll, describe, expect, it } from 'vitest';
import { stackEnv } from '../support/in-process.ts';
import { dynamo } from '../../functions/platform/aws-clients.ts';
import { table } from '../../functions/platform/dynamo.ts';
import { nameWords, normalisePhone } from '../../functions/third-parties/domain/normalise.ts';
import { api } from '../support/api.ts';
import { batchWrite, directoryItems, generateDirectory, isGeneratedTrn, nameMatches, rareWords, type GeneratedRecord } from '../support/directory-generator.ts';

/**
 * The directory at scale: 10,000 generated organisations (about 10% inactive) written straight to
 * DynamoDB Local as the items set-up writes (recordWrites), with TRNs from the reserved T9000000 range,
 * then found through the real API. Expectations are worked out from the generator, and only the
 * generated TRNs are compared exactly: other tests and the demo directory share the table.
 */

const count = 10_000;
const records = generateDirectory(count);
const byTrn = new Map(records.map((r) => [r.organisation.trn, r]));
const caseworker = api('caseworker');

interface LookupItem {
  trn: string;
  name: string;
  type: string;
  status: 'active' | 'inactive';
  postcode: string;
  contact?: { contactId: string; name: string; status: string };
}
interface LookupPage {
  items: LookupItem[];
  truncated: boolean;
}

async function lookUp(query: Record<string, string>): Promise<LookupPage> {
  const res = await caseworker.get(`/third-parties?${new URLSearchParams(query).toString()}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as LookupPage;
}

const active = (r: GeneratedRecord) => r.organisation.status === 'active';
const outward = (postcode: string) => postcode.split(' ')[0]!;
const generatedTrns = (page: LookupPage) => page.items.map((i) => i.trn).filter(isGeneratedTrn).sort();
const trnsOf = (list: readonly GeneratedRecord[]) => list.map((r) => r.organisation.trn).sort();
const wordsOf = new Map(records.map((r) => [r, nameWords(r.organisation.name)]));
/** Generated records whose name a lookup for `typed` matches (the rule nameMatches states, on words worked out once). */
function matching(typed: string, also: (r: GeneratedRecord) => boolean = () => true): GeneratedRecord[] {
  const typedWords = nameWords(typed);
  return records.filter((r) => typedWords.every((t) => wordsOf.get(r)!.some((w) => w.startsWith(t))) && also(r));
}

beforeAll(async () => {
  expect(stackEnv.AWS_ENDPOINT_URL_DYNAMODB).toMatch(/^http:\/\/127\.0\.0\.1:/);
  const started = performance.now();
  const items = records.flatMap(directoryItems);
  // DynamoDB Local is the bottleneck (about 1,500 items a second on two cores); 8 batches in flight keep it busy.
  const calls = await batchWrite(dynamo(), table(), items, 8);
  console.log(`directory scale: wrote ${records.length} organisations as ${items.length} items in ${calls} BatchWriteItem calls, ${((performance.now() - started) / 1000).toFixed(1)} s`);
}, 120_000);

describe('third-party directory with 10,000 organisations', () => {
  it('finds an organisation by TRN, with its contacts, exactly as set up', async () => {
    for (const index of [0, 4321, count - 1]) {
      const record = records[index]!;
      const res = await caseworker.get(`/third-parties/${record.organisation.trn}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toEqual({ organisation: record.organisation, contacts: record.contacts, pendingChanges: [] });
    }
    const missing = await caseworker.get('/third-parties/T9999999');
    expect(missing.status).toBe(404);
  });

  it('finds by a name prefix only organisations with a word starting with it, all in one page', async () => {
    let checked = 0;
    for (const word of rareWords) {
      const prefix = word.slice(0, 6).toLowerCase();
      const expected = matching(prefix, active);
      if (expected.length === 0 || expected.length > 50) continue;
      const page = await lookUp({ name: prefix, limit: '50' });
      expect(page.truncated).toBe(false);
      for (const item of page.items) expect(nameMatches(item.name, prefix), `${item.name} for "${prefix}"`).toBe(true);
      expect(generatedTrns(page)).toEqual(trnsOf(expected));
      expect(page.items.every((i) => i.status === 'active')).toBe(true);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(10);
  });

  it('says truncated when more matched than the page holds', async () => {
    const prefix = 'hebbl';
    expect(matching(prefix, active).length).toBeGreaterThan(50);
    const page = await lookUp({ name: prefix, limit: '50' });
    expect(page.truncated).toBe(true);
    expect(page.items).toHaveLength(50);
    expect(new Set(page.items.map((i) => i.trn)).size).toBe(50);
    for (const item of page.items) expect(nameMatches(item.name, prefix), item.name).toBe(true);
    for (const trn of generatedTrns(page)) expect(active(byTrn.get(trn)!)).toBe(true);
  });

  it('says truncated whenever the answer may be incomplete, even for a full name whose longest word is common', async () => {
    // "<Surname> Solicitors": the lookup reads the "solicitors" entries (the longest word), of which
    // there are far more than the pages it reads; the organisation may not be among them.
    const target = records.filter((r) => active(r) && /^\w+ Solicitors$/.test(r.organisation.name)).at(-1)!;
    const typed = target.organisation.name;
    const expected = trnsOf(matching(typed, active));
    const page = await lookUp({ name: typed, limit: '50' });
    for (const item of page.items) expect(nameMatches(item.name, typed), item.name).toBe(true);
    for (const trn of generatedTrns(page)) expect(expected).toContain(trn);
    if (generatedTrns(page).length < Math.min(expected.length, 50)) expect(page.truncated).toBe(true);
  });

  it('narrows a name lookup by postcode (outward code or full postcode)', async () => {
    const surname = 'Hebblethwaite';
    // All of the word's entries fit in the pages a lookup reads (5 x 100), so the answer is complete.
    expect(matching(surname).length).toBeLessThanOrEqual(450);
    const target = matching(surname, active)[0]!;
    const full = target.organisation.addresses.find((a) => a.primary)!.postcode;
    const area = outward(full);

    const byArea = await lookUp({ name: surname, postcode: area.toLowerCase(), limit: '50' });
    const expected = matching(surname, (r) => active(r) && r.organisation.addresses.some((a) => outward(a.postcode) === area));
    expect(expected.length).toBeLessThanOrEqual(50);
    expect(byArea.truncated).toBe(false);
    expect(generatedTrns(byArea)).toEqual(trnsOf(expected));
    // Fewer than the name alone finds.
    expect(expected.length).toBeLessThan(matching(surname, active).length);

    const byFull = await lookUp({ name: surname.toLowerCase(), postcode: full.replace(' ', ''), limit: '50' });
    expect(generatedTrns(byFull)).toEqual(trnsOf(matching(surname, (r) => active(r) && r.organisation.addresses.some((a) => a.postcode === full))));
    expect(generatedTrns(byFull)).toContain(target.organisation.trn);
  });

  it('narrows a name lookup by type', async () => {
    const surname = 'Hebblethwaite';
    for (const type of ['accountant', 'bailiff', 'employer-agent']) {
      const expected = matching(surname, (r) => active(r) && r.organisation.type === type);
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.length).toBeLessThanOrEqual(50);
      const page = await lookUp({ name: surname, type, limit: '50' });
      expect(page.truncated).toBe(false);
      expect(page.items.every((i) => i.type === type)).toBe(true);
      expect(generatedTrns(page)).toEqual(trnsOf(expected));
    }
  });

  it('hides inactive organisations unless includeInactive=true', async () => {
    // An inactive organisation with a name word few others share.
    const found = records
      .filter((r) => !active(r))
      .flatMap((r) => r.organisation.name.split(' ').filter((w) => w.length >= 6).map((w) => ({ record: r, prefix: w.toLowerCase() })))
      .find(({ prefix }) => matching(prefix).length <= 50);
    expect(found).toBeDefined();
    const { record, prefix } = found!;
    const trn = record.organisation.trn;

    const hidden = await lookUp({ name: prefix, limit: '50' });
    expect(hidden.items.map((i) => i.trn)).not.toContain(trn);
    expect(hidden.items.every((i) => i.status === 'active')).toBe(true);
    expect(generatedTrns(hidden)).toEqual(trnsOf(matching(prefix, active)));

    const shown = await lookUp({ name: prefix, includeInactive: 'true', limit: '50' });
    expect(shown.items.find((i) => i.trn === trn)).toMatchObject({ status: 'inactive', name: record.organisation.name });
    expect(generatedTrns(shown)).toEqual(trnsOf(matching(prefix)));

    const read = await caseworker.get(`/third-parties/${trn}`);
    expect(read.status).toBe(200);
    expect((read.body as { organisation: { status: string } }).organisation.status).toBe('inactive');
  });

  it('finds by phone given in a different format than stored', async () => {
    const candidates = records.filter((r) => active(r) && r.organisation.phone);
    const reformat = (stored: string) => {
      const national = normalisePhone(stored)!;
      // Whatever the stored form, ask in another: +44 with spaces, or national with dashes.
      return stored.startsWith('+') ? `${national.slice(0, 5)}-${national.slice(5, 8)}-${national.slice(8)}` : `+44 ${national.slice(1, 4)} ${national.slice(4, 7)} ${national.slice(7)}`;
    };
    for (const record of [candidates[0]!, candidates[1]!, candidates[2]!, candidates[3]!]) {
      const stored = record.organisation.phone!;
      const asked = reformat(stored);
      expect(asked).not.toBe(stored);
      const page = await lookUp({ phone: asked });
      expect(page.items.map((i) => i.trn), `${asked} for ${stored}`).toContain(record.organisation.trn);
    }
    // A named contact's direct line finds the organisation with the contact.
    const withContact = records.find((r) => active(r) && r.contacts.some((c) => c.status === 'active' && c.phone))!;
    const contact = withContact.contacts.find((c) => c.status === 'active' && c.phone)!;
    const page = await lookUp({ phone: reformat(contact.phone!) });
    expect(page.items).toContainEqual(expect.objectContaining({ trn: withContact.organisation.trn, contact: expect.objectContaining({ contactId: contact.contactId }) }));
  });

  it('finds by email whatever its case', async () => {
    const record = records.find((r) => active(r) && r.organisation.email?.startsWith('Enquiries@'))!;
    const page = await lookUp({ email: record.organisation.email!.toUpperCase() });
    expect(page.items.map((i) => i.trn)).toEqual([record.organisation.trn]);

    const withContact = records.find((r) => active(r) && r.contacts.some((c) => c.status === 'active' && c.email))!;
    const contact = withContact.contacts.find((c) => c.status === 'active' && c.email)!;
    const byContact = await lookUp({ email: contact.email!.replace(/^./, (ch) => ch.toUpperCase()).replace(/@.*/, (d) => d.toUpperCase()) });
    expect(byContact.items).toContainEqual(expect.objectContaining({ trn: withContact.organisation.trn, contact: expect.objectContaining({ contactId: contact.contactId }) }));
  });
});
