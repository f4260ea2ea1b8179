import { letterFunctions } from '../functions.ts';
import { httpHandler } from '../../platform/http-handler.ts';
import { assertClientMaySee, pdfLink } from '../queries.ts';
import { letterOrRefuse } from '../use-cases.ts';

export const handler = httpHandler(letterFunctions.getLetterPdf, async ({ params, query, principal, role, now }) => {
  const letter = await letterOrRefuse(params.correspondenceId);
  assertClientMaySee(letter, role, principal.scin);
  return { body: await pdfLink(letter, query.variant, now) };
});
