import {
  birthKeywordReach,
  findPersonalData,
  personalDataKinds,
  sortCodeAccountReach,
  type PersonalDataKind,
} from '../functions/correspondence/domain/personal-data.ts';
import { percentile, ratio, summaryLine, table } from './stats.ts';
import { prng } from '../test/support/directory-generator.ts';

/**
 * Benchmark: the personal-data scanner for outbound emails. A few hundred generated ~2 KB GOV.UK
 * Notify-style plain text bodies (case references, SCINs, money, letter dates, phone numbers; about one in
 * four with planted personal data of one kind) scanned by findPersonalData, one pass of one combined regex,
 * against a baseline that applies each kind's pattern(s) separately (11 regexes, each a full scan of the
 * body), written here and checked to find the same kinds on every body. Both run in the same process, per
 * body, interleaved (which goes first alternates) over rounds after a warm-up. Target: p99 <= 200 us per body.
 * Knobs: BENCH_PII_BODIES (400), BENCH_PII_ROUNDS (25), BENCH_PII_WARMUP (5 rounds).
 */

export const p99TargetUs = 200;
const bodyCount = Number(process.env.BENCH_PII_BODIES ?? 400);
const rounds = Number(process.env.BENCH_PII_ROUNDS ?? 25);
const warmUpRounds = Number(process.env.BENCH_PII_WARMUP ?? 5);
const today = new Date('2026-11-23T10:00:00Z');

// ---------------------------------------------------------------------------------------------------------
// The baseline: each kind on its own, one regex (or a few) per kind, each scanning the whole text.

const months =
  'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
const numberStart = String.raw`(?<![\w+]|\d[/.,:])`;
const numberEnd = String.raw`(?![\w]|[/.,:]\d)`;
const baselinePatterns = {
  nino: /\b(?!bg|gb|kn|nk|nt|tn|zz)[a-ceghj-pr-tw-z][a-ceghj-npr-tw-z] ?\d\d ?\d\d ?\d\d ?[a-d]\b/i,
  birthKeyword: /\b(?:born\b|birth|d\.?o\.?b\b\.?)/gi,
  writtenDayFirst: new RegExp(
    String.raw`\b(\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?\s+(${months})\b\.?,?\s+(\d{4})\b`,
    'gi',
  ),
  writtenMonthFirst: new RegExp(String.raw`\b(${months})\b\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b`, 'gi'),
  numericDayFirst: new RegExp(
    String.raw`${numberStart}(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d\d)${numberEnd}(?!-\d)`,
    'g',
  ),
  numericYearFirst: new RegExp(String.raw`${numberStart}(\d{4})([/.-])(\d{1,2})\2(\d{1,2})${numberEnd}(?!-\d)`, 'g'),
  // A lone sort code or 8-digit account number: not a group of a longer run (07700 900123 is a phone number).
  sortCode: new RegExp(
    String.raw`(?<![\w+]|\d[/.,:]|\d[ -])(?:\d\d([ -])\d\d\1\d\d|\d{6})${numberEnd}(?![ -]\d)`,
    'g',
  ),
  account: new RegExp(String.raw`(?<![\w+]|\d[/.,:]|\d[ -])\d{8}${numberEnd}(?![ -]\d)`, 'g'),
  accountKeyword:
    /\b(?:account\s+(?:number|no\b\.?)|acc\.?\s*no\b\.?|a\/c\s*no\b\.?)[^\d\n]{0,12}?(?<![\w+])(\d+(?:[ -]\d+)*)(?![\w]|[/.,:]\d)/gi,
  roll: /\broll\s+(?:numbers?|no\b\.?|ref(?:erence)?\b\.?)[^\d\n]{0,16}?\d/i,
  // Not within an international phone number (+44 113 496 0123), nor taking in the day of a written date.
  card: new RegExp(
    String.raw`(?<![\w+]|\d[/.,:]|\+[\d -]*)\d+(?:[ -](?:\d{3,}|\d\d?(?!(?:\s+of)?\s+(?:${months})\b\.?,?\s+\d{4}\b)))*${numberEnd}`,
    'gi',
  ),
};

const monthAbbreviations = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const monthOf = (name: string): number => monthAbbreviations.indexOf(name.slice(0, 3).toLowerCase()) + 1;

