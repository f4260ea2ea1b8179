import * as z from 'zod';
import cmsl5508 from '../../templates/emails/CMSL5508.json' with { type: 'json' };
import cmsl5515 from '../../templates/emails/CMSL5515.json' with { type: 'json' };
import lines from '../../templates/emails/lines-to-take.json' with { type: 'json' };
import { findPersonalData } from '../correspondence/domain/personal-data.ts';
import type { EnquiryScenario } from '../service-requests/schemas.ts';
import { EmailTemplate, LinesToTake, type LineToTake } from './template-schema.ts';

/**
 * Email templates and the approved lines to take, validated when loaded (static imports so the bundler
 * includes them; jitless: parsed once at cold start). Every fixed paragraph and every approved line is
 * scanned for personal data here, so a bad template or line stops the function starting and fails the tests.
 */
export const emailTemplates: readonly EmailTemplate[] = z.array(EmailTemplate).parse([cmsl5515, cmsl5508], { jitless: true });
export const linesToTake: LinesToTake = LinesToTake.parse(lines, { jitless: true });

for (const text of [...emailTemplates.flatMap((t) => t.blocks.flatMap((b) => (b.type === 'fixed' ? [b.text] : []))), ...Object.values(linesToTake.scenarios).flatMap((s) => s.lines.map((l) => l.text))]) {
  const found = findPersonalData(text);
  if (found.length > 0) throw new Error(`An approved email paragraph contains personal data (${found.join(', ')}): ${text.slice(0, 40)}...`);
}

export const findEmailTemplate = (id: string): EmailTemplate | undefined => emailTemplates.find((t) => t.id === id);

/** The approved lines for a scenario, by id. */
export const linesFor = (scenario: EnquiryScenario): ReadonlyMap<string, LineToTake> => new Map((linesToTake.scenarios[scenario]?.lines ?? []).map((l) => [l.id, l]));
