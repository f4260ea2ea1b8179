import * as z from 'zod';

/** A letter template as data (templates/letters/*.json), validated when loaded and in tests. */

const Slot = z.strictObject({ id: z.string().regex(/^[a-zA-Z]+$/), label: z.string().min(3), required: z.boolean(), maxLength: z.number().int().min(1).max(6000) });

const TextBlock = z.strictObject({ type: z.literal('text'), id: z.string().regex(/^[a-zA-Z]+$/), text: z.string().min(1) }).describe('Read-only: never changed by the caseworker');
const FreeTextBlock = z.strictObject({
  type: z.literal('freeText'),
  id: z.string().regex(/^[a-zA-Z]+$/),
  label: z.string().min(3),
  required: z.boolean(),
  maxLength: z.number().int().min(1).max(6000),
  inline: z.boolean().optional().describe('Only used inside other text as {{free.<id>}}, not printed as its own paragraph'),
});
const OptionalParagraph = z.strictObject({
  type: z.literal('optional'),
  id: z.string().regex(/^TM_\w+$/, 'optional paragraph ids look like TM_09146_E'),
  label: z.string().min(3),
  defaultIncluded: z.boolean(),
  text: z.string().min(1),
  slots: z.array(Slot).default([]),
});

export const TemplateBlock = z.discriminatedUnion('type', [TextBlock, FreeTextBlock, OptionalParagraph]);
export type TemplateBlock = z.infer<typeof TemplateBlock>;

export const Audience = z.enum(['client', 'representative', 'employer', 'third-party']);
export const DeliveryMethod = z.enum(['first-class', 'second-class', 'recorded', 'special-delivery', 'courier-tracked', 'courier-standard', 'internal-courier']);
export type DeliveryMethod = z.infer<typeof DeliveryMethod>;

export const LetterTemplate = z
  .strictObject({
    id: z.string().regex(/^CMSL\d{4}$/, 'template ids look like CMSL5509'),
    version: z.number().int().positive(),
    name: z.string().min(3),
    description: z.string().min(3),
    channel: z.literal('letter'),
    audiences: z.array(Audience).min(1),
    title: z.string().optional(),
    fulfilment: z.enum(['external', 'local']).describe('external: printed and posted by the Fulfilment House; local: printed by the caseworker (e.g. a wet signature)'),
    defaultDeliveryMethod: DeliveryMethod,
    selfApprovable: z.boolean().describe('On the caseworker self-approval list'),
    welshVersion: z.boolean(),
    blocks: z.array(TemplateBlock).min(1),
    chooseOne: z.array(z.strictObject({ paragraphs: z.array(z.string()).min(2), rule: z.string().min(10) })).default([]),
    enclosures: z.array(z.strictObject({ id: z.string(), title: z.string().min(3), mandatory: z.boolean(), defaultIncluded: z.boolean() })),
    signatory: z.string().min(3),
  })
  .superRefine((t, ctx) => {
    const ids = t.blocks.map((b) => b.id);
    if (new Set(ids).size !== ids.length) ctx.addIssue({ code: 'custom', message: 'block ids must be unique', path: ['blocks'] });
    const optional = new Set(t.blocks.filter((b) => b.type === 'optional').map((b) => b.id));
    for (const group of t.chooseOne) {
      for (const id of group.paragraphs) if (!optional.has(id)) ctx.addIssue({ code: 'custom', message: `chooseOne names ${id}, which is not an optional paragraph`, path: ['chooseOne'] });
    }
    for (const e of t.enclosures) if (e.mandatory && !e.defaultIncluded) ctx.addIssue({ code: 'custom', message: `mandatory enclosure ${e.id} must be included by default`, path: ['enclosures'] });
  })
  .meta({ id: 'LetterTemplate' });
export type LetterTemplate = z.infer<typeof LetterTemplate>;
