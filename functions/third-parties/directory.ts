import { auditItem, type AuditActor } from '../platform/audit.ts';
import { transact, type TransactItem } from '../platform/dynamo.ts';
import type { HttpResult, Idempotency } from '../platform/http-handler.ts';
import { keys, thirdPartyLookup } from '../platform/keys.ts';
import { newEventId } from '../platform/identifiers.ts';
import { asSystem } from '../platform/access.ts';
import { Problem, validationProblem } from '../platform/problem.ts';
import { serviceRequestStore } from '../service-requests/store.ts';
import { createServiceRequest, getServiceRequest } from '../service-requests/use-cases.ts';
import { addressLetter } from './domain/addressing.ts';
import { entryMatches, type LookupEntry } from './domain/lookup-entries.ts';
import { isOutwardCode, nameWords, normaliseEmail, normalisePhone, normalisePostcode } from './domain/normalise.ts';
import { matchCaller, requiredMatches, type CallerStatement } from './domain/verification.ts';
import type { LookupResult } from './schemas.ts';
import { queryLookup } from './store.ts';
import { recordOrRefuse } from './use-cases.ts';

/** Finding, verifying, addressing and routing contact from third parties. */

export interface LookupRequest {
  readonly name?: string;
  readonly postcode?: string;
  readonly type?: string;
  readonly phone?: string;
  readonly email?: string;
  readonly includeInactive: boolean;
  readonly limit: number;
}

function postcodeFilter(postcode: string | undefined): string | undefined {
  if (!postcode) return undefined;
  const full = normalisePostcode(postcode);
  if (full) return full;
  if (isOutwardCode(postcode)) return postcode.toUpperCase().replace(/\s/g, '');
  throw validationProblem([{ field: 'query.postcode', rule: 'must be a UK postcode (LS1 4AP) or its outward code (LS1)' }]);
}

const toResult = (entry: LookupEntry): LookupResult => ({
  trn: entry.trn,
  name: entry.name,
  type: entry.type,
  status: entry.status,
  postcode: entry.postcode,
  ...(entry.contact ? { contact: entry.contact } : {}),
});

/** One Query on one lookup partition: by name word (prefix), by phone or by email; filters narrow the page. */
export async function lookUp(request: LookupRequest): Promise<{ items: LookupResult[]; truncated: boolean }> {
  const filter = { postcode: postcodeFilter(request.postcode), type: request.type, includeInactive: request.includeInactive };
  if (request.name) {
    const words = nameWords(request.name);
    if (words.length === 0) throw validationProblem([{ field: 'query.name', rule: 'must contain a word of at least 2 letters that is not "and", "the" or "of"' }]);
    const accept = () => {
      const seen = new Set<string>();
      return (e: LookupEntry) => {
        if (seen.has(e.trn) || !entryMatches(e, { ...filter, words })) return false;
        seen.add(e.trn);
        return true;
      };
    };
    const read = (word: string, maxPages: number) => queryLookup(thirdPartyLookup.wordPartition(word), word, accept(), request.limit, maxPages);
    // Read the first page for every typed word at once: a rare word ("Lambourne") gives the complete
    // answer even when another ("Solicitors") is shared by thousands of organisations.
    const firstPages = await Promise.all(words.map((w) => read(w, 1)));
    const complete = firstPages.find((p) => !p.truncated);
    const longest = words.reduce((a, b) => (b.length > a.length ? b : a));
    const { entries, truncated } = complete ?? (await read(longest, 5));
    return { items: entries.map(toResult).sort((a, b) => a.name.localeCompare(b.name)), truncated };
  }
  const partition = request.phone ? thirdPartyLookup.phonePartition(normalisePhone(request.phone)!) : thirdPartyLookup.emailPartition(normaliseEmail(request.email!));
  const { entries, truncated } = await queryLookup(partition, undefined, (e) => entryMatches(e, filter), request.limit);
  return { items: entries.map(toResult), truncated };
}

