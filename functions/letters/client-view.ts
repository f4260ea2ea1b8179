import * as z from 'zod';
import { CorrespondenceId, type Letter } from './schemas.ts';

/**
 * What a client sees of a letter sent to them in the portal: what it is, when it was issued, whether it
 * is a duplicate copy, and which PDFs they can open. No approval rounds, rejection reasons, staff ids,
 * composition or status history.
 */
export const ClientLetter = z
  .object({
    correspondenceId: CorrespondenceId,
    channel: z.literal('letter'),
    template: z.object({ id: z.string(), name: z.string() }),
    status: z.string(),
    issueDate: z.iso.date().optional(),
    duplicate: z.boolean().describe('An exact copy of an earlier letter, sent again at a request'),
    duplicateOf: CorrespondenceId.optional(),
    pdfs: z.array(z.enum(['standard', 'large-print'])).describe('The PDFs that can be opened (GET /letters/{id}/pdf?variant=)'),
  })
  .meta({ id: 'ClientLetter' });

export function clientLetter(letter: Letter): z.infer<typeof ClientLetter> {
  return {
    correspondenceId: letter.correspondenceId,
    channel: 'letter',
    template: { id: letter.template.id, name: letter.template.name },
    status: letter.status,
    ...(letter.generated?.issueDate ? { issueDate: letter.generated.issueDate } : {}),
    duplicate: Boolean(letter.duplicateOf),
    ...(letter.duplicateOf ? { duplicateOf: letter.duplicateOf } : {}),
    pdfs: letter.pdfs.map((p) => p.variant),
  };
}
