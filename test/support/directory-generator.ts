import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isTeamOnly, organisationTypeIds } from '../../functions/third-parties/domain/organisation-types.ts';
import { nameWords } from '../../functions/third-parties/domain/normalise.ts';
import type { Contact, Organisation } from '../../functions/third-parties/schemas.ts';
import { recordWrites } from '../../functions/third-parties/store.ts';

/**
 * A large fictional third-party directory for the scale test and the lookup benchmark (one generator,
 * both use it). Deterministic: the same seed gives the same organisations, so tests can work out what
 * a lookup should find. TRNs come from a reserved high range (T9000000 up) that issueTrn() never
 * reaches, and the items written are exactly those recordWrites() produces at run time.
 *
 * Phones use Ofcom's drama ranges other than 0113 496 0xxx, 020 7946 0xxx and 0161 496 0xxx (which the
 * demo directory and hand-written tests use), one number per organisation up to 13,000; emails are on
 * per-organisation example domains, so neither collides with other tests' records.
 */

export interface GeneratedRecord {
  readonly organisation: Organisation;
  readonly contacts: Contact[];
}

export const reservedTrnBase = 9_000_000;
export const generatedTrn = (index: number): string => `T${String(reservedTrnBase + index).padStart(7, '0')}`;
export const isGeneratedTrn = (trn: string): boolean => /^T9\d{6}$/.test(trn);

/** mulberry32: small, fast, good enough for test and benchmark data (bench/pii-scan.ts uses it too). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const surnames = [
  'Abernethy', 'Ackroyd', 'Bairstow', 'Ballantyne', 'Blackwood', 'Brockhurst', 'Colquhoun', 'Crabtree', 'Dewhirst', 'Dimmock',
  'Drysdale', 'Entwistle', 'Farquhar', 'Fenwick', 'Fothergill', 'Gallimore', 'Garside', 'Greatorex', 'Haigh', 'Hebblethwaite',
  'Illingworth', 'Ingleby', 'Jardine', 'Kenworthy', 'Kershaw', 'Lambourne', 'Lockyer', 'Mallinson', 'Midgley', 'Netherwood',
  'Nuttall', 'Oakenshaw', 'Ormerod', 'Outhwaite', 'Pennycook', 'Pickersgill', 'Quarmby', 'Rawcliffe', 'Royds', 'Sowerby',
  'Sugden', 'Tattersall', 'Thwaite', 'Townend', 'Uttley', 'Varley', 'Wadsworth', 'Whitmore', 'Yardley', 'Zouch',
];
const places = [
  'Ashcombe', 'Brackenfield', 'Calderbrook', 'Dunmere', 'Edgecote', 'Fernleigh', 'Glenholme', 'Harrowdale', 'Ivydene', 'Larkhill',
  'Marshfield', 'Northcote', 'Oakridge', 'Pinewood', 'Redbrook', 'Stonebridge', 'Thornbury', 'Underhill', 'Westmoor', 'Yewbank',
];
/** Rare words: each appears in a handful of names, so a lookup on one fits in a page. */
export const rareWords = [
  'Quillfeather', 'Marchbanks', 'Wintergreen', 'Copperbeech', 'Saltmarsh', 'Kingfisher', 'Bellweather', 'Juniper', 'Osprey', 'Lanternwick',
  'Mistlethwaite', 'Hawksmoor', 'Brambling', 'Nightjar', 'Foxglove', 'Silverdale', 'Tumbleweed', 'Greylag', 'Windrush', 'Heronsgate',
];
const firstNames = ['Aisha', 'Bethan', 'Ciaran', 'Deborah', 'Eamon', 'Farah', 'Gareth', 'Hannah', 'Imran', 'Joanna', 'Kwame', 'Lorna', 'Mohammed', 'Niamh', 'Owen', 'Priti', 'Rory', 'Sian', 'Tariq', 'Yvonne'];
const titles = ['Mr', 'Mrs', 'Ms', 'Miss', 'Dr'];
const streets = ['High Street', 'Station Road', 'Church Lane', 'Market Place', 'Victoria Road', 'Mill Lane', 'Park Row', 'Queen Street', 'Albion Street', 'Bridge End'];
const towns: readonly { town: string; outward: readonly string[] }[] = [
  { town: 'Leeds', outward: ['LS1', 'LS2', 'LS6', 'LS11'] },
  { town: 'Sheffield', outward: ['S1', 'S2', 'S10'] },
  { town: 'Bristol', outward: ['BS1', 'BS2', 'BS8'] },
  { town: 'Manchester', outward: ['M1', 'M2', 'M4'] },
  { town: 'Glasgow', outward: ['G1', 'G2', 'G12'] },
  { town: 'Cardiff', outward: ['CF10', 'CF11'] },
  { town: 'Newcastle upon Tyne', outward: ['NE1', 'NE2'] },
  { town: 'Nottingham', outward: ['NG1', 'NG7'] },
  { town: 'Reading', outward: ['RG1', 'RG2'] },
  { town: 'Belfast', outward: ['BT1', 'BT7'] },
  { town: 'Leicester', outward: ['LE1', 'LE2'] },
  { town: 'Birmingham', outward: ['B1', 'B3', 'B15'] },
];
const inwardLetters = 'ABDEFHJLNPQRSTUWXYZ';