function baselineFind(text: string, now: Date): PersonalDataKind[] {
  const todayKey = now.getUTCFullYear() * 10_000 + (now.getUTCMonth() + 1) * 100 + now.getUTCDate();
  const found = new Set<PersonalDataKind>();
  if (baselinePatterns.nino.test(text)) found.add('National Insurance number');

  const keywordEnds = [...text.matchAll(baselinePatterns.birthKeyword)].map((m) => m.index + m[0].length);
  const afterKeyword = (at: number) => keywordEnds.some((end) => at >= end && at - end <= birthKeywordReach);
  const isBirthDate = (at: number, year: number, month: number, day: number, twoDigitYear: boolean): boolean => {
    if (twoDigitYear) {
      if (!afterKeyword(at)) return false;
      year += year <= Math.floor(todayKey / 10_000) % 100 ? 2000 : 1900;
    }
    const valid = month >= 1 && month <= 12 && day >= 1 && day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
    const key = year * 10_000 + month * 100 + day;
    return valid && ((key < 2000_01_01 && !twoDigitYear) || (afterKeyword(at) && key <= todayKey));
  };
  // [where, year, month, day, two-digit year]
  const { writtenDayFirst, writtenMonthFirst, numericDayFirst, numericYearFirst } = baselinePatterns;
  const dates = [
    ...[...text.matchAll(writtenDayFirst)].map((m) => [m.index, +m[3]!, monthOf(m[2]!), +m[1]!, false]),
    ...[...text.matchAll(writtenMonthFirst)].map((m) => [m.index, +m[3]!, monthOf(m[1]!), +m[2]!, false]),
    ...[...text.matchAll(numericDayFirst)].map((m) => [m.index, +m[4]!, +m[3]!, +m[1]!, m[4]!.length === 2]),
    ...[...text.matchAll(numericYearFirst)].map((m) => [m.index, +m[1]!, +m[3]!, +m[4]!, false]),
  ] as [number, number, number, number, boolean][];
  if (dates.some(([at, y, mo, d, two]) => isBirthDate(at, y, mo, d, two))) found.add('date of birth');

  const sortCodes = [...text.matchAll(baselinePatterns.sortCode)].map((m) => [m.index, m.index + m[0].length] as const);
  const accounts = [...text.matchAll(baselinePatterns.account)].map((m) => [m.index, m.index + m[0].length] as const);
  const near = (a: readonly [number, number], b: readonly [number, number]) =>
    (b[0] >= a[1] && b[0] - a[1] <= sortCodeAccountReach) || (a[0] >= b[1] && a[0] - b[1] <= sortCodeAccountReach);
  const keyed = [...text.matchAll(baselinePatterns.accountKeyword)].some((m) => {
    const digits = m[1]!.replace(/\D/g, '').length;
    return digits >= 6 && digits <= 10;
  });
  if (keyed || sortCodes.some((s) => accounts.some((a) => near(s, a)))) found.add('sort code and account number');

  if (baselinePatterns.roll.test(text)) found.add('building society roll number');

  for (const m of text.matchAll(baselinePatterns.card)) {
    const digits = m[0].replace(/\D/g, '');
    const groups = m[0].split(/[ -]/).map((g) => g.length).join(',');
    const bankShaped = /^(?:(?:6|2,2,2),8|8,(?:6|2,2,2))$/.test(groups);
    const oneSeparator = !(m[0].includes(' ') && m[0].includes('-'));
    const cardLike = digits.length >= 12 && digits.length <= 19 && /^[2-6]/.test(digits);
    if (bankShaped || !oneSeparator || !cardLike) continue;
    let sum = 0;
    for (let i = 0; i < digits.length; i++) {
      const d = Number(digits[digits.length - 1 - i]);
      sum += i % 2 === 1 ? (d > 4 ? d * 2 - 9 : d * 2) : d;
    }
    if (sum % 10 === 0) {
      found.add('payment card number');
      break;
    }
  }
  return personalDataKinds.filter((kind) => found.has(kind));
}

// ---------------------------------------------------------------------------------------------------------
// Generated email bodies.

const monthNames = [
  ...['January', 'February', 'March', 'April', 'May', 'June'],
  ...['July', 'August', 'September', 'October', 'November', 'December'],
];

function luhnComplete(partial: string): string {
  for (let check = 0; check <= 9; check++) {
    const candidate = partial + String(check);
    let sum = 0;
    for (let i = 0; i < candidate.length; i++) {
      const d = Number(candidate[candidate.length - 1 - i]);
      sum += i % 2 === 1 ? (d > 4 ? d * 2 - 9 : d * 2) : d;
    }
    if (sum % 10 === 0) return candidate;
  }
  throw new Error('unreachable');
}

