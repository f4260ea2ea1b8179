import type { FunctionDefinition } from '../platform/catalogue-types.ts';
import { caseStaff } from '../platform/roles.ts';
import { duplicateContracts } from './contracts.ts';

const h = (file: string) => `functions/duplicates/handlers/${file}.ts`;
const deciders = ['caseworker', 'case-manager'] as const;

/** Requests for duplicate copies of earlier letters, from the portal or by phone. Part of the function catalogue (functions/catalogue.ts). */
export const duplicateFunctions = {
  requestDuplicates: { name: 'requestDuplicates', description: 'Ask for duplicate copies', entry: h('request-duplicates'), trigger: { type: 'http', method: 'POST', path: '/duplicate-requests', roles: [...deciders, 'client'], contract: duplicateContracts.create }, tables: { Casework: 'readWrite' } },
  getDuplicateRequest: { name: 'getDuplicateRequest', description: 'Read a duplicate request', entry: h('get-duplicate-request'), trigger: { type: 'http', method: 'GET', path: '/duplicate-requests/{srNumber}', roles: [...caseStaff, 'client'], contract: duplicateContracts.get }, tables: { Casework: 'read' } },
  acceptDuplicateRequest: { name: 'acceptDuplicateRequest', description: 'Accept a duplicate request', entry: h('accept-duplicate-request'), trigger: { type: 'http', method: 'POST', path: '/duplicate-requests/{srNumber}/accept', roles: deciders, contract: duplicateContracts.accept }, tables: { Casework: 'readWrite' } },
  declineDuplicateRequest: { name: 'declineDuplicateRequest', description: 'Decline a duplicate request', entry: h('decline-duplicate-request'), trigger: { type: 'http', method: 'POST', path: '/duplicate-requests/{srNumber}/decline', roles: deciders, contract: duplicateContracts.decline }, tables: { Casework: 'readWrite' } },
  listClientDuplicateRequests: { name: 'listClientDuplicateRequests', description: "A client's duplicate requests", entry: h('list-client-duplicate-requests'), trigger: { type: 'http', method: 'GET', path: '/clients/{scin}/duplicate-requests', roles: [...caseStaff, 'client'], contract: duplicateContracts.listForClient }, tables: { Casework: 'read' } },
  listCaseDuplicateRequests: { name: 'listCaseDuplicateRequests', description: 'Duplicate requests on a case', entry: h('list-case-duplicate-requests'), trigger: { type: 'http', method: 'GET', path: '/cases/{caseNumber}/duplicate-requests', roles: caseStaff, contract: duplicateContracts.listForCase }, tables: { Casework: 'read' } },
} as const satisfies Record<string, FunctionDefinition>;
