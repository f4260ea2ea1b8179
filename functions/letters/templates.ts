import * as z from 'zod';
import cmsl1201 from '../../templates/letters/CMSL1201.json' with { type: 'json' };
import cmsl2040 from '../../templates/letters/CMSL2040.json' with { type: 'json' };
import cmsl5013 from '../../templates/letters/CMSL5013.json' with { type: 'json' };
import cmsl5509 from '../../templates/letters/CMSL5509.json' with { type: 'json' };
import cmsl5512 from '../../templates/letters/CMSL5512.json' with { type: 'json' };
import cmsl7001 from '../../templates/letters/CMSL7001.json' with { type: 'json' };
import { LetterTemplate } from './template-schema.ts';
import { checkTemplateEnclosures } from './enclosures.ts';

/** Every letter template, validated when loaded (static imports so the bundler includes them; jitless: parsing once at cold start is cheaper without compiling the schema). */
export const letterTemplates: readonly LetterTemplate[] = z.array(LetterTemplate).parse([cmsl1201, cmsl2040, cmsl5013, cmsl5509, cmsl5512, cmsl7001], { jitless: true });

checkTemplateEnclosures(letterTemplates);

/** The template the system uses for the automatic cover letter to an active client representative. */
export const representativeCoverTemplateId = 'CMSL5013';

export const findTemplate = (id: string): LetterTemplate | undefined => letterTemplates.find((t) => t.id === id);