/** Name patterns per type; {s} a surname, {p} a place, {f} a first name. */
const namePatterns: Record<string, readonly string[]> = {
  solicitor: ['{s} {s} Solicitors', '{s} & {s} LLP', '{s} Family Law', '{s} Solicitors', '{s} {p} Solicitors'],
  accountant: ['{s} & Co Accountants', '{s} Accountants', '{s} {s} Chartered Accountants', '{p} Tax Advisers'],
  bailiff: ['{s} Enforcement Agents', '{p} Recovery & Enforcement'],
  'dna-test-provider': ['{s} Genetics', '{p} Paternity Testing'],
  'benefits-agency': ['{p} Benefits Office', '{p} Council Revenues & Benefits'],
  'client-representative': ['{p} Advice Centre', '{s} Welfare Rights', '{p} Advocacy Service'],
  'employer-agent': ['{s} Payroll Bureau', '{p} Payroll Services'],
  mp: ['Office of {f} {s} MP'],
  ice: ['Independent Case Examiner {p} Office'],
  phso: ['Parliamentary and Health Service Ombudsman {p}'],
  hmcts: ['{p} County Court', '{p} Family Court', "{p} Magistrates' Court"],
  police: ['{p} Police', '{p} Constabulary'],
  'jobcentre-plus': ['Jobcentre Plus {p}'],
  'ministry-of-justice': ['Ministry of Justice {p} Office'],
  'uk-border-agency': ['UK Border Agency {p} Casework'],
  bis: ['BIS Insolvency Service {p}'],
  other: ['{p} Housing Association', '{s} Community Trust', '{p} Mediation Service'],
};
/** Solicitors and accountants dominate a real directory. */
const typeWeights: Record<string, number> = { solicitor: 30, accountant: 15, bailiff: 6, 'client-representative': 8, 'employer-agent': 8, other: 8, 'jobcentre-plus': 5, hmcts: 4, police: 3, mp: 4, 'benefits-agency': 3, 'dna-test-provider': 2 };
const weightedTypes = organisationTypeIds.flatMap((id) => Array.from({ length: typeWeights[id] ?? 1 }, () => id));

/** Ofcom drama ranges: [prefix digits, display form of the prefix]. 1,000 numbers each. */
const phoneRanges: readonly (readonly [string, string])[] = [
  ['01144960', '0114 496 0'], ['01154960', '0115 496 0'], ['01164960', '0116 496 0'], ['01174960', '0117 496 0'],
  ['01184960', '0118 496 0'], ['01214960', '0121 496 0'], ['01314960', '0131 496 0'], ['01414960', '0141 496 0'],
  ['01514960', '0151 496 0'], ['01914980', '0191 498 0'], ['02896496', '028 9649 6'], ['02920180', '029 2018 0'],
  ['01632960', '01632 960'],
];
/** Unique per index below 13,000; written in one of several formats. */
export function generatedPhone(index: number, format: number): string {
  const [digits, display] = phoneRanges[Math.floor(index / 1000) % phoneRanges.length]!;
  const last = String(index % 1000).padStart(3, '0');
  const national = `${digits}${last}`;
  switch (format % 4) {
    case 0:
      return `${display}${last}`;
    case 1:
      return national;
    case 2:
      return `+44 (0)${national.slice(1, 4)} ${national.slice(4)}`;
    default:
      return `${display.trim().replace(/ /g, '-')}${last}`;
  }
}

const slug = (name: string): string => nameWords(name).join('-').slice(0, 40) || 'org';

export interface GenerateOptions {
  readonly seed?: number;
  /** Share of organisations that are inactive (default 0.1). */
  readonly inactiveShare?: number;
}

