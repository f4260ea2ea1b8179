/**
 * Personal data that must never reach a client in an email body. Pure and fast: one pass of one combined
 * regex over the text, plus a little arithmetic on the few candidates it stops at. It answers which kinds it
 * found, never the matched text: callers put the kinds into an error message, and the data must not be echoed.
 */

export const personalDataKinds = [
  'National Insurance number',
  'date of birth',
  'sort code and account number',
  'building society roll number',
  'payment card number',
] as const;
export type PersonalDataKind = (typeof personalDataKinds)[number];

const NINO = 1;
const DATE_OF_BIRTH = 2;
const BANK = 4;
const ROLL = 8;
const CARD = 16;
const ALL = 31;

/** How far after a birth keyword a date counts as a date of birth, in characters. */
export const birthKeywordReach = 40;
/** How close a sort code and an 8-digit account number must be, either order, in characters. */
export const sortCodeAccountReach = 60;

const months =
  'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
const ordinal = '(?:st|nd|rd|th)?';
// Put just after a number's first digit: no letter, digit or '+' before it, and it is not the tail of 1.5,
// 1,000, 3/10 or 10:30.
const afterFirstDigit = String.raw`(?<![\w+]\d|\d[/.,:]\d)`;
// At a number's end: no letter or digit follows, nor a decimal, thousands, date or time continuation.
const numberEnd = String.raw`(?![\w]|[/.,:]\d)`;
// One space (a no-break space too: text pasted from a word processor has them) and, between digit groups, a hyphen.
const space = String.raw`[ \u00a0]`;
const separator = String.raw`[ \u00a0-]`;
// Further groups of a number, each after one separator; not the day of a written date (3000000101 25 May 2026).
const moreGroups = String.raw`(?:${separator}(?:\d{3,}|\d\d?(?!(?:\s+of)?\s+(?:${months})\b\.?,?\s+\d{4}\b)))*`;

/*
 * One combined regex, case-insensitive, global: one pass over the text. At each position the alternatives are
 * tried in this order and the first that matches consumes its text, so a date is never also read as a run of
 * digits, and the digits of a NINO or of an international phone number never again as a sort code or a card.
 *
 * Every alternative but the three keywords starts by consuming a digit (or '+', '('), and what comes before it (a
 * NINO's prefix letters, a written date's month) is checked by a lookbehind after that digit. That lets V8 skip
 * the letters in between without trying each alternative at each position. Measured with `npm run bench --
 * pii-scan` (400 generated ~2 KB Notify-style bodies, node 24, x64, a busy 2-core box): the regex alone went from
 * ~10 us to ~7 us per body when the NINO and month-first dates moved from letter-first to digit-first; a whole
 * call is p50 ~11 us, p99 ~35-40 us (the tail is the box: the p99 of per-body medians is ~12 us), against p50
 * ~30 us, p99 ~70-100 us for the bench's baseline (each kind's patterns applied separately: 11 regexes, each a
 * full scan). Target: p99 <= 200 us per 2 KB body. A pre-check such as "a run of 6+ digits" does not pay: dates
 * of birth ("DOB 3/10/85") have no such run, and almost every email has one anyway (the SCIN, the case number).
 */
const alternatives = [
  // 1: NINO at its first digit, HMRC's rules on the prefix: first letter not D F I Q U V, second not D F I O Q U V,
  // and BG GB KN NK NT TN ZZ are not allocated. Six digits, suffix A-D; spaces optional.
  String.raw`(\d(?<=\b(?!bg|gb|kn|nk|nt|tn|zz)[a-ceghj-pr-tw-z][a-ceghj-npr-tw-z]${space}?\d)` +
    String.raw`\d${space}?\d\d${space}?\d\d${space}?[a-d]\b)`,
  // 2: phone numbers whose digits do not start with a 0 (those never pass for a card anyway): +44 113 496 0123,
  // (0113) 496 0123. Ignored, up to 15 digits after a '+' (E.164) or 11 after a bracket; the scan resumes beyond.
  String.raw`(\+\d+${moreGroups}|\(0\d*\)${separator}?\d+${moreGroups})`,
  // 3-5: written date, day first: 3 October 1985, 3rd Oct 1985, the 3rd of October, 1985.
  String.raw`(\d(?<!\w\d)\d?)${ordinal}(?:\s+of)?\s+(${months})\b\.?,?\s+(\d{4})\b`,
  // 6-8: written date, month first, at the day: October 3, 1985.
  String.raw`(\d(?<=\b(${months})\b\.?\s+\d)\d?)${ordinal},?\s+(\d{4})\b`,
  // 9-12: numeric date, day first: 03/10/1985, 3-10-1985, 3.10.85 (the same separator twice).
  String.raw`(\d${afterFirstDigit}\d?)([/.-])(\d{1,2})\10(\d{4}|\d\d)${numberEnd}(?!-\d)`,
  // 13-16: numeric date, year first: 1985-10-03, 1985/10/03.
  String.raw`(\d${afterFirstDigit}\d{3})([/.-])(\d{1,2})\14(\d{1,2})${numberEnd}(?!-\d)`,
  // 17: any other run of digits, groups joined by one space or hyphen: sort codes, account and card numbers.
  String.raw`(\d${afterFirstDigit}\d*${moreGroups})${numberEnd}`,
  // 18: a birth keyword (born, birth, birthday, date of birth, DOB, D.O.B.): dates soon after are dates of birth.
  String.raw`\b(?:(born\b|birth|d\.?o\.?b\b\.?)`,
  // 19: "account number", "account no", "acc no", "a/c no" and what follows it up to the first digit.
  String.raw`((?:account\s+(?:number|no\b\.?)|acc\.?\s*no\b\.?|a/c\s*no\b\.?)[^\d\n]{0,12}?(?=\d))`,
  // 20: a building society roll number: the keyword, then a token containing digits (A/123456789, 1234-567890).
  String.raw`(roll\s+(?:numbers?|no\b\.?|ref(?:erence)?\b\.?)[^\d\n]{0,16}?\d[\w/.-]*))`,
].join('|');
const scanner = new RegExp(alternatives, 'gi');

