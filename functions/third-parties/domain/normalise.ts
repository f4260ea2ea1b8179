/**
 * Normal forms for comparing what a caller says with what is on record, and for lookup keys:
 * case, spacing, punctuation, postcode and phone formats do not matter.
 */

const ukPostcode = /^(GIR ?0AA|[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2})$/;
const outwardCode = /^[A-Z]{1,2}[0-9][A-Z0-9]?$/;

/** "ls1 4ap", "LS14AP" -> "LS1 4AP"; undefined when not a UK postcode. */
export function normalisePostcode(value: string): string | undefined {
  const compact = value.toUpperCase().replace(/[^A-Z0-9]/g, '');
  if (!ukPostcode.test(compact)) return undefined;
  return `${compact.slice(0, -3)} ${compact.slice(-3)}`;
}

export const isOutwardCode = (value: string): boolean => outwardCode.test(value.toUpperCase().replace(/\s/g, ''));

/** "+44 (0)113 496 0000", "0113-496 0000" -> "01134960000"; "+33 1 23 45 67 89" -> "+33123456789"; undefined when not a phone number. */
export function normalisePhone(value: string): string | undefined {
  if (!/^[0-9+()\-.\s]+$/.test(value)) return undefined;
  let digits = value.replace(/\(0\)/g, '').replace(/[^0-9+]/g, '');
  if (digits.startsWith('+44')) digits = `0${digits.slice(3)}`;
  else if (digits.startsWith('0044')) digits = `0${digits.slice(4)}`;
  if (/^0[1-9]\d{8,9}$/.test(digits)) return digits;
  if (/^\+[1-9]\d{6,14}$/.test(digits)) return digits;
  return undefined;
}

export const normaliseEmail = (value: string): string => value.trim().toLowerCase();

/** Lower case, "&" as "and", punctuation dropped, single spaces. */
export const normaliseText = (value: string): string =>
  value
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();

const stopWords = new Set(['and', 'the', 'of', 'for', 'to', 'in', 'at', 'on']);

/** The words of a name that lookups match on (at least two characters, no stop words), at most eight. */
export function nameWords(name: string): string[] {
  const words = normaliseText(name).split(' ').filter((w) => w.length >= 2 && !stopWords.has(w));
  return [...new Set(words)].slice(0, 8);
}
