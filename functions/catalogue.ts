import { caseContracts } from './cases/contracts.ts';
import type { FunctionDefinition, HttpTrigger } from './platform/catalogue-types.ts';
import { staffRoles, type Role } from './platform/roles.ts';
import { srContracts } from './service-requests/contracts.ts';
import { thirdPartyContracts } from './third-parties/contracts.ts';
import { letterContracts } from './letters/contracts.ts';

/**
 * Every function of the system, described once. The CDK stack builds functions, routes, event sources
 * and grants from this list; the local runtime serves and triggers the same handlers from it.
 */

const staff: readonly Role[] = staffRoles;
const caseStaff: readonly Role[] = ['caseworker', 'case-manager', 'team-leader'];
const readModelWriters: readonly Role[] = ['case-manager', 'team-leader'];
const staffAndClient: readonly Role[] = [...staffRoles, 'client'];

const thirdPartyTeam: readonly Role[] = ['third-party-team'];

const sr = 'functions/service-requests/handlers';
const tp = 'functions/third-parties/handlers';
const letters = 'functions/letters/handlers';
const cases = 'functions/cases/handlers';

export const catalogue = [
  // Service requests
  { name: 'createServiceRequest', description: 'Raise an SR', entry: `${sr}/create-service-request.ts`, trigger: { type: 'http', method: 'POST', path: '/service-requests', roles: staff, contract: srContracts.create }, tables: { Casework: 'readWrite' } },
  { name: 'getServiceRequest', description: 'Read an SR', entry: `${sr}/get-service-request.ts`, trigger: { type: 'http', method: 'GET', path: '/service-requests/{srNumber}', roles: staffAndClient, contract: srContracts.get }, tables: { Casework: 'read' } },
  { name: 'listCaseServiceRequests', description: 'List SRs on a case', entry: `${sr}/list-case-service-requests.ts`, trigger: { type: 'http', method: 'GET', path: '/cases/{caseNumber}/service-requests', roles: caseStaff, contract: srContracts.listForCase }, tables: { Casework: 'read' } },
  { name: 'listClientServiceRequests', description: 'List SRs about a client', entry: `${sr}/list-client-service-requests.ts`, trigger: { type: 'http', method: 'GET', path: '/clients/{scin}/service-requests', roles: [...caseStaff, 'client'], contract: srContracts.listForClient }, tables: { Casework: 'read' } },
  { name: 'changeServiceRequestStatus', description: 'Change SR status', entry: `${sr}/change-service-request-status.ts`, trigger: { type: 'http', method: 'POST', path: '/service-requests/{srNumber}/status', roles: staff, contract: srContracts.changeStatus }, tables: { Casework: 'readWrite' }, queues: { WorkAllocation: 'send' } },
  { name: 'updateActivityStep', description: 'Tick an activity plan step', entry: `${sr}/update-activity-step.ts`, trigger: { type: 'http', method: 'PUT', path: '/service-requests/{srNumber}/activity-plan/{stepId}', roles: staff, contract: srContracts.updateStep }, tables: { Casework: 'readWrite' } },
  { name: 'addServiceRequestNote', description: 'Append an SR note', entry: `${sr}/add-service-request-note.ts`, trigger: { type: 'http', method: 'POST', path: '/service-requests/{srNumber}/notes', roles: staff, contract: srContracts.addNote }, tables: { Casework: 'readWrite' } },
  { name: 'listServiceRequestNotes', description: 'List SR notes', entry: `${sr}/list-service-request-notes.ts`, trigger: { type: 'http', method: 'GET', path: '/service-requests/{srNumber}/notes', roles: staff, contract: srContracts.listNotes }, tables: { Casework: 'read' } },
  { name: 'getServiceRequestAudit', description: 'Audit trail of an SR', entry: `${sr}/get-service-request-audit.ts`, trigger: { type: 'http', method: 'GET', path: '/service-requests/{srNumber}/audit', roles: staff, contract: srContracts.audit }, tables: { Casework: 'read' } },
  { name: 'listServiceRequestTypes', description: 'SR type catalogue', entry: `${sr}/list-service-request-types.ts`, trigger: { type: 'http', method: 'GET', path: '/service-request-types', roles: staff, contract: srContracts.types } },
  { name: 'allocateWork', description: 'Work allocation: assign Pending Assignment SRs', entry: `${sr}/allocate-work.ts`, trigger: { type: 'queue', queue: 'WorkAllocation', batchSize: 10, maxBatchingWindowSeconds: 1 }, tables: { Casework: 'readWrite' }, timeoutSeconds: 10 },
  { name: 'requeueUnallocated', description: 'Re-send SRs whose allocation message was lost', entry: `${sr}/requeue-unallocated.ts`, trigger: { type: 'schedule', expression: 'rate(5 minutes)' }, tables: { Casework: 'read' }, queues: { WorkAllocation: 'send' }, timeoutSeconds: 60 },

  // Case and client read model
  { name: 'upsertCase', description: 'Create or replace a case', entry: `${cases}/upsert-case.ts`, trigger: { type: 'http', method: 'PUT', path: '/cases/{caseNumber}', roles: readModelWriters, contract: caseContracts.upsertCase }, tables: { Casework: 'readWrite' } },
  { name: 'getCase', description: 'Read a case', entry: `${cases}/get-case.ts`, trigger: { type: 'http', method: 'GET', path: '/cases/{caseNumber}', roles: caseStaff, contract: caseContracts.getCase }, tables: { Casework: 'read' } },
  { name: 'upsertClient', description: 'Create or replace a client', entry: `${cases}/upsert-client.ts`, trigger: { type: 'http', method: 'PUT', path: '/clients/{scin}', roles: readModelWriters, contract: caseContracts.upsertClient }, tables: { Casework: 'readWrite' } },
  { name: 'getClient', description: 'Read a client', entry: `${cases}/get-client.ts`, trigger: { type: 'http', method: 'GET', path: '/clients/{scin}', roles: [...caseStaff, 'client'], contract: caseContracts.getClient }, tables: { Casework: 'read' } },
  { name: 'upsertEmployer', description: 'Create or replace an employer', entry: `${cases}/upsert-employer.ts`, trigger: { type: 'http', method: 'PUT', path: '/employers/{ern}', roles: readModelWriters, contract: caseContracts.upsertEmployer }, tables: { Casework: 'readWrite' } },
  { name: 'getEmployer', description: 'Read an employer', entry: `${cases}/get-employer.ts`, trigger: { type: 'http', method: 'GET', path: '/employers/{ern}', roles: caseStaff, contract: caseContracts.getEmployer }, tables: { Casework: 'read' } },
  { name: 'getCaseAudit', description: 'Audit trail of a case', entry: `${cases}/get-case-audit.ts`, trigger: { type: 'http', method: 'GET', path: '/cases/{caseNumber}/audit', roles: caseStaff, contract: caseContracts.caseAudit }, tables: { Casework: 'read' } },
  { name: 'getContactAudit', description: 'Audit trail of a recipient', entry: `${cases}/get-contact-audit.ts`, trigger: { type: 'http', method: 'GET', path: '/contacts/{contactRef}/audit', roles: caseStaff, contract: caseContracts.contactAudit }, tables: { Casework: 'read' } },

  // Third-party directory: everyone on staff may find, verify and route; only the third-party team changes records.
  { name: 'lookUpThirdParties', description: 'Find third parties', entry: `${tp}/look-up-third-parties.ts`, trigger: { type: 'http', method: 'GET', path: '/third-parties', roles: staff, contract: thirdPartyContracts.lookUp }, tables: { Casework: 'read' } },
  { name: 'getThirdParty', description: 'Read a third party', entry: `${tp}/get-third-party.ts`, trigger: { type: 'http', method: 'GET', path: '/third-parties/{trn}', roles: staff, contract: thirdPartyContracts.get }, tables: { Casework: 'read' } },
  { name: 'listThirdPartyTypes', description: 'Third-party types', entry: `${tp}/list-third-party-types.ts`, trigger: { type: 'http', method: 'GET', path: '/third-party-types', roles: staff, contract: thirdPartyContracts.types } },
  { name: 'verifyThirdPartyCaller', description: 'Verify a third-party caller', entry: `${tp}/verify-third-party-caller.ts`, trigger: { type: 'http', method: 'POST', path: '/third-parties/{trn}/verify-caller', roles: staff, contract: thirdPartyContracts.verifyCaller }, tables: { Casework: 'readWrite' } },
  { name: 'setUpThirdParty', description: 'Set up a third party', entry: `${tp}/set-up-third-party.ts`, trigger: { type: 'http', method: 'POST', path: '/third-parties', roles: thirdPartyTeam, contract: thirdPartyContracts.setUp }, tables: { Casework: 'readWrite' } },
  { name: 'amendThirdParty', description: 'Amend a third party', entry: `${tp}/amend-third-party.ts`, trigger: { type: 'http', method: 'PATCH', path: '/third-parties/{trn}', roles: thirdPartyTeam, contract: thirdPartyContracts.amend }, tables: { Casework: 'readWrite' } },
  { name: 'addThirdPartyContact', description: 'Add a named contact', entry: `${tp}/add-third-party-contact.ts`, trigger: { type: 'http', method: 'POST', path: '/third-parties/{trn}/contacts', roles: thirdPartyTeam, contract: thirdPartyContracts.addContact }, tables: { Casework: 'readWrite' } },
  { name: 'amendThirdPartyContact', description: 'Amend a named contact', entry: `${tp}/amend-third-party-contact.ts`, trigger: { type: 'http', method: 'PATCH', path: '/third-parties/{trn}/contacts/{contactId}', roles: thirdPartyTeam, contract: thirdPartyContracts.amendContact }, tables: { Casework: 'readWrite' } },
  { name: 'inactivateThirdPartyContact', description: 'Inactivate a named contact', entry: `${tp}/inactivate-third-party-contact.ts`, trigger: { type: 'http', method: 'POST', path: '/third-parties/{trn}/contacts/{contactId}/inactivate', roles: thirdPartyTeam, contract: thirdPartyContracts.inactivateContact }, tables: { Casework: 'readWrite' } },
  { name: 'inactivateThirdParty', description: 'Inactivate a third party', entry: `${tp}/inactivate-third-party.ts`, trigger: { type: 'http', method: 'POST', path: '/third-parties/{trn}/inactivate', roles: thirdPartyTeam, contract: thirdPartyContracts.inactivate }, tables: { Casework: 'readWrite' } },
  { name: 'confirmThirdPartyChange', description: 'Confirm a held change', entry: `${tp}/confirm-third-party-change.ts`, trigger: { type: 'http', method: 'POST', path: '/third-parties/{trn}/changes/{changeId}/confirm', roles: thirdPartyTeam, contract: thirdPartyContracts.confirmChange }, tables: { Casework: 'readWrite' } },
  { name: 'thirdPartyLetterAddressing', description: 'Letter addressing', entry: `${tp}/third-party-letter-addressing.ts`, trigger: { type: 'http', method: 'GET', path: '/third-parties/{trn}/letter-addressing', roles: staff, contract: thirdPartyContracts.letterAddressing }, tables: { Casework: 'read' } },
  { name: 'routeThirdPartyInboundContact', description: 'Route inbound third-party contact', entry: `${tp}/route-third-party-inbound-contact.ts`, trigger: { type: 'http', method: 'POST', path: '/third-parties/{trn}/inbound-contacts', roles: staff, contract: thirdPartyContracts.routeInbound }, tables: { Casework: 'readWrite' }, queues: { WorkAllocation: 'send' } },
  { name: 'getThirdPartyAudit', description: 'Audit trail of a third party', entry: `${tp}/get-third-party-audit.ts`, trigger: { type: 'http', method: 'GET', path: '/third-parties/{trn}/audit', roles: staff, contract: thirdPartyContracts.audit }, tables: { Casework: 'read' } },

  // Outbound letters
  { name: 'listLetterTemplates', description: 'Letter templates', entry: `${letters}/list-letter-templates.ts`, trigger: { type: 'http', method: 'GET', path: '/letter-templates', roles: staff, contract: letterContracts.templates } },
  { name: 'createLetter', description: 'Create a letter activity', entry: `${letters}/create-letter.ts`, trigger: { type: 'http', method: 'POST', path: '/service-requests/{srNumber}/letters', roles: staff, contract: letterContracts.create }, tables: { Casework: 'readWrite' } },
  { name: 'getLetter', description: 'Read a letter', entry: `${letters}/get-letter.ts`, trigger: { type: 'http', method: 'GET', path: '/letters/{correspondenceId}', roles: staffAndClient, contract: letterContracts.get }, tables: { Casework: 'read' } },
  { name: 'composeLetter', description: 'Compose a Draft letter', entry: `${letters}/compose-letter.ts`, trigger: { type: 'http', method: 'PATCH', path: '/letters/{correspondenceId}', roles: staff, contract: letterContracts.compose }, tables: { Casework: 'readWrite' } },
  { name: 'generateLetter', description: 'Generate a letter', entry: `${letters}/generate-letter.ts`, trigger: { type: 'http', method: 'POST', path: '/letters/{correspondenceId}/generate', roles: staff, contract: letterContracts.generate }, tables: { Casework: 'readWrite' }, queues: { LetterRender: 'send' } },
  { name: 'getLetterPdf', description: 'Link to a letter PDF', entry: `${letters}/get-letter-pdf.ts`, trigger: { type: 'http', method: 'GET', path: '/letters/{correspondenceId}/pdf', roles: staffAndClient, contract: letterContracts.pdf }, tables: { Casework: 'read' }, buckets: { Letters: 'read' } },
  { name: 'listCaseLetters', description: 'Letters on a case', entry: `${letters}/list-case-letters.ts`, trigger: { type: 'http', method: 'GET', path: '/cases/{caseNumber}/letters', roles: caseStaff, contract: letterContracts.listForCase }, tables: { Casework: 'read' } },
  { name: 'listClientLetters', description: 'Letters to a client', entry: `${letters}/list-client-letters.ts`, trigger: { type: 'http', method: 'GET', path: '/clients/{scin}/letters', roles: [...caseStaff, 'client'], contract: letterContracts.listForClient }, tables: { Casework: 'read' } },
  { name: 'recordReturnedLetter', description: 'Record a returned letter', entry: `${letters}/record-returned-letter.ts`, trigger: { type: 'http', method: 'POST', path: '/returned-letters', roles: caseStaff, contract: letterContracts.returned }, tables: { Casework: 'readWrite' } },
  { name: 'renderLetter', description: 'Render letter PDFs to S3', entry: `${letters}/render-letter.ts`, trigger: { type: 'queue', queue: 'LetterRender', batchSize: 5, maxBatchingWindowSeconds: 1 }, tables: { Casework: 'readWrite' }, buckets: { Letters: 'readWrite' }, timeoutSeconds: 30, memoryMb: 1024 },
  { name: 'requeueStuckRenders', description: 'Re-send render jobs for letters left waiting', entry: `${letters}/requeue-stuck-renders.ts`, trigger: { type: 'schedule', expression: 'rate(10 minutes)' }, tables: { Casework: 'read' }, queues: { LetterRender: 'send' }, timeoutSeconds: 60 },
] as const satisfies readonly FunctionDefinition[];

export type FunctionName = (typeof catalogue)[number]['name'];

export const functionDefinition = (name: FunctionName): FunctionDefinition => {
  const found = catalogue.find((f) => f.name === name);
  if (!found) throw new Error(`No function ${name} in the catalogue`);
  return found;
};

export const httpTrigger = (name: FunctionName): HttpTrigger => {
  const { trigger } = functionDefinition(name);
  if (trigger.type !== 'http') throw new Error(`${name} is not an HTTP function`);
  return trigger;
};