const monthNumber: Record<string, number> = { ja: 1, fe: 2, ap: 4, au: 8, se: 9, oc: 10, no: 11, de: 12 };
/** The month of a name the scanner matched; "mar"/"may" and "jun"/"jul" share two letters, the third tells. */
const monthOf = (name: string): number => {
  const key = name.toLowerCase();
  const first = key.slice(0, 2);
  if (first === 'ma') return key[2] === 'y' ? 5 : 3;
  if (first === 'ju') return key[2] === 'n' ? 6 : 7;
  return monthNumber[first]!;
};

const isLeapYear = (year: number): boolean => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
const daysInMonth = (year: number, month: number): number =>
  month === 2 ? (isLeapYear(year) ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;

/** yyyymmdd of a valid calendar date, or -1. */
function dateKey(year: number, month: number, day: number): number {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return -1;
  return year * 10_000 + month * 100 + day;
}

const oldDateKey = 2000_01_01; // any full date before this is an adult's date of birth, not a 2012-scheme event

/** Luhn check over the digits of text[start, end), skipping separators. */
function luhnValid(text: string, start: number, end: number): boolean {
  let sum = 0;
  let double = false;
  for (let i = end - 1; i >= start; i--) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) continue;
    if (double) sum += c > 4 ? c * 2 - 9 : c * 2;
    else sum += c;
    double = !double;
  }
  return sum % 10 === 0;
}

// Group lengths and separators of the current run of digits (the scanner is synchronous, so one buffer will do).
const groupLength: number[] = [];
const groupSeparator: number[] = [];

/** Splits text[start, end) into its digit groups; answers how many there are. */
function splitGroups(text: string, start: number, end: number): number {
  let groups = 0;
  let length = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) length++;
    else {
      groupLength[groups] = length;
      groupSeparator[groups] = c === 160 ? 32 : c; // a no-break space is a space
      groups++;
      length = 0;
    }
  }
  groupLength[groups] = length;
  return groups + 1;
}

/**
 * Where the phone number in text[start, end) ends: after the last group that keeps it within `maxDigits`. A run
 * of digit groups after it (+44 113 496 0123 4111 1111 1111 1111) is scanned again, as what it is.
 */
function phoneEnd(text: string, start: number, end: number, maxDigits: number): number {
  let digits = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if ((c === 32 || c === 160 || c === 45) && digits > 0) {
      // A separator between groups: stop here if the next group would take the number past its length.
      let next = 0;
      for (let j = i + 1; j < end && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57; j++) next++;
      if (digits <= maxDigits && digits + next > maxDigits) return i + 1;
    }
  }
  return end;
}

/** Whether groups [from, from + count) are a sort code: NNNNNN, or NN-NN-NN / NN NN NN with one separator. */
const isSortCode = (from: number, count: number): boolean =>
  count === 1
    ? groupLength[from] === 6
    : count === 3 &&
      groupLength[from] === 2 &&
      groupLength[from + 1] === 2 &&
      groupLength[from + 2] === 2 &&
      groupSeparator[from] === groupSeparator[from + 1];

export interface PersonalDataOptions {
  /** For dates after a birth keyword (a date of birth is not in the future) and two-digit years. Default: now. */
  readonly today?: Date;
}

/**
 * The kinds of personal data in `text`, each once, in the order of personalDataKinds; never the data itself.
 * - National Insurance number: HMRC's format (allocated prefix, six digits, suffix A-D), spaced or not, any case.
 * - Date of birth: a full date (03/10/1985, 3-10-85, 1985-10-03, 3 October 1985, 3rd Oct 1985, October 3, 1985)
 *   before 1 January 2000, or one within 40 characters after born, birth(day), date of birth, DOB or D.O.B. that is
 *   not after today (a deadline after "birth certificate" is not one). A two-digit year counts only after a
 *   keyword, and is read as the latest year not after today's.
 * - Sort code and account number: a sort code (12-34-56, 12 34 56, 123456) within 60 characters of an 8-digit
 *   number, either order; or "account number", "account no", "acc no", "a/c no" followed by 6-10 digits.
 * - Building society roll number: "roll number", "roll no", "roll ref" followed by a token containing digits.
 * - Payment card number: 12-19 digits, grouped by single spaces or by single hyphens or not, first digit 2-6,
 *   Luhn-valid, not in a phone number (+44..., (0113)...) and not part of a longer run of digits or letters; a run
 *   shaped like a sort code and account number (12-34-56 12345678) is that, not a card.
 */