/** `count` organisations with 0-3 contacts each; index i gets TRN T9000000 + i. */
export function generateDirectory(count: number, options: GenerateOptions = {}): GeneratedRecord[] {
  const random = prng(options.seed ?? 20261123);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const chance = (p: number): boolean => random() < p;
  const inactiveShare = options.inactiveShare ?? 0.1;
  const at = '2026-01-05T09:00:00.000Z';
  const records: GeneratedRecord[] = [];

  const postcode = (outward: string) => `${outward} ${1 + Math.floor(random() * 9)}${pick([...inwardLetters])}${pick([...inwardLetters])}`;
  const address = () => {
    const where = pick(towns);
    return { lines: [`${1 + Math.floor(random() * 180)} ${pick(streets)}`, where.town], postcode: postcode(pick(where.outward)) };
  };

  for (let i = 0; i < count; i++) {
    const trn = generatedTrn(i);
    const type = pick(weightedTypes);
    let name = pick(namePatterns[type]!)
      .replace(/\{s\}/g, () => pick(surnames))
      .replace(/\{p\}/g, () => pick(places))
      .replace(/\{f\}/g, () => pick(firstNames));
    // About 1 in 100 names carries a rare word, so a lookup on it fits in one page.
    if (chance(0.01)) name = `${pick(rareWords)} ${name}`;
    const domain = `${slug(name)}-${i}.example.${chance(0.5) ? 'org.uk' : 'co.uk'}`;
    const addresses = [{ ...address(), primary: true }, ...(chance(0.15) ? [{ ...address(), primary: false }] : [])];
    const organisation: Organisation = {
      trn,
      status: chance(inactiveShare) ? 'inactive' : 'active',
      maintainedByThirdPartyTeamOnly: isTeamOnly(type),
      name,
      type,
      addresses,
      ...(chance(0.85) ? { phone: generatedPhone(i, Math.floor(random() * 4)) } : {}),
      ...(chance(0.4) ? { email: `${chance(0.3) ? 'Enquiries' : 'enquiries'}@${domain}` } : {}),
      ...(chance(0.05) ? { fax: generatedPhone((i + 6500) % 13000, 0) } : {}),
      preferredContactMethod: pick(['letter', 'letter', 'email', 'phone'] as const),
      paymentSchedule: chance(0.05),
      ...(type === 'employer-agent' && chance(0.5) ? { employerErn: `E${String(8_000_000 + i).padStart(7, '0')}` } : {}),
      version: 1,
      createdAt: at,
      updatedAt: at,
    };
    // Most records have no named contact; DynamoDB Local writes about 1,500 items a second, so keep it lean.
    const contactCount = type === 'mp' ? 1 : pick([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 3]);
    const contacts: Contact[] = Array.from({ length: contactCount }, (_, c) => {
      const title = pick(titles);
      const firstName = pick(firstNames);
      const lastName = pick(surnames);
      return {
        contactId: `C${String(c + 1).padStart(2, '0')}`,
        trn,
        status: chance(0.05) ? 'inactive' : 'active',
        title,
        firstName,
        lastName,
        ...(chance(0.6) ? { jobTitle: pick(['Partner', 'Caseworker', 'Office Manager', 'Payroll Manager', 'Senior Associate']) } : {}),
        ...(type === 'mp' ? { salutation: `Dear ${title} ${lastName}`, jobTitle: 'Member of Parliament' } : {}),
        ...(chance(0.3) ? { phone: generatedPhone((i + 3000 + c * 97) % 13000, c + 1) } : {}),
        ...(chance(0.3) ? { email: `${firstName}.${lastName}@${domain}`.toLowerCase() } : {}),
      };
    });
    records.push({ organisation, contacts });
  }
  return records;
}

/** The items set-up would write for a record: the Put items of recordWrites (organisation, contacts, lookup entries). */
export function directoryItems(record: GeneratedRecord): Record<string, unknown>[] {
  return recordWrites(undefined, record).flatMap((w) => (w.Put?.Item ? [w.Put.Item as Record<string, unknown>] : []));
}

/** Whether a lookup by this name (prefixes of words, as typed) should match the organisation's name. */
export function nameMatches(organisationName: string, typed: string): boolean {
  const words = nameWords(organisationName);
  return nameWords(typed).every((t) => words.some((w) => w.startsWith(t)));
}

/**
 * Writes items with BatchWriteItem, 25 a batch and `concurrency` batches in flight, retrying unprocessed
 * items with a short backoff. Returns the number of BatchWriteItem calls made.
 */
export async function batchWrite(client: DynamoDBDocumentClient, tableName: string, items: readonly Record<string, unknown>[], concurrency = 4): Promise<number> {
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  let next = 0;
  let calls = 0;
  const worker = async () => {
    while (next < batches.length) {
      let pending = batches[next++]!.map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 8) throw new Error(`BatchWriteItem left ${pending.length} items unprocessed after ${attempt} attempts`);
        if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** attempt)));
        calls++;
        const { UnprocessedItems } = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
        pending = (UnprocessedItems?.[tableName] ?? []) as typeof pending;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  return calls;
}
