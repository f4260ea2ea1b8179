import type { Case, Client } from '../../cases/schemas.ts';
import type { LetterRecipient } from '../../letters/schemas.ts';
import { Problem } from '../../platform/problem.ts';

/**
 * Who may receive an email (the outbound email procedure): a receiving or paying parent on the case who
 * is a self-service user with a valid email address, with CMSL5515; or that client's active
 * representative, at the representative's own address, with CMSL5508. Anyone else is refused with the
 * reason. An address that bounced permanently, or whose owner complained, is not valid until changed.
 */

export const templateFor = { client: 'CMSL5515', representative: 'CMSL5508' } as const;

export interface AddressMark {
  readonly address: string;
  readonly state: 'bounced' | 'complained';
  readonly at: string;
}

export interface EligibilityFacts {
  readonly case: Case;
  /** The parents on the case, by SCIN. */
  readonly parents: ReadonlyMap<string, Client>;
  /** The representative's own record, when the recipient is a representative. */
  readonly representative?: Client | undefined;
  /** The recipient's address, if it bounced or was complained about. */
  readonly mark?: AddressMark | undefined;
}

export interface Eligible {
  readonly recipient: { readonly type: 'client' | 'representative'; readonly scin: string };
  readonly address: string;
  readonly recipientRecord: Client;
  /** The self-service client the email is about. */
  readonly client: Client;
}

const refuse = (reason: string, field = 'body.recipient'): never => {
  throw new Problem('businessRule', `This person cannot be sent an email: ${reason}.`, { errors: [{ field, rule: reason }] });
};

export const normaliseAddress = (address: string): string => address.trim().toLowerCase();

export function eligibleRecipient(recipient: LetterRecipient, templateId: string, facts: EligibilityFacts): Eligible {
  if (recipient.type !== 'client' && recipient.type !== 'representative') {
    return refuse(`emails go only to a self-service client (receiving or paying parent) or their representative, not to a ${recipient.type}`, 'body.recipient.type');
  }
  if (templateFor[recipient.type] !== templateId) refuse(`an email to a ${recipient.type} uses ${templateFor[recipient.type]}, not ${templateId}`, 'body.templateId');
  let client: Client | undefined;
  let record: Client | undefined;
  if (recipient.type === 'client') {
    client = facts.parents.get(recipient.scin);
    if (!client) refuse(`${recipient.scin} is not the receiving or paying parent on case ${facts.case.caseNumber}`);
    record = client;
  } else {
    client = [...facts.parents.values()].find((p) => p.representative?.active && p.representative.scin === recipient.scin);
    if (!client) refuse(`${recipient.scin} is not the active representative of a parent on case ${facts.case.caseNumber}`);
    record = facts.representative;
    if (!record) refuse(`the representative ${recipient.scin} has no contact record`);
  }
  if (!client!.selfServiceUser) refuse('the client is not a self-service user');
  if (client!.deceased || record!.deceased) refuse('the client has died');
  if (client!.correspondenceSuppressed || record!.correspondenceSuppressed) refuse('correspondence to this contact is suppressed');
  const address = record!.email;
  if (!address) refuse(`no email address is recorded for the ${recipient.type}`);
  if (facts.mark && normaliseAddress(facts.mark.address) === normaliseAddress(address!)) {
    refuse(`the ${recipient.type}'s email address ${facts.mark.state === 'bounced' ? 'bounced permanently' : 'was the subject of a complaint'} on ${facts.mark.at.slice(0, 10)}: it is not valid until it is changed on their record`);
  }
  return { recipient: { type: recipient.type, scin: recipient.scin }, address: address!, recipientRecord: record!, client: client! };
}

/** The name an email greets its recipient by. */
export const greetingName = (c: Pick<Client, 'title' | 'firstName' | 'lastName'>): string => (c.title ? `${c.title} ${c.lastName}` : `${c.firstName} ${c.lastName}`);
