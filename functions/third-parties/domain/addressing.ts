import { Problem } from '../../platform/problem.ts';
import type { Contact, LetterAddressing, Organisation } from '../schemas.ts';

/**
 * How a letter to a third party is addressed (the letters code uses this):
 * - to a named contact: their name, the organisation on the next line, at the contact's own address or
 *   else the organisation's primary address; opens with the contact's salutation, "Yours sincerely";
 * - to the organisation: the organisation only, "Dear Sir/Madam", "Yours faithfully";
 * - to an MP: the constituency office (the organisation) with the MP as the named contact and the MP's
 *   own salutation.
 * The TRN, and the SR number when there is one, go in the header.
 */
export function addressLetter(organisation: Organisation, contacts: readonly Contact[], options: { contactId?: string; srNumber?: string } = {}): LetterAddressing {
  if (organisation.status !== 'active') throw new Problem('businessRule', `${organisation.name} (${organisation.trn}) is inactive: letters cannot be addressed to it.`);
  const references = [{ label: 'Our reference (TRN)', value: organisation.trn }, ...(options.srNumber ? [{ label: 'SR number', value: options.srNumber }] : [])];
  const primary = organisation.addresses.find((a) => a.primary) ?? organisation.addresses[0]!;

  let contact: Contact | undefined;
  if (options.contactId) {
    contact = contacts.find((c) => c.contactId === options.contactId);
    if (!contact) throw new Problem('notFound', `${organisation.trn} has no contact ${options.contactId}.`);
    if (contact.status !== 'active') throw new Problem('businessRule', `Contact ${options.contactId} of ${organisation.trn} is inactive: letters cannot be addressed to them.`);
  } else if (organisation.type === 'mp') {
    contact = contacts.find((c) => c.status === 'active');
  }

  if (!contact) {
    return { addressBlock: [organisation.name, ...primary.lines, primary.postcode], salutation: 'Dear Sir/Madam', valediction: 'Yours faithfully', references };
  }
  const address = contact.address ?? primary;
  const name = [contact.title, contact.firstName, contact.lastName].filter(Boolean).join(' ') + (organisation.type === 'mp' ? ' MP' : '');
  const salutation = contact.salutation ?? `Dear ${contact.title ? `${contact.title} ${contact.lastName}` : `${contact.firstName} ${contact.lastName}`}`;
  return { addressBlock: [name, organisation.name, ...address.lines, address.postcode], salutation, valediction: 'Yours sincerely', references };
}
