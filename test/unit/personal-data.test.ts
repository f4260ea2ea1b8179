import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  findPersonalData,
  personalDataKinds,
  type PersonalDataKind,
} from '../../functions/correspondence/domain/personal-data.ts';

/** The personal-data scanner for outbound emails: each kind, ordinary letter text, and generated text. */

const today = new Date('2026-11-23T10:00:00Z');
const scan = (text: string): PersonalDataKind[] => findPersonalData(text, { today });

const NINO: PersonalDataKind = 'National Insurance number';
const DOB: PersonalDataKind = 'date of birth';
const BANK: PersonalDataKind = 'sort code and account number';
const ROLL: PersonalDataKind = 'building society roll number';
const CARD: PersonalDataKind = 'payment card number';

/** The kinds found in `text`, checking on the way that the answer never carries the data itself. */
function kindsIn(text: string, secret: string): PersonalDataKind[] {
  const kinds = scan(text);
  const answer = JSON.stringify(kinds);
  expect(answer).not.toContain(secret);
  const digits = secret.replace(/\D/g, '');
  if (digits.length >= 4) expect(answer.replace(/\D/g, '')).not.toContain(digits);
  for (const kind of kinds) expect(personalDataKinds).toContain(kind);
  return kinds;
}

const luhnCheckDigit = (partial: string): string => {
  for (let check = 0; check <= 9; check++) {
    const digits = partial + String(check);
    let sum = 0;
    for (let i = 0; i < digits.length; i++) {
      const d = Number(digits[digits.length - 1 - i]);
      sum += i % 2 === 1 ? (d > 4 ? d * 2 - 9 : d * 2) : d;
    }
    if (sum % 10 === 0) return String(check);
  }
  throw new Error('unreachable');
};

describe('National Insurance numbers', () => {
  it.each([
    ['AB123456C', 'Your National Insurance number is AB123456C.'],
    ['AB 12 34 56 C', 'NI number: AB 12 34 56 C'],
    ['ce 65 43 21 d', 'we hold ce 65 43 21 d for you'],
    ['JH123456A', '(JH123456A)'],
    ['WX 123456 B', 'NINO WX 123456 B, thanks'],
    ['PR12 34 56A', 'PR12 34 56A'],
  ])('finds %s', (nino, text) => {
    expect(kindsIn(text, nino)).toEqual([NINO]);
  });

  it.each([
    ['a first letter that is never allocated', ...['DA', 'FA', 'IA', 'QA', 'UA', 'VA'].map((p) => `${p}123456C`)],
    ['a second letter that is never allocated', ...['AD', 'AF', 'AI', 'AO', 'AQ', 'AU', 'AV'].map((p) => `${p}123456C`)],
    ['an unallocated prefix', ...['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ'].map((p) => `${p}123456C`)],
    ['a suffix other than A-D', 'AB123456E', 'AB123456Z', 'AB 12 34 56 E'],
    ['the wrong number of digits', 'AB12345C', 'AB1234567C'],
    ['part of a longer word', 'XAB123456C', 'AB123456CD', 'AB123456C7'],
  ])('ignores %s', (_why, ...candidates) => {
    for (const candidate of candidates) expect(scan(`Reference ${candidate} here`), candidate).toEqual([]);
  });
});

describe('dates of birth', () => {
  it.each([
    ['after "born"', 'You told us your son was born on 14/11/2026.'],
    ['after "date of birth"', 'Date of birth: 3 October 2026'],
    ['after "DOB", two-digit year', 'DOB 03/10/85'],
    ['after "D.O.B.", ordinal', 'D.O.B. 3rd Oct 2019'],
    ['after "birthday", month first', 'Her birthday is October 3, 2015'],
    ['after "birth", ISO', 'Registered birth: 2016-05-01'],
    ['any date before 2000, numeric', 'Recorded as 03/10/1985.'],
    ['any date before 2000, hyphens', 'Recorded as 3-10-1985.'],
    ['any date before 2000, ISO', 'Recorded as 1985-10-03.'],
    ['any date before 2000, written', 'Recorded as 3 October 1985.'],
    ['any date before 2000, abbreviated', 'Recorded as 3rd Oct 1985.'],
    ['any date before 2000, month first', 'Recorded as October 3, 1985.'],
    ['two-digit year of this century after a keyword', 'DOB 01/02/15'],
  ])('finds one %s', (_why, text) => {
    expect(kindsIn(text, text.match(/\d[\d/.\-a-z ]*\d/i)![0])).toEqual([DOB]);
  });

  it.each([
    ['a recent letter date', 'We wrote to you on 3 October 2026 and 14/11/2026.'],
    ['an ISO letter date', 'Issued 2026-11-14.'],
    ['a deadline after a birth keyword (in the future)', 'Send us the birth certificate by 14/12/2026.'],
    ['a date far after the keyword', 'Tell us about the birth. We need to hear from you about this by 1 March 2026.'],
    ['a two-digit year without a keyword', 'Your reference 03/10/85 is noted.'],
    ['an impossible date', 'Recorded as 31/02/1985 and 30 February 1990.'],
    ['a month and year only', 'Since October 1985.'],
  ])('ignores %s', (_why, text) => {
    expect(scan(text)).toEqual([]);
  });

  it('reads a date after a keyword against the today it is given', () => {
    const text = 'Date of birth: 14/11/2026';
    expect(findPersonalData(text, { today: new Date('2026-11-23T00:00:00Z') })).toEqual([DOB]);
    expect(findPersonalData(text, { today: new Date('2026-11-01T00:00:00Z') })).toEqual([]);
  });
});

