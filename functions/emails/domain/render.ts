import { findPersonalData } from '../../correspondence/domain/personal-data.ts';
import { Problem } from '../../platform/problem.ts';
import type { EmailTemplate, LineToTake } from '../template-schema.ts';

/**
 * An email as it will be sent: the template's read-only paragraphs with their merge fields filled from
 * the record, and the chosen approved lines where the template takes them. Plain text and an HTML part
 * in the style of GOV.UK Notify emails: one column, large type, no images, a language and a title.
 */

export interface MergeValues {
  readonly recipientName: string;
  readonly clientName?: string;
  readonly srNumber: string;
  readonly enquiryDate: string;
}

export interface EmailContent {
  readonly subject: string;
  readonly paragraphs: readonly string[];
  readonly text: string;
  readonly html: string;
}

const longDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });
export const enquiryDateText = (instant: Date): string => longDate.format(instant);

const fill = (text: string, values: MergeValues): string =>
  text.replace(/\{\{(\w+)\}\}/g, (_all, field: keyof MergeValues) => {
    const value = values[field];
    if (value === undefined) throw new Error(`No value for merge field ${field}`);
    return value;
  });

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function html(subject: string, paragraphs: readonly string[]): string {
  const p = (text: string) => `<p style="Margin: 0 0 20px 0; font-size: 19px; line-height: 25px; color: #0b0c0c;">${escapeHtml(text)}</p>`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    `<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family: Helvetica, Arial, sans-serif; font-size: 16px; margin: 0; color: #0b0c0c;">',
    '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse: collapse;"><tr><td style="background: #0b0c0c; padding: 12px 20px;">',
    '<span style="font-size: 28px; line-height: 1.3; font-weight: 700; color: #ffffff;">Child Maintenance Service</span></td></tr></table>',
    '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse: collapse; max-width: 580px;"><tr><td style="padding: 30px 20px 10px 20px;">',
    ...paragraphs.map(p),
    '</td></tr></table>',
    '</body>',
    '</html>',
  ].join('\n');
}

export function renderEmail(template: EmailTemplate, lines: readonly LineToTake[], values: MergeValues): EmailContent {
  const paragraphs = template.blocks.flatMap((block) => (block.type === 'fixed' ? [fill(block.text, values)] : lines.map((l) => l.text)));
  return { subject: template.subject, paragraphs, text: `${paragraphs.join('\n\n')}\n`, html: html(template.subject, paragraphs) };
}

/**
 * Personal data never leaves in an email: the rendered subject and body (merge values included) are
 * checked at generation, at approval and again just before sending. A hit names the kind of data,
 * never the data.
 */
export function assertNoPersonalData(content: Pick<EmailContent, 'subject' | 'text'>, stage: 'generation' | 'approval' | 'sending'): void {
  const found = findPersonalData(`${content.subject}\n${content.text}`);
  if (found.length === 0) return;
  throw new Problem('businessRule', `The email contains personal data (${found.join(', ')}) and cannot go further than ${stage}. Emails must never contain NINOs, dates of birth, bank, building society or card numbers: check the recipient's record.`, {
    errors: [{ field: 'email', rule: `must not contain personal data: ${found.join(', ')}` }],
    personalData: found,
  });
}