/**
 * Checks what a caller says against the record. Three matching details verify them. The answer names
 * which details matched, never the stored values. The caller's name and the outcome go in the SR notes.
 */
export async function verifyCaller(trn: string, request: { callerName: string; srNumber?: string; said: CallerStatement }, actor: AuditActor, now: Date) {
  const record = await recordOrRefuse(trn);
  const matched = matchCaller(record.organisation, record.contacts, request.said);
  const verified = matched.length >= requiredMatches;
  const detail = verified
    ? `Verified: ${matched.length} details matched.`
    : `Not verified: ${matched.length} of the ${requiredMatches} details needed matched. Ask for more details, or do not discuss the case.`;
  const items: TransactItem[] = [
    auditItem({ actor, action: 'ThirdPartyCallerVerification', entity: { type: 'ThirdPartyOrganisation', id: trn, pk: keys.thirdPartyAuditPartition(trn) }, contactRef: trn, after: { callerName: request.callerName, verified, matched }, now }),
  ];
  if (request.srNumber) {
    const sr = await getServiceRequest(request.srNumber);
    const text = `Third party caller: ${request.callerName} (${record.organisation.name}, TRN ${trn}). ${verified ? 'Verified' : 'NOT verified'}: matched ${matched.length ? matched.join(', ') : 'nothing'}.`;
    items.push(
      serviceRequestStore.existsCheck(sr.srNumber),
      serviceRequestStore.noteItem({ noteId: newEventId(now), srNumber: sr.srNumber, kind: 'note', text, author: actor.id, authorRole: actor.role, createdAt: now.toISOString() }),
    );
  }
  await transact(items);
  return { verified, matched, required: requiredMatches, detail };
}

export async function letterAddressing(trn: string, options: { contactId?: string; srNumber?: string }) {
  const record = await recordOrRefuse(trn);
  return addressLetter(record.organisation, record.contacts, options);
}

/**
 * Inbound contact from a third party about a case: a Third Party / Manage Inbound Correspondence SR
 * linked to the organisation (and contact) and the case, routed by work allocation. When the caseworker
 * cannot take the call, a Manage Inbound Call / General Enquiry SR with a call-back activity instead.
 */
export async function routeInboundContact(
  trn: string,
  request: { caseNumber: string; contactId?: string; channel: 'phone' | 'letter' | 'email' | 'fax'; description: string; caseworkerAvailable: boolean },
  actor: AuditActor,
  idempotency: Idempotency | undefined,
  now: Date,
): Promise<HttpResult> {
  const record = await recordOrRefuse(trn);
  const contact = request.contactId ? record.contacts.find((c) => c.contactId === request.contactId) : undefined;
  if (request.contactId && !contact) throw new Problem('notFound', `${trn} has no contact ${request.contactId}.`);
  const type = request.caseworkerAvailable
    ? { process: 'Third Party', area: 'Manage Inbound Correspondence', subArea: 'Case/Client Enquiry' }
    : { process: 'Manage Inbound Call', area: 'General Enquiry', subArea: 'General Enquiry' };
  // Routing crosses segments: whoever takes the call raises the SR for the case's owner, and learns
  // nothing of the case beyond the SR they raised (work allocation routes it to the owner).
  return asSystem(() => createServiceRequest(
    { caseNumber: request.caseNumber, contact: { type: 'third-party', trn, ...(request.contactId ? { contactId: request.contactId } : {}) }, ...type, channel: request.channel, description: request.description },
    actor,
    idempotency,
    now,
    {
      pendingAssignment: true,
      ...(request.caseworkerAvailable
        ? {}
        : { callBack: { requestedAt: now.toISOString(), reason: 'Caseworker unavailable: call the third party back', trn, ...(request.contactId ? { contactId: request.contactId } : {}), ...((contact?.phone ?? record.organisation.phone) ? { phone: contact?.phone ?? record.organisation.phone } : {}) } }),
    },
  ));
}