describe('sort codes with account numbers', () => {
  it.each([
    ['sort code then account', 'Sort code 12-34-56, account 12345678.'],
    ['account then sort code', 'Account 12345678 (sort code 12 34 56)'],
    ['together', 'Pay into 12-34-56 12345678 please'],
    ['six plain digits', 'Sort code 123456 and account number follows: 87654321'],
    ['a sort code that looks like a date', 'Sort code 20-10-53 account 00123456'],
    ['"account number" and 8 digits', 'Your account number is 12345678.'],
    ['"acc no" and 6 digits', 'acc no: 123456'],
    ['"account no." and 10 digits', 'Account no. 1234567890'],
  ])('finds %s', (_why, text) => {
    expect(kindsIn(text, text.match(/\d[\d -]*\d/)![0])).toEqual([BANK]);
  });

  it.each([
    ['a sort code alone', 'Sort code 12-34-56 is for Leeds.'],
    ['an 8-digit number alone', 'Item 12345678 was posted.'],
    ['a sort code far from the number', `Sort code 12-34-56. ${'This sentence is only here to be long. '.repeat(2)}12345678`],
    ['"account number" and too few digits', 'The account number ending 1234 is closed.'],
    ['a 6-digit group inside a phone number', 'Call 07700 900123 about 12345678.'],
  ])('ignores %s', (_why, text) => {
    expect(scan(text)).toEqual([]);
  });
});

describe('building society roll numbers', () => {
  it.each([
    ['A/123456789', 'Building society roll number A/123456789.'],
    ['1234-567890', 'Roll no. 1234-567890'],
    ['R12345678', 'roll ref: R12345678'],
    ['XYZ 9876543', 'Your roll number is XYZ 9876543'],
  ])('finds %s', (roll, text) => {
    expect(kindsIn(text, roll)).toEqual([ROLL]);
  });

  it('ignores a roll number with no digits, and rolls of other kinds', () => {
    expect(scan('Please find your roll number on your passbook.')).toEqual([]);
    expect(scan('The electoral roll shows 3 people.')).toEqual([]);
  });
});

describe('payment card numbers', () => {
  it.each([
    ['plain 16', '4111111111111111'],
    ['spaced 16', '4111 1111 1111 1111'],
    ['hyphenated 16', '5500-0000-0000-0004'],
    ['15 (4-6-5)', '3782 822463 10005'],
    ['12', '601100000000'.slice(0, 11) + luhnCheckDigit('60110000000')],
    ['19', '6' + '0'.repeat(17) + luhnCheckDigit('6' + '0'.repeat(17))],
  ])('finds %s', (_why, card) => {
    expect(kindsIn(`The card ${card} was declined.`, card)).toEqual([CARD]);
  });

  it.each([
    ['Luhn-invalid', '4111 1111 1111 1112'],
    ['starting with 1', '1111 1111 1111 1117'],
    ['starting with 7', '7111 1111 1111 1114'],
    ['starting with 0', '0111 1111 1111 1119'],
    ['11 digits', '4111 1111 113'],
    ['20 digits', '4111 1111 1111 1111 1111'],
    ['after a +', '+44 4111 1111 1111 1111'],
    ['in a letter run', 'X4111111111111111'],
    ['doubly spaced', '4111  1111  1111  1111'],
  ])('ignores one %s', (_why, number) => {
    expect(scan(`Number ${number} here.`)).toEqual([]);
  });
});

