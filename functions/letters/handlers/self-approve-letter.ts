import { letterFunctions } from '../functions.ts';
import { httpHandler } from '../../platform/http-handler.ts';
import { selfApprove } from '../approval.ts';

export const handler = httpHandler(letterFunctions.selfApproveLetter, async ({ params, expectedVersion, principal, role, now }) => {
  const letter = await selfApprove(params.correspondenceId, expectedVersion, { id: principal.id, role }, now);
  return { body: letter, version: letter.version };
});
