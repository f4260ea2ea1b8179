/**
 * Every DynamoDB key of the single Casework table is built here, so the access patterns can be read
 * in one place:
 *   SR#<srNumber>        / SR                  the service request (ByCase: SRs of a case; ByContact: SRs of a contact)
 *   SR#<srNumber>        / NOTE#<eventId>      its notes, append-only
 *   SR#<srNumber>        / DUPREQ              a request for duplicate copies (ByCase / ByContact: DUPREQ#<createdAt>#<srNumber>)
 *   SR#<srNumber>        / ENQUIRY             an unanswered client enquiry (ByQueue ENQUIRYDUE#<segment> / <dueBy>#<srNumber>)
 *   <entity PK>          / AUDIT#<eventId>     audit events of any record (ByCase and ByContact copies for the trails)
 *   CASE#<caseNumber>    / CASE                case read model
 *   CLIENT#<scin>        / CLIENT              client read model
 *   EMPLOYER#<ern>       / EMPLOYER            employer read model
 *   CONTACTCASE#<ref>    / CASE#<caseNumber>   a client or employer is on that case (who may see them follows the case)
 *   IDEMPOTENCY#<key>    / IDEMPOTENCY         first response to an Idempotency-Key (expires after 24 hours)
 *   ByQueue ALLOCATION   / <since>#<srNumber>  SRs waiting for work allocation (sparse)
 *   TP#<trn>             / ORG                 third-party organisation
 *   TP#<trn>             / CONTACT#<id>        its named contacts
 *   TP#<trn>             / CHANGE#<id>         its changes waiting for confirmation
 *   TPAUDIT#<trn>        / AUDIT#<eventId>     its audit events (kept apart so reading the record stays one small Query)
 *   TPWORD#<2 letters>   / <word>#<trn>        name-word lookup, with a summary of the organisation
 *   TPPHONE#<phone>      / <trn>#<ORG|id>      phone lookup (organisation, fax or contact)
 *   TPEMAIL#<email>      / <trn>#<ORG|id>      email lookup
 *   COUNTER#TRN          / COUNTER             the last TRN issued (TRNs are never reused)
 *   CORR#<id>            / CORR                an outbound letter (ByCase / ByContact: letters of a case / recipient)
 *   ByQueue RENDER       / <since>#<id>        letters waiting for their PDF (sparse)
 *   ByQueue APPROVAL#<segment> / <submitted>#<id>  the team leaders' approval queue, oldest first
 *   ByQueue FULFILMENT   / <readyAt>#<id>      external-print letters waiting for the print batch
 *   ByQueue BATCH#<date> / <id>                letters a print batch sent to the Fulfilment House
 *   MYACT#<staff id>     / CORR#<id>           a caseworker's open letter activities ("My Activities")
 *   PRINTBATCH#<date>    / PRINTBATCH          a print batch run
 *   CORR#<id>            / CORR                an outbound email too (E-...; ByCase / ByContact: EMAIL#<createdAt>#<id>)
 *   CORR#<id>            / EVENT#<key>         an SES event already recorded for the email (consumer idempotency)
 *   ByQueue EMAILSEND    / <since>#<id>        emails handed to the sender (the sweep re-sends lost or stale ones)
 *   ByQueue EMAILRETRY   / <nextAttemptAt>#<id> emails waiting for their scheduled retry
 *   EMAILADDR#<address>  / MARK                an address that bounced permanently or was complained about
 *   INCIDENT#<id>        / INCIDENT            an incident raised for an email that could not be sent
 *   ByQueue INCIDENTS#open / <raisedAt>#<id>   open incidents, oldest first
 */
export type Key = { readonly PK: string; readonly SK: string };

export const keys = {
  serviceRequest: (srNumber: string): Key => ({ PK: `SR#${srNumber}`, SK: 'SR' }),
  note: (srNumber: string, eventId: string): Key => ({ PK: `SR#${srNumber}`, SK: `NOTE#${eventId}` }),
  enquiryDue: (srNumber: string): Key => ({ PK: `SR#${srNumber}`, SK: 'ENQUIRY' }),
  duplicateRequest: (srNumber: string): Key => ({ PK: `SR#${srNumber}`, SK: 'DUPREQ' }),
  notePrefix: 'NOTE#',
  audit: (entityPk: string, eventId: string): Key => ({ PK: entityPk, SK: `AUDIT#${eventId}` }),
  auditPrefix: 'AUDIT#',
  case: (caseNumber: string): Key => ({ PK: `CASE#${caseNumber}`, SK: 'CASE' }),
  client: (scin: string): Key => ({ PK: `CLIENT#${scin}`, SK: 'CLIENT' }),
  employer: (ern: string): Key => ({ PK: `EMPLOYER#${ern}`, SK: 'EMPLOYER' }),
  contactCase: (contactRef: string, caseNumber: string): Key => ({ PK: `CONTACTCASE#${contactRef}`, SK: `CASE#${caseNumber}` }),
  contactCasesPartition: (contactRef: string): string => `CONTACTCASE#${contactRef}`,
  idempotency: (key: string): Key => ({ PK: `IDEMPOTENCY#${key}`, SK: 'IDEMPOTENCY' }),
  thirdPartyPartition: (trn: string): string => `TP#${trn}`,
  thirdParty: (trn: string): Key => ({ PK: `TP#${trn}`, SK: 'ORG' }),
  thirdPartyContact: (trn: string, contactId: string): Key => ({ PK: `TP#${trn}`, SK: `CONTACT#${contactId}` }),
  thirdPartyChange: (trn: string, changeId: string): Key => ({ PK: `TP#${trn}`, SK: `CHANGE#${changeId}` }),
  /** CHANGE# < CONTACT# < ORG: one Query between these bounds reads the whole record. */
  thirdPartyRecordRange: ['CHANGE#', 'ORG'] as const,
  thirdPartyAuditPartition: (trn: string): string => `TPAUDIT#${trn}`,
  trnCounter: { PK: 'COUNTER#TRN', SK: 'COUNTER' } as Key,
  letter: (correspondenceId: string): Key => ({ PK: `CORR#${correspondenceId}`, SK: 'CORR' }),
  myActivity: (staffId: string, correspondenceId: string): Key => ({ PK: `MYACT#${staffId}`, SK: `CORR#${correspondenceId}` }),
  myActivitiesPartition: (staffId: string): string => `MYACT#${staffId}`,
  printBatch: (batchId: string): Key => ({ PK: `PRINTBATCH#${batchId}`, SK: 'PRINTBATCH' }),
  email: (correspondenceId: string): Key => ({ PK: `CORR#${correspondenceId}`, SK: 'CORR' }),
  emailEvent: (correspondenceId: string, eventKey: string): Key => ({ PK: `CORR#${correspondenceId}`, SK: `EVENT#${eventKey}` }),
  emailAddressMark: (address: string): Key => ({ PK: `EMAILADDR#${address}`, SK: 'MARK' }),
  incident: (incidentId: string): Key => ({ PK: `INCIDENT#${incidentId}`, SK: 'INCIDENT' }),
} as const;

