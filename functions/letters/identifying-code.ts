import { crc32 } from 'node:zlib';
import { patterns } from '../platform/identifiers.ts';

/**
 * The payload of a letter's identifying code (the DataMatrix printed on every page), so a returned letter
 * can be recognised and routed: recipient name, case reference (SCIN / ERN / TRN), date of issue,
 * issuing office and correspondence id.
 *
 * Form (printable ASCII, compact so the DataMatrix stays small; about 70 characters, a 32x32 symbol):
 *
 *   CMS1|S|1234567890|20260501|CMS-LEEDS|L-7K3M9Q2X|Jane O'Brien|9F3A0C1E
 *   ver  type ref     date     office    corr. id   name          CRC32 of all before the last '|'
 *
 * Type is S (SCIN), E (ERN) or T (TRN); the date is YYYYMMDD. In a field, '|', '~' and every character
 * outside printable ASCII are written as '~' and two hex digits per UTF-8 byte ('é' is '~C3~A9'), so any
 * name goes through unchanged and the escaping is reversible. The decoder accepts only the canonical
 * form, checks every field's format and the CRC32, and refuses anything else with an
 * IdentifyingCodeError. The check value catches misreads and casual edits, not forgery: whoever acts on
 * a decoded payload still matches the correspondence id against the letter on record.
 */

export type CaseReferenceType = 'SCIN' | 'ERN' | 'TRN';

export interface IdentifyingCodeFields {
  readonly recipientName: string;
  readonly referenceType: CaseReferenceType;
  readonly referenceValue: string;
  /** YYYY-MM-DD */
  readonly issueDate: string;
  /** Short office code, e.g. CMS-LEEDS */
  readonly issuingOffice: string;
  /** e.g. L-7K3M9Q2X */
  readonly correspondenceId: string;
}

export class IdentifyingCodeError extends Error {
  override readonly name = 'IdentifyingCodeError';
}

const version = 'CMS1';
const separator = '|';
const maxNameLength = 120;
const typeCodes: Record<CaseReferenceType, string> = { SCIN: 'S', ERN: 'E', TRN: 'T' };
const typesByCode = new Map(Object.entries(typeCodes).map(([type, code]) => [code, type as CaseReferenceType]));
const referencePatterns: Record<CaseReferenceType, RegExp> = { SCIN: patterns.scin, ERN: patterns.ern, TRN: patterns.trn };
const officePattern = /^[A-Z0-9][A-Z0-9-]{1,23}$/;
const correspondenceIdPattern = /^L-[0-9A-HJKMNP-TV-Z]{8}$/;
const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;
const compactDate = /^(\d{4})(\d{2})(\d{2})$/;

const isRealDate = (y: string, m: string, d: string): boolean => {
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return date.getUTCFullYear() === Number(y) && date.getUTCMonth() === Number(m) - 1 && date.getUTCDate() === Number(d);
};

const checkValue = (body: string): string => crc32(body).toString(16).toUpperCase().padStart(8, '0');

const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function escapeField(value: string): string {
  let out = '';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (code >= 0x20 && code <= 0x7e && ch !== separator && ch !== '~') out += ch;
    else for (const byte of utf8.encode(ch)) out += `~${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function unescapeField(field: string, what: string): string {
  if (!/^(?:[\x20-\x7b\x7d]|~[0-9A-F]{2})*$/.test(field)) throw new IdentifyingCodeError(`identifying code: ${what} has a bad escape or a character outside printable ASCII`);
  const bytes: number[] = [];
  for (let i = 0; i < field.length; i++) {
    if (field[i] === '~') {
      bytes.push(parseInt(field.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(field.charCodeAt(i));
  }
  let value: string;
  try {
    value = strictUtf8.decode(new Uint8Array(bytes));
  } catch {
    throw new IdentifyingCodeError(`identifying code: ${what} is not valid UTF-8 once unescaped`);
  }
  if (escapeField(value) !== field) throw new IdentifyingCodeError(`identifying code: ${what} is not in canonical escaped form`);
  return value;
}

function validate(fields: IdentifyingCodeFields, fail: (message: string) => never): void {
  const { recipientName, referenceType, referenceValue, issueDate, issuingOffice, correspondenceId } = fields;
  if (typeof recipientName !== 'string' || recipientName.trim() === '') fail('recipient name is required');
  if (!recipientName.isWellFormed()) fail('recipient name is not well-formed Unicode (a lone surrogate)');
  if ([...recipientName].length > maxNameLength) fail(`recipient name is longer than ${maxNameLength} characters`);
  if (!(referenceType in referencePatterns)) fail(`reference type must be SCIN, ERN or TRN, not ${String(referenceType)}`);
  if (!referencePatterns[referenceType].test(referenceValue)) fail(`${referenceType} ${JSON.stringify(referenceValue)} is not well formed`);
  const date = isoDate.exec(issueDate);
  if (!date || !isRealDate(date[1]!, date[2]!, date[3]!)) fail(`date of issue ${JSON.stringify(issueDate)} is not a YYYY-MM-DD date`);
  if (!officePattern.test(issuingOffice)) fail(`issuing office ${JSON.stringify(issuingOffice)} must be a short code like CMS-LEEDS`);
  if (!correspondenceIdPattern.test(correspondenceId)) fail(`correspondence id ${JSON.stringify(correspondenceId)} must look like L-7K3M9Q2X`);
}

/** The payload string to draw as the letter's DataMatrix. Throws IdentifyingCodeError on a bad field. */
export function encodeIdentifyingCode(fields: IdentifyingCodeFields): string {
  validate(fields, (message) => {
    throw new IdentifyingCodeError(`cannot make the identifying code: ${message}`);
  });
  const body = [
    version,
    typeCodes[fields.referenceType],
    fields.referenceValue,
    fields.issueDate.replaceAll('-', ''),
    fields.issuingOffice,
    fields.correspondenceId,
    escapeField(fields.recipientName),
  ].join(separator);
  return `${body}${separator}${checkValue(body)}`;
}

/** The fields of a payload read from a letter. Throws IdentifyingCodeError if it is malformed or was altered. */
export function decodeIdentifyingCode(payload: string): IdentifyingCodeFields {
  const fail = (message: string): never => {
    throw new IdentifyingCodeError(`identifying code refused: ${message}`);
  };
  if (typeof payload !== 'string' || payload.length > 1000) fail('not a payload string of a sensible length');
  if (!payload.startsWith(`${version}${separator}`)) fail(`unknown version (expected it to start with ${version}${separator})`);
  const last = payload.lastIndexOf(separator);
  const body = payload.slice(0, last);
  const check = payload.slice(last + 1);
  if (!/^[0-9A-F]{8}$/.test(check)) fail('the check value is missing or malformed');
  if (checkValue(body) !== check) fail('the check value does not match (misread or altered)');
  const parts = body.split(separator);
  if (parts.length !== 7) fail(`expected 7 fields before the check value, found ${parts.length}`);
  const [, typeCode, referenceValue, date, issuingOffice, correspondenceId, name] = parts as [string, string, string, string, string, string, string];
  const referenceType = typesByCode.get(typeCode) ?? fail(`unknown reference type code ${JSON.stringify(typeCode)}`);
  const d = compactDate.exec(date) ?? fail(`date ${JSON.stringify(date)} is not YYYYMMDD`);
  const fields: IdentifyingCodeFields = {
    recipientName: unescapeField(name, 'recipient name'),
    referenceType,
    referenceValue,
    issueDate: `${d[1]}-${d[2]}-${d[3]}`,
    issuingOffice,
    correspondenceId,
  };
  validate(fields, fail);
  return fields;
}
