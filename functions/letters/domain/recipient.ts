import type { Address, Case, Client, Employer } from '../../cases/schemas.ts';
import { Problem } from '../../platform/problem.ts';
import { addressLetter } from '../../third-parties/domain/addressing.ts';
import { normalisePostcode } from '../../third-parties/domain/normalise.ts';
import type { Contact, Organisation } from '../../third-parties/schemas.ts';
import type { LetterRecipient } from '../schemas.ts';

/** Everything generation needs to know about who the letter goes to, loaded by the use case. */
export interface RecipientData {
  readonly case: Case;
  readonly clients: ReadonlyMap<string, Client>;
  readonly employer?: Employer;
  readonly thirdParty?: { organisation: Organisation; contacts: readonly Contact[] };
  readonly srNumber: string;
}

export interface ResolvedRecipient {
  readonly name: string;
  readonly addressBlock: string[];
  readonly customCountry?: string;
  readonly references: { label: string; value: string }[];
  readonly referenceType: 'SCIN' | 'ERN' | 'TRN';
  readonly reference: string;
  readonly salutation: string;
  readonly valediction: string;
  readonly selfService: boolean;
  readonly specialRequirements: string[];
  readonly suppressed: boolean;
  /** Reads Welsh: letters need a Welsh translation before they are sent. */
  readonly welsh: boolean;
  readonly activeRepresentative?: { scin: string; name: string };
  /** The client a representative acts for, or the client themself. */
  readonly clientName?: string;
}

export const generationError = (detail: string, extensions: Record<string, unknown> = {}): Problem =>
  new Problem('businessRule', `Error in generation: ${detail}`, extensions);

const fullName = (c: Pick<Client, 'title' | 'firstName' | 'lastName'>): string => [c.title, c.firstName, c.lastName].filter(Boolean).join(' ');
const dearClient = (c: Client): string => (c.title ? `Dear ${c.title} ${c.lastName}` : `Dear ${c.firstName} ${c.lastName}`);

/** "BFPO <number>", in a line or in the postcode field. */
const bfpoNumber = /\bBFPO\s*\d+/i;

/**
 * The procedure flags a British Forces Post Office address (Custom Country "Not Known") by what it says,
 * so an address stored as residential or correspondence whose last line is "BFPO 38" is BFPO too.
 */
const isBfpoAddress = (address: Pick<Address, 'type' | 'lines' | 'postcode'>): boolean =>
  address.type === 'bfpo' || [...address.lines, address.postcode ?? ''].some((line) => bfpoNumber.test(line));

/** GOV.UK Notify's rule: 3 to 7 lines, ending in a real UK postcode or a BFPO address. */
export function checkAddressBlock(lines: readonly string[], bfpo: boolean): void {
  if (lines.length < 3 || lines.length > 7) throw generationError(`the address must have 3 to 7 lines including the name; it has ${lines.length}.`, { errors: [{ field: 'recipient.address', rule: 'must have 3 to 7 lines' }] });
  const last = lines.at(-1)!;
  if (!normalisePostcode(last) && !(bfpo && lines.some((l) => bfpoNumber.test(l)))) {
    throw generationError(`the address must end with a valid UK postcode or be a BFPO address ("${last}" is not a postcode).`, { errors: [{ field: 'recipient.address', rule: 'must end with a valid UK postcode or be BFPO' }] });
  }
}

const unusableAddress = { dlo: 'dead letter office', nfa: 'no fixed abode', pwa: 'person without address' } as const;

function clientAddress(client: Client): { lines: string[]; bfpo: boolean } {
  // The procedure: a residential address recorded as DLO, NFA or PWA means no letter can be generated.
  const unusable = client.addresses.find((a) => a.type in unusableAddress);
  if (unusable) {
    throw generationError(`${fullName(client)} has no address we can write to (recorded as ${unusable.type.toUpperCase()}: ${unusableAddress[unusable.type as keyof typeof unusableAddress]}).`);
  }
  const address = client.addresses.find((a) => a.type === 'correspondence') ?? client.addresses.find((a) => a.type === 'bfpo') ?? client.addresses.find((a) => a.type === 'residential');
  if (!address) throw generationError(`${fullName(client)} has no correspondence or residential address.`);
  const lines = [...address.lines, ...(address.postcode ? [normalisePostcode(address.postcode) ?? address.postcode] : [])];
  return { lines, bfpo: isBfpoAddress(address) };
}

function clientOrRefuse(data: RecipientData, scin: string, who: string): Client {
  const client = data.clients.get(scin);
  if (!client) throw generationError(`there is no client record for the ${who} (SCIN ${scin}).`, { missingVariables: [`${who}.record`] });
  return client;
}