function generateBodies(count: number): { bodies: string[]; planted: number } {
  // Seeded, so every run scans the same bodies.
  const random = prng(20_261_123);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)]!;
  const digits = (n: number) => Array.from({ length: n }, () => String(int(0, 9))).join('');
  const letterDate = () => `${int(1, 28)} ${pick(monthNames)} ${int(2024, 2027)}`;
  const two = (n: number) => String(n).padStart(2, '0');
  const numericDate = () => `${two(int(1, 28))}/${two(int(1, 12))}/${int(2024, 2027)}`;
  const money = () => `£${int(1, 2500).toLocaleString('en-GB')}.${two(int(0, 99))}`;
  const caseNumber = () => `1-${int(2_000_000_000, 2_999_999_999)}`;
  const scin = () => String(int(3_000_000_000, 3_999_999_999));
  const phone = () =>
    pick([
      `0113 496 ${digits(4)}`,
      `+44 113 496 ${digits(4)}`,
      `(0113) 496 ${digits(4)}`,
      `07700 900${digits(3)}`,
      `0800 232 ${digits(4)}`,
    ]);
  const characters = [...'23456789ABCDEFGHJKMNPQRSTVWXYZ'];
  const code = (prefix: string) => `${prefix}-${Array.from({ length: 8 }, () => pick(characters)).join('')}`;
  const unitLetters = [...'ABDEFGHJLNPQRSTUWXYZ'];
  const postcode = () => `LS${int(1, 28)} ${int(1, 9)}${pick(unitLetters)}${pick(unitLetters)}`;
  const cardNumber = () => {
    const number = luhnComplete(`${pick(['4', '5', '2', '3', '6'])}${digits(14)}`);
    return pick([number, number.replace(/(\d{4})(?=\d)/g, '$1 '), number.replace(/(\d{4})(?=\d)/g, '$1-')]);
  };
  const nino = () => {
    const [prefix, suffix, d] = [pick(['AB', 'CE', 'JH', 'PR', 'WX']), pick([...'ABCD']), digits(6)];
    return pick([`${prefix}${d}${suffix}`, `${prefix} ${d.slice(0, 2)} ${d.slice(2, 4)} ${d.slice(4)} ${suffix}`]);
  };
  const names = ['Mrs Evans', 'Mr Morgan', 'Ms Okafor', 'Mr Kowalski', 'Miss Hussain', 'Dr Patel'];
  const planted: (() => string)[] = [
    () => `Your National Insurance number is ${nino()}.`,
    () => `We have recorded the date of birth of your child as ${int(1, 28)}/${int(1, 12)}/${int(2010, 2020)}.`,
    () => `Our records show you were born on ${int(1, 28)} ${pick(monthNames)} ${int(1960, 1999)}.`,
    () => `Payments will go to sort code ${int(10, 99)}-${int(10, 99)}-${int(10, 99)}, account ${digits(8)}.`,
    () => `We will pay into your account number ${digits(8)} from next month.`,
    () => `Please quote building society roll number ${pick(['A/', 'R', ''])}${digits(9)} when you call.`,
    () => `The payment from card ${cardNumber()} was declined.`,
  ];
  const paragraphs: (() => string)[] = [
    () => `We have worked out how much child maintenance ${pick(names)} should pay. The amount is ${money()} a week, starting on ${letterDate()}. You can see the full calculation in your online account.`,
    () => `Your next payment of ${money()} is due on ${numericDate()}. If you pay by Direct Debit you do not need to do anything. If you pay another way, make sure the money reaches us by ${letterDate()}.`,
    () => `We wrote to you on ${letterDate()} about your case (case number ${caseNumber()}). We have not heard back from you. Please contact us within 14 days of the date of this email.`,
    () => `If you think the calculation is wrong, you can ask us to look at it again. This is called a mandatory reconsideration. You need to ask by ${letterDate()}, which is 30 days from the date of the decision.`,
    () => `We have received the documents you sent on ${numericDate()}. Your service request ${code('SR')} has been updated and your caseworker will be in touch.`,
    () => `The arrears on your case are ${money()}. We may take enforcement action if this is not paid, such as taking money from earnings or from a bank account.`,
    () => `Your employer (employer reference E${digits(7)}) will take ${money()} from your pay each month from ${letterDate()} and send it to us.`,
    () => `We have sent your letter ${code('L')} to the address we hold for you. A copy of the email ${code('E')} is in your online account.`,
    () => `We have asked the third party (reference T${digits(7)}) for information about your income for the tax year ending ${letterDate()}.`,
    () => `Call us on ${phone()} if you have questions. Lines are open Monday to Friday, 8am to 7pm, and Saturday, 9am to 3pm. Text relay: 18001 then ${phone()}.`,
    () => `Write to us at Child Maintenance Service, PO Box ${int(100, 999)}, Leeds ${postcode()}. Please quote your reference ${scin()} in any letter you send.`,
    () => `This email was sent about template CMSL${int(1000, 9999)}. Do not reply to this email: the mailbox is not monitored.`,
  ];
  const bodies: string[] = [];
  let plantedCount = 0;
  for (let i = 0; i < count; i++) {
    const parts = [`Dear ${pick(names)},`, `Case number: ${caseNumber()}`, `Your reference: ${scin()}`];
    parts.push(`Date: ${letterDate()}`);
    let length = parts.join('\n\n').length;
    const target = int(1900, 2150);
    const plantAt = random() < 0.25 ? int(1, 6) : -1;
    for (let p = 0; length < target - 120; p++) {
      const paragraph = p === plantAt ? pick(planted)() : pick(paragraphs)();
      parts.push(paragraph);
      length += paragraph.length + 2;
    }
    if (plantAt >= 0) plantedCount++;
    parts.push('Yours sincerely,\n\nChild Maintenance Service\nhttps://www.gov.uk/child-maintenance-service');
    bodies.push(parts.join('\n\n'));
  }
  return { bodies, planted: plantedCount };
}