export function findPersonalData(text: string, options?: PersonalDataOptions): PersonalDataKind[] {
  let found = 0;
  let birthEnd = -Infinity; // where the last birth keyword ended
  let accountKeywordEnd = -1; // where the digits after the last "account number" start
  let sortCodeEnd = -Infinity; // where the last lone sort code ended
  let accountEnd = -Infinity; // where the last lone 8-digit account number ended
  let todayKey = 0; // computed on first use
  const today = (): number => {
    if (todayKey === 0) {
      const now = options?.today ?? new Date();
      todayKey = now.getUTCFullYear() * 10_000 + (now.getUTCMonth() + 1) * 100 + now.getUTCDate();
    }
    return todayKey;
  };
  /** A full date at `start`: a date of birth if before 2000, or after a birth keyword and not in the future. */
  const date = (start: number, year: number, month: number, day: number, twoDigitYear: boolean): void => {
    if (twoDigitYear) {
      if (start - birthEnd > birthKeywordReach) return;
      const yy = Math.floor(today() / 10_000) % 100;
      year += year <= yy ? 2000 : 1900;
    }
    const key = dateKey(year, month, day);
    if (key < 0) return;
    const old = key < oldDateKey && !twoDigitYear;
    if (old || (start - birthEnd <= birthKeywordReach && key <= today())) found |= DATE_OF_BIRTH;
  };
  const sortCode = (start: number, end: number): void => {
    if (start - accountEnd <= sortCodeAccountReach) found |= BANK;
    sortCodeEnd = end;
  };

  scanner.lastIndex = 0;
  let m: RegExpExecArray | null;
  while (found !== ALL && (m = scanner.exec(text)) !== null) {
    const start = m.index;
    if (m[17] !== undefined) {
      const end = start + m[0].length;
      const groups = splitGroups(text, start, end);
      let digits = 0;
      for (let g = 0; g < groups; g++) digits += groupLength[g]!;
      if (start === accountKeywordEnd && digits >= 6 && digits <= 10) found |= BANK;
      const last = groups - 1;
      if (isSortCode(0, groups)) sortCode(start, end);
      else if (groups === 1 && digits === 8) {
        if (start - sortCodeEnd <= sortCodeAccountReach) found |= BANK;
        accountEnd = end;
      } else if (
        // Sort code and account number together, either order: 12-34-56 12345678, 12345678 123456.
        (groupLength[last] === 8 && isSortCode(0, last)) ||
        (groupLength[0] === 8 && isSortCode(1, last))
      ) {
        found |= BANK;
      } else if (digits >= 12 && digits <= 19) {
        const first = text.charCodeAt(start);
        let oneSeparator = true; // 4111 1111 1111 1111 or 4111-1111-1111-1111, not 3000000101 2026-11-14
        for (let g = 1; g < last; g++) oneSeparator &&= groupSeparator[g] === groupSeparator[0];
        if (oneSeparator && first >= 50 && first <= 54 && luhnValid(text, start, end)) found |= CARD;
      }
    } else if (m[1] !== undefined) found |= NINO;
    else if (m[2] !== undefined) {
      scanner.lastIndex = phoneEnd(text, start, start + m[0].length, m[2][0] === '+' ? 15 : 11);
    } else if (m[3] !== undefined) date(start, Number(m[5]), monthOf(m[4]!), Number(m[3]), false);
    else if (m[6] !== undefined) date(start, Number(m[8]), monthOf(m[7]!), Number(m[6]), false);
    else if (m[9] !== undefined) {
      const yearDigits = m[12]!;
      date(start, Number(yearDigits), Number(m[11]), Number(m[9]), yearDigits.length === 2);
      // 12-34-56 is a sort code, and so is 20-10-53 whatever date it looks like.
      const sortCodeShaped = m[10] === '-' && yearDigits.length === 2 && m[9].length === 2 && m[11]!.length === 2;
      if (sortCodeShaped) sortCode(start, start + m[0].length);
    } else if (m[13] !== undefined) date(start, Number(m[13]), Number(m[15]), Number(m[16]), false);
    else if (m[18] !== undefined) birthEnd = start + m[0].length;
    else if (m[19] !== undefined) accountKeywordEnd = start + m[0].length;
    else found |= ROLL;
  }
  const kinds: PersonalDataKind[] = [];
  for (let i = 0; found !== 0 && i < personalDataKinds.length; i++) {
    if (found & (1 << i)) kinds.push(personalDataKinds[i]!);
  }
  return kinds;
}
