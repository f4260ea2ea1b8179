import { encodeIdentifyingCode } from '../identifying-code.ts';
import { londonDateOf } from './cutoff.ts';
import type { Composition, GeneratedContent, Letter } from '../schemas.ts';
import type { LetterTemplate } from '../template-schema.ts';
import { generationError, resolveRecipient, type RecipientData, type ResolvedRecipient } from './recipient.ts';

/** The date in London, which is the date printed on the letter. */
export const londonDate = londonDateOf;

interface MergeContext {
  readonly recipient: ResolvedRecipient;
  readonly data: RecipientData;
  readonly composition: Composition;
  readonly letter: Pick<Letter, 'srNumber' | 'correspondenceId'>;
  readonly issueDate: string;
}

const clientName = (data: RecipientData, scin: string): string | undefined => {
  const c = data.clients.get(scin);
  return c ? [c.title, c.firstName, c.lastName].filter(Boolean).join(' ') : undefined;
};

/** Fills {{placeholders}}; names what it could not fill. */
function merge(text: string, ctx: MergeContext, slots: Record<string, string>, missing: Set<string>, labels: ReadonlyMap<string, string> = new Map()): string {
  return text.replace(/\{\{([\w.]+)\}\}/g, (_, name: string) => {
    const [scope, field] = name.split('.') as [string, string | undefined];
    let value: string | undefined;
    if (scope === 'slot' && field) value = slots[field];
    else if (scope === 'free' && field) value = ctx.composition.freeText[field];
    else if (name === 'reference') value = ctx.recipient.reference;
    else if (name === 'client.name') value = ctx.recipient.clientName;
    else if (name === 'payingParent.name') value = clientName(ctx.data, ctx.data.case.payingParent);
    else if (name === 'receivingParent.name') value = clientName(ctx.data, ctx.data.case.receivingParent);
    else if (name === 'case.number') value = ctx.data.case.caseNumber;
    else if (name === 'sr.numberSuffix') value = ` and SR number ${ctx.letter.srNumber}`;
    else if (name === 'issueDate') value = ctx.issueDate;
    if (value === undefined) {
      // Free text is reported as the caseworker sees it: "free.enquiryDate (Date of the enquiry)".
      missing.add(scope === 'free' && field && labels.has(field) ? `free.${field} (${labels.get(field)})` : name);
      return `[${name}]`;
    }
    return value;
  });
}

/** The issuing office as the identifying code carries it: the owning segment, as a short code. */
export function officeCode(segment: string): string {
  const code = segment.toUpperCase().replace(/[^A-Z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 24).replace(/-+$/, '');
  return code.length >= 2 ? code : 'CMS';
}

export interface Generation {
  readonly content: GeneratedContent;
  readonly warnings: string[];
  /** The recipient has an active representative: a cover letter to them must be created. */
  readonly representativeCover?: { scin: string; name: string };
  readonly largePrint: boolean;
  readonly suppressed: boolean;
  readonly welsh: boolean;
}

/**
 * Freezes a letter's content. Refuses, with the reason, when a variable is missing (listing them all, as
 * "Error Generating Document" does), when the recipient cannot be written to, or when the case is closed
 * or arrears-only with end-dated qualifying children (the letter must then be issued clerically).
 */
export function generate(letter: Letter, template: LetterTemplate, data: RecipientData, actor: { id: string }, now: Date): Generation {
  if (!template.audiences.includes(letter.recipient.type)) {
    throw generationError(`${template.id} ${template.name} is not for a ${letter.recipient.type} (it is for: ${template.audiences.join(', ')}).`);
  }
  const endDated = data.case.qualifyingChildren.some((c) => c.endDate);
  if ((data.case.status === 'closed' || data.case.status === 'arrears-only') && endDated) {
    throw generationError(`case ${data.case.caseNumber} is ${data.case.status} and its qualifying children have end dates, so the system cannot fill in their details. Issue this letter clerically.`);
  }
  const recipient = resolveRecipient(letter.recipient, data);
  const issueDate = londonDate(now);
  const ctx: MergeContext = { recipient, data, composition: letter.composition, letter, issueDate };
  const missing = new Set<string>();
  const rules: string[] = [];
  const labels = new Map(template.blocks.flatMap((b) => (b.type === 'freeText' ? [[b.id, b.label] as const] : [])));

  const paragraphs: { text: string }[] = [];
  for (const block of template.blocks) {
    if (block.type === 'text') paragraphs.push({ text: merge(block.text, ctx, {}, missing, labels) });
    else if (block.type === 'freeText') {
      const value = letter.composition.freeText[block.id];
      if (!value && block.required) missing.add(`free.${block.id} (${block.label})`);
      if (value && !block.inline) paragraphs.push({ text: value });
    } else if (letter.composition.paragraphs[block.id]) {
      const slots = letter.composition.slots[block.id] ?? {};
      for (const slot of block.slots) if (slot.required && !slots[slot.id]) missing.add(`${block.id}.${slot.id} (${slot.label})`);
      paragraphs.push({ text: merge(block.text, ctx, slots, new Set()) });
    }
  }
  for (const group of template.chooseOne) {
    if (group.paragraphs.filter((id) => letter.composition.paragraphs[id]).length !== 1) rules.push(group.rule);
  }
  const title = template.title ? merge(template.title, ctx, {}, missing, labels) : undefined;
  if (missing.size > 0 || rules.length > 0) {
    throw generationError(
      [missing.size > 0 ? `missing variables: ${[...missing].join('; ')}.` : '', ...rules].filter(Boolean).join(' '),
      { missingVariables: [...missing], rules },
    );
  }

  const issuingOffice = officeCode(data.case.owningSegment);
  const warnings: string[] = [];
  if (recipient.activeRepresentative) warnings.push(`Active client representative: ${recipient.activeRepresentative.name}. A representative cover letter has been created for them.`);
  if (recipient.suppressed) warnings.push('Correspondence is suppressed for this contact.');
  for (const r of recipient.specialRequirements) warnings.push(`Special requirement: ${r.replace('-', ' ')}.`);
  const enclosureTitles = letter.composition.enclosures.map((id) => template.enclosures.find((e) => e.id === id)?.title ?? id);

  return {
    content: {
      generatedAt: now.toISOString(),
      generatedBy: actor.id,
      issueDate,
      issuingOffice,
      recipientName: recipient.name,
      addressBlock: recipient.addressBlock,
      ...(recipient.customCountry ? { customCountry: recipient.customCountry } : {}),
      references: [...recipient.references, { label: 'Our reference', value: letter.correspondenceId }],
      ...(title ? { title } : {}),
      salutation: recipient.salutation,
      paragraphs,
      valediction: recipient.valediction,
      signatory: template.signatory,
      enclosures: enclosureTitles,
      attachments: letter.composition.attachments,
      deliveryMethod: letter.composition.deliveryMethod,
      fulfilment: template.fulfilment,
      specialRequirements: recipient.specialRequirements,
      identifyingCode: encodeIdentifyingCode({
        // The code has room for 120 characters of name; the full name is on the letter itself.
        recipientName: recipient.name.slice(0, 120),
        referenceType: recipient.referenceType,
        referenceValue: recipient.reference,
        issueDate,
        issuingOffice,
        correspondenceId: letter.correspondenceId,
      }),
    },
    warnings,
    ...(recipient.activeRepresentative ? { representativeCover: recipient.activeRepresentative } : {}),
    largePrint: recipient.specialRequirements.includes('large-print'),
    suppressed: recipient.suppressed,
    welsh: recipient.welsh,
  };
}