// ---------------------------------------------------------------------------------------------------------

const us = (value: number): string => value.toFixed(2);

export async function runPiiScan(): Promise<void> {
  const { bodies, planted } = generateBodies(bodyCount);
  const averageBytes = bodies.reduce((sum, b) => sum + Buffer.byteLength(b), 0) / bodies.length;
  console.log(`pii-scan: ${bodies.length} bodies, ${averageBytes.toFixed(0)} B on average, ${planted} with planted data`);

  // Both must find the same kinds on every body, and every planted body must be caught.
  const perKind = new Map<string, number>();
  let flagged = 0;
  for (const body of bodies) {
    const ours = findPersonalData(body, { today });
    const theirs = baselineFind(body, today);
    if (ours.join('|') !== theirs.join('|')) {
      throw new Error(`pii-scan: ours found [${ours.join(', ')}], the baseline [${theirs.join(', ')}] in:\n${body}`);
    }
    if (ours.length > 0) flagged++;
    for (const kind of ours) perKind.set(kind, (perKind.get(kind) ?? 0) + 1);
  }
  if (flagged !== planted) throw new Error(`pii-scan: ${flagged} bodies flagged, ${planted} planted`);
  const counts = [...perKind].map(([kind, n]) => `${kind} ${n}`).join(', ');
  console.log(`pii-scan: both find the same kinds on every body; ${flagged} flagged: ${counts}`);

  const oursUs: number[] = [];
  const baselineUs: number[] = [];
  let sink = 0; // keeps the results alive, so no call is optimised away
  const timeOne = (scan: () => PersonalDataKind[]): number => {
    const start = performance.now();
    sink += scan().length;
    return (performance.now() - start) * 1000;
  };
  for (let round = 0; round < warmUpRounds + rounds; round++) {
    const record = round >= warmUpRounds;
    for (let i = 0; i < bodies.length; i++) {
      const body = bodies[i]!;
      const ours = () => findPersonalData(body, { today });
      const theirs = () => baselineFind(body, today);
      let o: number;
      let b: number;
      if ((round + i) % 2 === 0) {
        o = timeOne(ours);
        b = timeOne(theirs);
      } else {
        b = timeOne(theirs);
        o = timeOne(ours);
      }
      if (record) {
        oursUs.push(o);
        baselineUs.push(b);
      }
    }
  }
  if (sink < 0) console.log(sink);

  const stats = (values: number[]) => [50, 90, 99].map((p) => percentile(values, p)).concat(Math.max(...values));
  const o = stats(oursUs);
  const b = stats(baselineUs);
  console.log(`pii-scan: ${rounds} interleaved rounds x ${bodies.length} bodies after ${warmUpRounds} warm-up rounds`);
  console.log(
    table(
      ['scanner (us per ~2 KB body)', 'p50', 'p90', 'p99', 'max'],
      [
        ['findPersonalData: one combined regex', ...o.map(us)],
        ['baseline: each pattern separately', ...b.map(us)],
      ],
    ),
  );
  const [p50, , p99] = o as [number, number, number];
  const p99Ratio = p99 / b[2]!;
  console.log(`pii-scan: p50 ${us(p50)} us (baseline ${us(b[0]!)} us, ratio ${ratio(p50 / b[0]!)})`);
  const verdict = p99 <= p99TargetUs ? 'PASS' : 'MISSED';
  console.log(`pii-scan: p99 ${us(p99)} us ${verdict} (target p99 <= ${p99TargetUs} us per 2 KB body)`);
  console.log('');
  console.log(summaryLine('pii-scan-p99', us(p99), 'us', p99Ratio, 'each pattern separately'));
}
