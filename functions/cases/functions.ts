import type { FunctionDefinition } from '../platform/catalogue-types.ts';
import { allStaff, caseStaff, readModelWriters } from '../platform/roles.ts';
import { caseContracts } from './contracts.ts';

/** The case and client read model and the audit trails. Part of the function catalogue (functions/catalogue.ts). */
export const caseFunctions = {
  upsertCase: { name: 'upsertCase', description: 'Create or replace a case', entry: `functions/cases/handlers/upsert-case.ts`, trigger: { type: 'http', method: 'PUT', path: '/cases/{caseNumber}', roles: readModelWriters, contract: caseContracts.upsertCase }, tables: { Casework: 'readWrite' } },
  getCase: { name: 'getCase', description: 'Read a case', entry: `functions/cases/handlers/get-case.ts`, trigger: { type: 'http', method: 'GET', path: '/cases/{caseNumber}', roles: caseStaff, contract: caseContracts.getCase }, tables: { Casework: 'read' } },
  upsertClient: { name: 'upsertClient', description: 'Create or replace a client', entry: `functions/cases/handlers/upsert-client.ts`, trigger: { type: 'http', method: 'PUT', path: '/clients/{scin}', roles: readModelWriters, contract: caseContracts.upsertClient }, tables: { Casework: 'readWrite' } },
  getClient: { name: 'getClient', description: 'Read a client', entry: `functions/cases/handlers/get-client.ts`, trigger: { type: 'http', method: 'GET', path: '/clients/{scin}', roles: [...caseStaff, 'client'], contract: caseContracts.getClient }, tables: { Casework: 'read' } },
  upsertEmployer: { name: 'upsertEmployer', description: 'Create or replace an employer', entry: `functions/cases/handlers/upsert-employer.ts`, trigger: { type: 'http', method: 'PUT', path: '/employers/{ern}', roles: readModelWriters, contract: caseContracts.upsertEmployer }, tables: { Casework: 'readWrite' } },
  findCaseOwner: { name: 'findCaseOwner', description: 'Who owns a case', entry: `functions/cases/handlers/find-case-owner.ts`, trigger: { type: 'http', method: 'GET', path: '/case-owners', roles: allStaff, contract: caseContracts.owners }, tables: { Casework: 'read' } },
  getEmployer: { name: 'getEmployer', description: 'Read an employer', entry: `functions/cases/handlers/get-employer.ts`, trigger: { type: 'http', method: 'GET', path: '/employers/{ern}', roles: caseStaff, contract: caseContracts.getEmployer }, tables: { Casework: 'read' } },
  getCaseAudit: { name: 'getCaseAudit', description: 'Audit trail of a case', entry: `functions/cases/handlers/get-case-audit.ts`, trigger: { type: 'http', method: 'GET', path: '/cases/{caseNumber}/audit', roles: caseStaff, contract: caseContracts.caseAudit }, tables: { Casework: 'read' } },
  getContactAudit: { name: 'getContactAudit', description: 'Audit trail of a recipient', entry: `functions/cases/handlers/get-contact-audit.ts`, trigger: { type: 'http', method: 'GET', path: '/contacts/{contactRef}/audit', roles: caseStaff, contract: caseContracts.contactAudit }, tables: { Casework: 'read' } },
} as const satisfies Record<string, FunctionDefinition>;