describe('ordinary letter text', () => {
  it.each([
    ['CMS case numbers', 'Your case number is 1-2000000101. Case 1-2143476081 is closed.'],
    ['SCINs', 'Reference 3000000101, other parent 2345678901.'],
    ['TRNs and ERNs', 'Third party T1234567, employer E1234567.'],
    ['SR numbers and correspondence ids', 'SR-7K3M9Q2X, letter L-7K3M9Q2X, email E-7K3M9Q2X.'],
    ['landline numbers', 'Call 0113 496 0123, 01134960123, (0113) 496 0123 or 0800 232 1234.'],
    ['international numbers', 'From abroad: +44 113 496 0123, +44 (0)113 496 0123, +441134960123, +44 7700 900123.'],
    ['mobile numbers', 'Text 07700 900123 or 07700900123 or 07700-900-123.'],
    ['postcodes', 'Leeds LS1 2NE, Bradford BD1 1AA, London SW1A 2AA.'],
    ['money', 'You owe £1,234.56; pay £45.20 a week, or £1,000,000.00 in all, or £300.'],
    ['letter dates', 'On 3 October 2026, 3rd Oct 2026, 14/11/2026, 2026-11-14, October 3, 2026.'],
    ['template ids', 'Template CMSL5515 and CMSL2040.'],
    ['times and years', 'Open 8am to 7pm, 10:30 to 16:00, since 2012, in 2026.'],
  ])('raises nothing on %s', (_why, text) => {
    expect(scan(text)).toEqual([]);
  });

  it('reads no-break spaces (text pasted from a word processor) as spaces', () => {
    const nbsp = (text: string) => text.replaceAll(' ', '\u00a0');
    expect(scan(nbsp('NI number AB 12 34 56 C'))).toEqual([NINO]);
    expect(scan(`card ${nbsp('4111 1111')} ${nbsp('1111 1111')}`)).toEqual([CARD]);
    expect(scan(`pay ${nbsp('12 34 56')} 12345678`)).toEqual([BANK]);
    expect(scan(nbsp('Call +44 113 496 0123 or 0113 496 0123 about 3 October 2026.'))).toEqual([]);
  });

  it('takes time linear in the length of adversarial text', () => {
    for (const unit of ['1 ', '12-', '1111', 'a1 ', '+1 ', '(0', 'born 1', '12/', '1 may ', 'account no ', 'roll no ']) {
      const text = unit.repeat(Math.ceil(200_000 / unit.length));
      const started = performance.now();
      scan(text);
      expect(performance.now() - started, unit).toBeLessThan(500);
    }
  });

  it('answers every kind at once, in order, and answers the same when asked again', () => {
    const text = 'DOB 3/10/85; roll no A/1; card 4111 1111 1111 1111; NINO AB123456C; sort code 12-34-56 acc 12345678';
    expect(scan(text)).toEqual([...personalDataKinds]);
    expect(scan(text)).toEqual([...personalDataKinds]);
    expect(scan('')).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Generated text.

const words = [
  ...['we', 'have', 'your', 'letter', 'about', 'the', 'case', 'please', 'contact', 'us'],
  ...['payment', 'may', 'week', 'child', 'maintenance', 'service', 'thank', 'you', 'for', 'and'],
];
const sentence = fc
  .array(fc.constantFrom(...words), { minLength: 0, maxLength: 12 })
  .map((ws) => (ws.length === 0 ? '' : `${ws.join(' ')}${ws.length % 3 === 0 ? '.' : ','}`));

/** `thing` in the middle of ordinary words, after a space, a newline or a colon, or in brackets. */
const embed = (thing: fc.Arbitrary<string>) =>
  fc
    .tuple(sentence, thing, sentence, fc.constantFrom(['', ''], ['\n', ''], [': ', ''], ['(', ')']))
    .map(([before, it, after, [open, close]]) => ({ it, text: `${before} ${open}${it}${close} ${after}` }));

const digitString = (length: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: length, maxLength: length }).map((ds) => ds.join(''));
const characters = (alphabet: string, length: number) =>
  fc.array(fc.constantFrom(...alphabet), { minLength: length, maxLength: length }).map((cs) => cs.join(''));

const unallocated = ['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ'];
const ninoPrefix = fc
  .tuple(fc.constantFrom(...'ABCEGHJKLMNOPRSTWXYZ'), fc.constantFrom(...'ABCEGHJKLMNPRSTWXYZ'))
  .map(([first, second]) => first + second)
  .filter((prefix) => !unallocated.includes(prefix));
const nino = fc
  .record({ prefix: ninoPrefix, digits: digitString(6), suffix: fc.constantFrom(...'ABCD'), spaced: fc.boolean(), lower: fc.boolean() })
  .map(({ prefix, digits, suffix, spaced, lower }) => {
    const pairs = `${digits.slice(0, 2)} ${digits.slice(2, 4)} ${digits.slice(4)}`;
    const text = spaced ? `${prefix} ${pairs} ${suffix}` : `${prefix}${digits}${suffix}`;
    return lower ? text.toLowerCase() : text;
  });

const card = fc
  .record({
    first: fc.integer({ min: 2, max: 6 }),
    length: fc.integer({ min: 12, max: 19 }),
    rest: digitString(17),
    format: fc.constantFrom('plain', 'spaced', 'hyphenated'),
  })
  .map(({ first, length, rest, format }) => {
    const partial = String(first) + rest.slice(0, length - 2);
    const digits = partial + luhnCheckDigit(partial);
    if (format === 'plain') return digits;
    return digits.replace(/(\d{4})(?=\d)/g, format === 'spaced' ? '$1 ' : '$1-');
  });

const monthNames = [
  ...['January', 'February', 'March', 'April', 'May', 'June'],
  ...['July', 'August', 'September', 'October', 'November', 'December'],
];
const two = (n: number) => String(n).padStart(2, '0');
const referenceCharacters = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
const caseReference = digitString(9).map((d) => `case number 1-2${d}`);
const scin = fc.tuple(fc.integer({ min: 1, max: 9 }), digitString(9)).map(([first, rest]) => `${first}${rest}`);
const trnOrErn = fc.tuple(fc.constantFrom('TRN T', 'ERN E', 'T', 'E'), digitString(7)).map(([p, d]) => p + d);
const srOrCorrespondenceId = fc.tuple(fc.constantFrom('SR', 'L', 'E'), characters(referenceCharacters, 8)).map(([p, s]) => `${p}-${s}`);
const phone = fc.tuple(digitString(4), digitString(3), fc.integer({ min: 0, max: 8 })).map(
  ([four, three, format]) =>
    [
      `0113 496 ${four}`,
      `0113496${four}`,
      `(0113) 496 ${four}`,
      `+44 113 496 ${four}`,
      `+44 (0)113 496 ${four}`,
      `+44113496${four}`,
      `07700 900${three}`,
      `+44 7700 900${three}`,
      `0800 232 ${four}`,
    ][format]!,
);
const postcode = fc
  .tuple(fc.constantFrom('LS', 'BD', 'M', 'SW1A ', 'EH'), fc.integer({ min: 1, max: 28 }), fc.integer({ min: 0, max: 9 }), characters('ABDNXZ', 2))
  .map(([area, district, sector, unit]) => (area.endsWith(' ') ? `${area.trim()} ${sector}${unit}` : `${area}${district} ${sector}${unit}`));
const money = fc
  .tuple(fc.integer({ min: 0, max: 999_999 }), fc.integer({ min: 0, max: 99 }), fc.constantFrom('', ' a week', ' a month'))
  .map(([pounds, pence, per]) => `£${pounds.toLocaleString('en-GB')}.${two(pence)}${per}`);
const letterDate = fc
  .tuple(fc.integer({ min: 2020, max: 2030 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), fc.integer({ min: 0, max: 4 }))
  .map(([y, m, d, format]) => {
    const month = monthNames[m - 1]!;
    return [`${d} ${month} ${y}`, `${two(d)}/${two(m)}/${y}`, `${y}-${two(m)}-${two(d)}`, `${d}th ${month.slice(0, 3)} ${y}`, `${month} ${d}, ${y}`][format]!;
  });
const templateId = fc.integer({ min: 1000, max: 9999 }).map((n) => `template CMSL${n}`);
const ordinary = fc.oneof(caseReference, scin, trnOrErn, srOrCorrespondenceId, phone, postcode, money, letterDate, templateId);
/** Words and ordinary references, sometimes next to each other with only a space between. */
const ordinaryLetter = fc
  .array(fc.tuple(sentence, ordinary, fc.constantFrom('. ', ', ', '; ', '\n', ' and ', ' ')), { minLength: 1, maxLength: 25 })
  .map((parts) => parts.map(([words, token, end]) => `${words ? `${words} ` : ''}${token}${end}`).join(''));

describe('generated text', () => {
  it('finds every valid National Insurance number, spaced or not, in ordinary sentences', () => {
    fc.assert(
      fc.property(embed(nino), ({ it: number, text }) => {
        expect(kindsIn(text, number)).toContain(NINO);
      }),
      { numRuns: 500 },
    );
  });

  it('finds every Luhn-valid card number of 12-19 digits starting 2-6, plain, spaced or hyphenated', () => {
    fc.assert(
      fc.property(embed(card), ({ it: number, text }) => {
        expect(kindsIn(text, number)).toContain(CARD);
      }),
      { numRuns: 500 },
    );
  });

  it('raises nothing on ordinary letter text (references, phone numbers, postcodes, money, letter dates)', () => {
    fc.assert(
      fc.property(ordinaryLetter, (text) => {
        expect(scan(text)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
