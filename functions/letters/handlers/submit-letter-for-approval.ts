import { letterFunctions } from '../functions.ts';
import { httpHandler } from '../../platform/http-handler.ts';
import { submitForApproval } from '../approval.ts';

export const handler = httpHandler(letterFunctions.submitLetterForApproval, async ({ params, expectedVersion, principal, role, now }) => {
  const letter = await submitForApproval(params.correspondenceId, expectedVersion, { id: principal.id, role }, now);
  return { body: letter, version: letter.version };
});
