import { httpHandler } from '../../platform/http-handler.ts';
import { enclosed } from '../enclosures.ts';
import { letterFunctions } from '../functions.ts';
import { letterOrRefuse } from '../use-cases.ts';

export const handler = httpHandler(letterFunctions.previewLetterEnclosures, async ({ params }) => {
  const letter = await letterOrRefuse(params.correspondenceId);
  return { body: { correspondenceId: letter.correspondenceId, enclosures: enclosed(letter.composition.enclosures), attachments: letter.composition.attachments } };
});