/** Lookup items for the third-party directory: each is a Query on one partition. */
export const thirdPartyLookup = {
  wordPartition: (word: string): string => `TPWORD#${word.slice(0, 2)}`,
  word: (word: string, trn: string): Key => ({ PK: `TPWORD#${word.slice(0, 2)}`, SK: `${word}#${trn}` }),
  phonePartition: (phone: string): string => `TPPHONE#${phone}`,
  phone: (phone: string, trn: string, contactId?: string): Key => ({ PK: `TPPHONE#${phone}`, SK: `${trn}#${contactId ?? 'ORG'}` }),
  emailPartition: (email: string): string => `TPEMAIL#${email}`,
  email: (email: string, trn: string, contactId?: string): Key => ({ PK: `TPEMAIL#${email}`, SK: `${trn}#${contactId ?? 'ORG'}` }),
} as const;

/** Index attributes. */
export const byCase = {
  index: 'ByCase',
  pkAttribute: 'GSI1PK',
  skAttribute: 'GSI1SK',
  pk: (caseNumber: string) => `CASE#${caseNumber}`,
  serviceRequestSk: (createdAt: string, srNumber: string) => `SR#${createdAt}#${srNumber}`,
  serviceRequestPrefix: 'SR#',
  auditSk: (eventId: string) => `AUDIT#${eventId}`,
  auditPrefix: 'AUDIT#',
  letterSk: (createdAt: string, id: string) => `CORR#${createdAt}#${id}`,
  letterPrefix: 'CORR#',
  emailSk: (createdAt: string, id: string) => `EMAIL#${createdAt}#${id}`,
  emailPrefix: 'EMAIL#',
  duplicateRequestSk: (createdAt: string, srNumber: string) => `DUPREQ#${createdAt}#${srNumber}`,
  duplicateRequestPrefix: 'DUPREQ#',
} as const;

export const byContact = {
  index: 'ByContact',
  pkAttribute: 'GSI2PK',
  skAttribute: 'GSI2SK',
  pk: (contactRef: string) => `CONTACT#${contactRef}`,
  serviceRequestSk: (createdAt: string, srNumber: string) => `SR#${createdAt}#${srNumber}`,
  serviceRequestPrefix: 'SR#',
  auditSk: (eventId: string) => `AUDIT#${eventId}`,
  auditPrefix: 'AUDIT#',
  letterSk: (createdAt: string, id: string) => `CORR#${createdAt}#${id}`,
  letterPrefix: 'CORR#',
  emailSk: (createdAt: string, id: string) => `EMAIL#${createdAt}#${id}`,
  emailPrefix: 'EMAIL#',
  duplicateRequestSk: (createdAt: string, srNumber: string) => `DUPREQ#${createdAt}#${srNumber}`,
  duplicateRequestPrefix: 'DUPREQ#',
} as const;

export const byQueue = {
  index: 'ByQueue',
  renderPk: 'RENDER',
  approvalPk: (segment: string) => `APPROVAL#${segment}`,
  fulfilmentPk: 'FULFILMENT',
  batchPk: (batchId: string) => `BATCH#${batchId}`,
  allocationPk: 'ALLOCATION',
  allocationSk: (since: string, srNumber: string) => `${since}#${srNumber}`,
  enquiryDuePk: (segment: string) => `ENQUIRYDUE#${segment}`,
  emailSendPk: 'EMAILSEND',
  emailRetryPk: 'EMAILRETRY',
  openIncidentsPk: 'INCIDENTS#open',
  enquiryDueSk: (dueBy: string, srNumber: string) => `${dueBy}#${srNumber}`,
} as const;

/** Attributes that exist only for DynamoDB and are removed before records leave the store. */
export const storageAttributes = ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK', 'GSI3PK', 'GSI3SK', 'expiresAt', 'recordType'] as const;

export function withoutStorageAttributes<T>(item: Record<string, unknown>): T {
  const copy: Record<string, unknown> = { ...item };
  for (const attribute of storageAttributes) delete copy[attribute];
  return copy as T;
}
