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

export function rawMessage(input: MimeInput): Buffer {
  const boundary = `=_cms_${input.reference.replace(/[^A-Za-z0-9]/g, '')}`;
  const part = (type: string, body: string) => [`--${boundary}`, `Content-Type: ${type}; charset=UTF-8`, 'Content-Transfer-Encoding: base64', '', wrap(Buffer.from(body, 'utf8').toString('base64'))].join('\r\n');
  const message = [
    `From: ${addressOnly(input.from)}`,
    `To: ${addressOnly(input.to)}`,
    `Subject: ${encodedWord(input.subject)}`,
    `Date: ${input.date.toUTCString().replace('GMT', '+0000')}`,
    'MIME-Version: 1.0',
    `X-CMS-Reference: ${input.reference}`,
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
    '',
    part('text/plain', input.text),
    part('text/html', input.html),
    `--${boundary}--`,
    '',
  ].join('\r\n');
  return Buffer.from(message, 'utf8');
}

export interface MimeAttachment {
  readonly filename: string;
  readonly contentType: string;
  readonly bytes: Uint8Array;
}

/** A plain-text message with attachments (multipart/mixed), e.g. a pack of PDFs for the print inbox. */
export function rawMessageWithAttachments(input: Omit<MimeInput, 'html'> & { readonly attachments: readonly MimeAttachment[] }): Buffer {
  const boundary = `=_cms_mixed_${input.reference.replace(/[^A-Za-z0-9]/g, '')}`;
  const safeName = (name: string) => name.replace(/[^A-Za-z0-9._-]/g, '_');
  const parts = [
    [`--${boundary}`, 'Content-Type: text/plain; charset=UTF-8', 'Content-Transfer-Encoding: base64', '', wrap(Buffer.from(input.text, 'utf8').toString('base64'))].join('\r\n'),
    ...input.attachments.map((a) =>
      [`--${boundary}`, `Content-Type: ${a.contentType}; name="${safeName(a.filename)}"`, 'Content-Transfer-Encoding: base64', `Content-Disposition: attachment; filename="${safeName(a.filename)}"`, '', wrap(Buffer.from(a.bytes).toString('base64'))].join('\r\n'),
    ),
  ];
  const message = [
    `From: ${addressOnly(input.from)}`,
    `To: ${addressOnly(input.to)}`,
    `Subject: ${encodedWord(input.subject)}`,
    `Date: ${input.date.toUTCString().replace('GMT', '+0000')}`,
    'MIME-Version: 1.0',
    `X-CMS-Reference: ${input.reference}`,
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    ...parts,
    `--${boundary}--`,
    '',
  ].join('\r\n');
  return Buffer.from(message, 'utf8');
}