export function resolveRecipient(recipient: LetterRecipient, data: RecipientData): ResolvedRecipient {
  switch (recipient.type) {
    case 'client': {
      const client = clientOrRefuse(data, recipient.scin, 'client');
      if (![data.case.receivingParent, data.case.payingParent].includes(client.scin)) throw generationError(`${recipient.scin} is not a parent on case ${data.case.caseNumber}.`);
      if (client.deceased && client.executorOrNextOfKin) {
        throw generationError(`${fullName(client)} has died. Write to their executor or next of kin, ${client.executorOrNextOfKin.name} (SCIN ${client.executorOrNextOfKin.scin}).`);
      }
      const { lines, bfpo } = clientAddress(client);
      const deceased = client.deceased;
      const name = deceased ? `To The Executor Of ${fullName(client)}` : fullName(client);
      const addressBlock = [name, ...lines];
      checkAddressBlock(addressBlock, bfpo);
      return {
        name,
        addressBlock,
        ...(bfpo ? { customCountry: 'Not Known' } : {}),
        references: [{ label: 'Your reference (SCIN)', value: client.scin }],
        referenceType: 'SCIN',
        reference: client.scin,
        salutation: deceased ? 'Dear Sir or Madam' : dearClient(client),
        valediction: deceased ? 'Yours faithfully' : 'Yours sincerely',
        selfService: client.selfServiceUser,
        specialRequirements: client.specialRequirements,
        suppressed: client.correspondenceSuppressed,
        welsh: client.welshLanguage,
        ...(client.representative?.active ? { activeRepresentative: { scin: client.representative.scin, name: client.representative.name } } : {}),
        clientName: fullName(client),
      };
    }
    case 'representative': {
      const represented = [data.case.receivingParent, data.case.payingParent]
        .map((scin) => data.clients.get(scin))
        .find((c) => c?.representative?.active && c.representative.scin === recipient.scin);
      if (!represented) throw generationError(`${recipient.scin} is not the active representative of a parent on case ${data.case.caseNumber}.`);
      const rep = clientOrRefuse(data, recipient.scin, 'representative');
      const { lines, bfpo } = clientAddress(rep);
      const addressBlock = [fullName(rep), ...lines];
      checkAddressBlock(addressBlock, bfpo);
      return {
        name: fullName(rep),
        addressBlock,
        references: [{ label: 'Your reference (SCIN)', value: rep.scin }],
        referenceType: 'SCIN',
        reference: rep.scin,
        salutation: dearClient(rep),
        valediction: 'Yours sincerely',
        selfService: rep.selfServiceUser,
        specialRequirements: rep.specialRequirements,
        suppressed: rep.correspondenceSuppressed,
        welsh: rep.welshLanguage,
        clientName: fullName(represented!),
      };
    }
    case 'employer': {
      const employer = data.employer;
      if (!employer || !data.case.employers.includes(recipient.ern)) throw generationError(`${recipient.ern} is not an employer on case ${data.case.caseNumber}.`);
      // No named payroll contact: the letter carries the employer's details only.
      const names = employer.payrollContact ? [employer.payrollContact, employer.name] : [employer.name];
      const addressBlock = [...names, ...employer.address.lines, ...(employer.address.postcode ? [normalisePostcode(employer.address.postcode) ?? employer.address.postcode] : [])];
      checkAddressBlock(addressBlock, isBfpoAddress(employer.address));
      return {
        name: employer.payrollContact ?? employer.name,
        addressBlock,
        references: [{ label: 'Employer reference (ERN)', value: employer.ern }],
        referenceType: 'ERN',
        reference: employer.ern,
        salutation: employer.payrollContact ? `Dear ${employer.payrollContact}` : 'Dear Sir or Madam',
        valediction: employer.payrollContact ? 'Yours sincerely' : 'Yours faithfully',
        selfService: false,
        specialRequirements: [],
        suppressed: false,
        welsh: false,
      };
    }
    case 'third-party': {
      if (!data.thirdParty) throw generationError(`there is no third party ${recipient.trn}.`);
      const addressing = addressLetter(data.thirdParty.organisation, data.thirdParty.contacts, { ...(recipient.contactId ? { contactId: recipient.contactId } : {}), srNumber: data.srNumber });
      checkAddressBlock(addressing.addressBlock, false);
      return {
        name: addressing.addressBlock[0]!,
        addressBlock: addressing.addressBlock,
        references: addressing.references,
        referenceType: 'TRN',
        reference: recipient.trn,
        salutation: addressing.salutation,
        valediction: addressing.valediction,
        selfService: false,
        specialRequirements: [],
        suppressed: false,
        welsh: false,
      };
    }
  }
}
