import * as z from 'zod';
import catalogue from '../../templates/enclosures.json' with { type: 'json' };
import type { LetterTemplate } from './template-schema.ts';

/**
 * The enclosures catalogue (leaflets, fact sheets, forms), kept as data and checked against every letter
 * template when loaded: a template may only offer catalogued enclosures, and one the catalogue says is
 * mandatory with a template must be mandatory in it.
 */
export const Enclosure = z
  .strictObject({
    id: z.string().regex(/^CMS[A-Z]\d{3,4}$/),
    version: z.number().int().positive(),
    title: z.string().min(3),
    kind: z.enum(['leaflet', 'fact-sheet', 'form']),
    description: z.string().min(10),
    mandatoryWith: z.array(z.string().regex(/^CMSL\d{4}$/)),
  })
  .meta({ id: 'Enclosure' });
export type Enclosure = z.infer<typeof Enclosure>;

export const enclosures: readonly Enclosure[] = z.array(Enclosure).parse(catalogue.enclosures, { jitless: true });
const byId = new Map(enclosures.map((e) => [e.id, e]));

export const findEnclosure = (id: string): Enclosure | undefined => byId.get(id);

/** Fails loading when a template and the catalogue disagree. */
export function checkTemplateEnclosures(templates: readonly LetterTemplate[]): void {
  for (const template of templates) {
    for (const offered of template.enclosures) {
      if (!byId.has(offered.id)) throw new Error(`${template.id} offers enclosure ${offered.id}, which is not in templates/enclosures.json`);
    }
    for (const e of enclosures) {
      if (!e.mandatoryWith.includes(template.id)) continue;
      if (!template.enclosures.some((o) => o.id === e.id && o.mandatory)) throw new Error(`${e.id} is mandatory with ${template.id}, which does not make it mandatory`);
    }
  }
}

/** What a letter will enclose, as the preview and the print batch manifest show it. */
export const enclosed = (ids: readonly string[]) => ids.map((id) => { const e = byId.get(id); return e ? { id, version: e.version, title: e.title, kind: e.kind, description: e.description } : { id, version: 0, title: id, kind: 'leaflet' as const, description: 'Not in the catalogue' }; });
