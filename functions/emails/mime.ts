/**
 * The email as raw MIME bytes: what SES sends is exactly what is stored in S3 with its SHA-256, as the
 * letters' PDFs are. multipart/alternative with a plain-text and an HTML part, both UTF-8 and base64,
 * so every byte is fixed by this function and no relay re-encodes it.
 */

export interface MimeInput {
  readonly from: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly date: Date;
  /** Unique per email and attempt: gives a stable boundary and an id for tracing. */
  readonly reference: string;
}

const wrap = (base64: string): string => base64.replace(/.{1,76}/g, '$&\r\n');
const encodedWord = (text: string): string => (/^[\x20-\x7e]*$/.test(text) ? text : `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`);
const addressOnly = (address: string): string => {
  if (/[\r\n<>,"]/.test(address)) throw new Error('An email address must be a single plain address');
  return address;
};

/** One base64 part of a multipart body. */
const part = (boundary: string, headers: readonly string[], bytes: Uint8Array | string): string =>
  [`--${boundary}`, ...headers, 'Content-Transfer-Encoding: base64', '', wrap(Buffer.from(bytes).toString('base64'))].join('\r\n');

/** The message: its headers, then the parts of a multipart body of the given kind. */
function multipart(input: Omit<MimeInput, 'text' | 'html'>, kind: 'alternative' | 'mixed', parts: (boundary: string) => string[]): Buffer {
  const boundary = `=_cms_${kind === 'mixed' ? 'mixed_' : ''}${input.reference.replace(/[^A-Za-z0-9]/g, '')}`;
  const message = [
    `From: ${addressOnly(input.from)}`,
    `To: ${addressOnly(input.to)}`,
    `Subject: ${encodedWord(input.subject)}`,
    `Date: ${input.date.toUTCString().replace('GMT', '+0000')}`,
    'MIME-Version: 1.0',
    `X-CMS-Reference: ${input.reference}`,
    `Content-Type: multipart/${kind}; boundary="${boundary}"`,
    '',
    ...parts(boundary),
    `--${boundary}--`,
    '',
  ].join('\r\n');
  return Buffer.from(message, 'utf8');
}

export const rawMessage = (input: MimeInput): Buffer =>
  multipart(input, 'alternative', (b) => [part(b, ['Content-Type: text/plain; charset=UTF-8'], input.text), part(b, ['Content-Type: text/html; charset=UTF-8'], input.html)]);

export interface MimeAttachment {
  readonly filename: string;
  readonly contentType: string;
  readonly bytes: Uint8Array;
}

/** A plain-text message with attachments (multipart/mixed), e.g. a pack of PDFs for the print inbox. */
export function rawMessageWithAttachments(input: Omit<MimeInput, 'html'> & { readonly attachments: readonly MimeAttachment[] }): Buffer {
  const safeName = (name: string) => name.replace(/[^A-Za-z0-9._-]/g, '_');
  return multipart(input, 'mixed', (b) => [
    part(b, ['Content-Type: text/plain; charset=UTF-8'], input.text),
    ...input.attachments.map((a) => part(b, [`Content-Type: ${a.contentType}; name="${safeName(a.filename)}"`, `Content-Disposition: attachment; filename="${safeName(a.filename)}"`], a.bytes)),
  ]);
}
