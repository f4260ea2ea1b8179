import { Problem } from '../../platform/problem.ts';
import type { ComposeLetter, Composition } from '../schemas.ts';
import type { LetterTemplate } from '../template-schema.ts';

/** What a new letter starts with: the template's default paragraphs, enclosures and delivery method. */
export function defaultComposition(template: LetterTemplate): Composition {
  return {
    paragraphs: Object.fromEntries(template.blocks.flatMap((b) => (b.type === 'optional' ? [[b.id, b.defaultIncluded]] : []))),
    freeText: {},
    slots: {},
    enclosures: template.enclosures.filter((e) => e.defaultIncluded).map((e) => e.id),
    attachments: [],
    deliveryMethod: template.defaultDeliveryMethod,
  };
}

const refuse = (field: string, rule: string): never => {
  throw new Problem('businessRule', `${field}: ${rule}.`, { errors: [{ field, rule }] });
};

/**
 * Applies the caseworker's edits. Only optional paragraphs, free-text fields and slots, enclosures,
 * attachments and the delivery method can change; read-only blocks never can.
 */
export function compose(current: Composition, template: LetterTemplate, edit: ComposeLetter, recipient: { selfService: boolean }): Composition {
  const block = (id: string) => template.blocks.find((b) => b.id === id);
  const next: Composition = structuredClone(current);

  for (const [id, included] of Object.entries(edit.paragraphs ?? {})) {
    const b = block(id);
    if (b?.type !== 'optional') refuse(`body.paragraphs.${id}`, b ? `${id} is a read-only or free-text block, not an optional paragraph` : `${template.id} has no optional paragraph ${id}`);
    next.paragraphs[id] = included;
  }
  for (const [id, text] of Object.entries(edit.freeText ?? {})) {
    const b = block(id);
    if (b?.type !== 'freeText') refuse(`body.freeText.${id}`, b ? `${id} is read-only and cannot be changed` : `${template.id} has no free-text field ${id}`);
    else if (text !== null && text.length > b.maxLength) refuse(`body.freeText.${id}`, `must be at most ${b.maxLength} characters`);
    if (text === null || text.trim() === '') delete next.freeText[id];
    else next.freeText[id] = text.trim();
  }
  for (const [id, slots] of Object.entries(edit.slots ?? {})) {
    const b = block(id);
    if (b?.type !== 'optional') refuse(`body.slots.${id}`, `${template.id} has no optional paragraph ${id}`);
    else {
      for (const [slotId, text] of Object.entries(slots)) {
        const slot = b.slots.find((s) => s.id === slotId);
        if (!slot) refuse(`body.slots.${id}.${slotId}`, `${id} has no free-text slot ${slotId}`);
        else if (text !== null && text.length > slot.maxLength) refuse(`body.slots.${id}.${slotId}`, `must be at most ${slot.maxLength} characters`);
        const paragraph = (next.slots[id] ??= {});
        if (text === null || text.trim() === '') delete paragraph[slotId];
        else paragraph[slotId] = text.trim();
      }
    }
  }
  if (edit.enclosures) {
    for (const id of edit.enclosures) if (!template.enclosures.some((e) => e.id === id)) refuse('body.enclosures', `${id} is not an enclosure of ${template.id}`);
    for (const e of template.enclosures) if (e.mandatory && !edit.enclosures.includes(e.id)) refuse('body.enclosures', `${e.id} (${e.title}) is mandatory and cannot be removed`);
    next.enclosures = [...new Set(edit.enclosures)];
  }
  if (edit.attachments) next.attachments = edit.attachments;
  if (edit.deliveryMethod && edit.deliveryMethod !== current.deliveryMethod) {
    if (recipient.selfService) refuse('body.deliveryMethod', 'the recipient uses self-service, so the delivery method cannot be changed');
    if (edit.deliveryMethod === 'internal-courier' && template.fulfilment !== 'local') refuse('body.deliveryMethod', 'internal courier is only for locally printed letters');
    next.deliveryMethod = edit.deliveryMethod;
  }
  return next;
}
