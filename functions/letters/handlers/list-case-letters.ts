import { letterFunctions } from '../functions.ts';
import { httpHandler } from '../../platform/http-handler.ts';
import { letterStore } from '../store.ts';

export const handler = httpHandler(letterFunctions.listCaseLetters, async ({ params, query }) => {
  const { issued, templateId, recipient, issuedFrom, issuedTo, ...page } = query;
  const filtered = issued === 'true' || templateId || recipient || issuedFrom || issuedTo;
  // The filters narrow to issued letters: the ones a caseworker can attach to a reissue.
  return { body: await letterStore.listForCase(params.caseNumber, page, filtered ? { templateId, contactRef: recipient, issuedFrom, issuedTo } : undefined) };
});
