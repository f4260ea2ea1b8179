import type { FunctionDefinition } from '../platform/catalogue-types.ts';
import { allStaff, caseStaff, staffAndClient } from '../platform/roles.ts';
import { emailContracts } from './contracts.ts';

const writers = ['caseworker', 'case-manager'] as const;
const h = (file: string) => `functions/emails/handlers/${file}.ts`;

/** Outbound email to self-service clients: composing, approval, sending through SES, retries, delivery events. Part of the function catalogue (functions/catalogue.ts). */
export const emailFunctions = {
  listEmailTemplates: { name: 'listEmailTemplates', description: 'Email templates and lines to take', entry: h('list-email-templates'), trigger: { type: 'http', method: 'GET', path: '/email-templates', roles: allStaff, contract: emailContracts.templates } },
  createEmail: { name: 'createEmail', description: 'Create an email activity', entry: h('create-email'), trigger: { type: 'http', method: 'POST', path: '/emails', roles: writers, contract: emailContracts.create }, tables: { Casework: 'readWrite' } },
  getEmail: { name: 'getEmail', description: 'Read an email', entry: h('get-email'), trigger: { type: 'http', method: 'GET', path: '/emails/{correspondenceId}', roles: staffAndClient, contract: emailContracts.get }, tables: { Casework: 'read' } },
  composeEmail: { name: 'composeEmail', description: 'Choose the approved lines', entry: h('compose-email'), trigger: { type: 'http', method: 'PATCH', path: '/emails/{correspondenceId}', roles: writers, contract: emailContracts.compose }, tables: { Casework: 'readWrite' } },
  generateEmail: { name: 'generateEmail', description: 'Generate an email', entry: h('generate-email'), trigger: { type: 'http', method: 'POST', path: '/emails/{correspondenceId}/generate', roles: writers, contract: emailContracts.generate }, tables: { Casework: 'readWrite' }, email: 'compose' },
  submitEmailForApproval: { name: 'submitEmailForApproval', description: 'Submit an email for TL approval', entry: h('submit-email-for-approval'), trigger: { type: 'http', method: 'POST', path: '/emails/{correspondenceId}/submit-for-approval', roles: writers, contract: emailContracts.submitForApproval }, tables: { Casework: 'readWrite' }, email: 'compose' },
  approveEmail: { name: 'approveEmail', description: 'Approve an email', entry: h('approve-email'), trigger: { type: 'http', method: 'POST', path: '/emails/{correspondenceId}/approve', roles: ['team-leader'], contract: emailContracts.approve }, tables: { Casework: 'readWrite' }, email: 'compose' },
  rejectEmail: { name: 'rejectEmail', description: 'Reject an email', entry: h('reject-email'), trigger: { type: 'http', method: 'POST', path: '/emails/{correspondenceId}/reject', roles: ['team-leader'], contract: emailContracts.reject }, tables: { Casework: 'readWrite' }, email: 'compose' },
  requestEmailSend: { name: 'requestEmailSend', description: 'Send Email', entry: h('request-email-send'), trigger: { type: 'http', method: 'POST', path: '/emails/{correspondenceId}/send', roles: writers, contract: emailContracts.send }, tables: { Casework: 'readWrite' }, queues: { EmailSend: 'send' } },
  cancelEmail: { name: 'cancelEmail', description: 'Cancel an email', entry: h('cancel-email'), trigger: { type: 'http', method: 'POST', path: '/emails/{correspondenceId}/cancel', roles: writers, contract: emailContracts.cancel }, tables: { Casework: 'readWrite' } },
  listCaseEmails: { name: 'listCaseEmails', description: 'Emails on a case', entry: h('list-case-emails'), trigger: { type: 'http', method: 'GET', path: '/cases/{caseNumber}/emails', roles: caseStaff, contract: emailContracts.listForCase }, tables: { Casework: 'read' } },
  listClientEmails: { name: 'listClientEmails', description: 'Emails to a client', entry: h('list-client-emails'), trigger: { type: 'http', method: 'GET', path: '/clients/{scin}/emails', roles: [...caseStaff, 'client'], contract: emailContracts.listForClient }, tables: { Casework: 'read' } },
  listIncidents: { name: 'listIncidents', description: 'Open incidents', entry: h('list-incidents'), trigger: { type: 'http', method: 'GET', path: '/incidents', roles: caseStaff, contract: emailContracts.incidents }, tables: { Casework: 'read' } },
  getIncident: { name: 'getIncident', description: 'An incident', entry: h('get-incident'), trigger: { type: 'http', method: 'GET', path: '/incidents/{incidentId}', roles: caseStaff, contract: emailContracts.incident }, tables: { Casework: 'read' } },
  sendEmail: { name: 'sendEmail', description: 'Send emails through SES, once each', entry: h('send-email'), trigger: { type: 'queue', queue: 'EmailSend', batchSize: 5, maxBatchingWindowSeconds: 1 }, tables: { Casework: 'readWrite' }, buckets: { Letters: 'write' }, email: 'send', timeoutSeconds: 30 },
  recordEmailEvent: { name: 'recordEmailEvent', description: 'Record SES delivery events', entry: h('record-email-event'), trigger: { type: 'queue', queue: 'EmailEvents', batchSize: 10, maxBatchingWindowSeconds: 1 }, tables: { Casework: 'readWrite' }, timeoutSeconds: 10 },
  sweepEmails: { name: 'sweepEmails', description: 'Email retries, lost sends and unknown outcomes', entry: h('sweep-emails'), trigger: { type: 'schedule', expression: 'rate(15 minutes)' }, tables: { Casework: 'readWrite' }, queues: { EmailSend: 'send' }, timeoutSeconds: 120 },
} as const satisfies Record<string, FunctionDefinition>;
