import { randomInt } from 'node:crypto';
import { Problem } from '../../platform/problem.ts';
import type { Contact, Organisation, PendingChange } from '../schemas.ts';
import { isTeamOnly } from './organisation-types.ts';

export const maxContactsPerOrganisation = 20;

const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const newChangeId = (): string => `CH-${Array.from({ length: 8 }, () => crockford[randomInt(32)]).join('')}`;

export interface RecordState {
  readonly organisation: Organisation;
  readonly contacts: readonly Contact[];
}

const contactOrRefuse = (state: RecordState, contactId: string | undefined): Contact => {
  const contact = state.contacts.find((c) => c.contactId === contactId);
  if (!contact) throw new Problem('notFound', `${state.organisation.trn} has no contact ${contactId}.`);
  return contact;
};

/** Refuses changes that can never apply, whatever the confirmation. */
export function checkChangeAllowed(state: RecordState, kind: PendingChange['kind'], contactId?: string): void {
  const { organisation } = state;
  if (organisation.status !== 'active') {
    throw new Problem('businessRule', `${organisation.name} (${organisation.trn}) is inactive: its record and contacts cannot be changed.`, {
      errors: [{ field: 'path.trn', rule: 'the organisation must be active' }],
    });
  }
  if (kind === 'add-contact' && state.contacts.length >= maxContactsPerOrganisation) {
    throw new Problem('businessRule', `An organisation can have at most ${maxContactsPerOrganisation} named contacts; inactivate or amend an existing one.`);
  }
  if (kind === 'amend-contact' || kind === 'inactivate-contact') {
    const contact = contactOrRefuse(state, contactId);
    if (contact.status !== 'active') throw new Problem('businessRule', `Contact ${contactId} is already inactive.`);
  }
}

/** The record after a change is applied. Every change bumps the organisation version. */
export function applyChange(state: RecordState, change: Pick<PendingChange, 'kind' | 'contactId' | 'proposed'>, now: Date): RecordState {
  checkChangeAllowed(state, change.kind, change.contactId);
  const at = now.toISOString();
  const bump = (o: Organisation): Organisation => ({ ...o, version: o.version + 1, updatedAt: at });
  switch (change.kind) {
    case 'amend-organisation': {
      const organisation = { ...state.organisation, ...(change.proposed as Partial<Organisation>) };
      return { organisation: bump({ ...organisation, maintainedByThirdPartyTeamOnly: isTeamOnly(organisation.type) }), contacts: state.contacts };
    }
    case 'add-contact': {
      const next = Math.max(0, ...state.contacts.map((c) => Number(c.contactId.slice(1)))) + 1;
      const contact = { ...(change.proposed as Omit<Contact, 'contactId' | 'trn' | 'status'>), contactId: `C${String(next).padStart(2, '0')}`, trn: state.organisation.trn, status: 'active' as const };
      return { organisation: bump(state.organisation), contacts: [...state.contacts, contact] };
    }
    case 'amend-contact':
      return {
        organisation: bump(state.organisation),
        contacts: state.contacts.map((c) => (c.contactId === change.contactId ? { ...c, ...(change.proposed as Partial<Contact>) } : c)),
      };
    case 'inactivate-contact':
      return { organisation: bump(state.organisation), contacts: state.contacts.map((c) => (c.contactId === change.contactId ? { ...c, status: 'inactive' as const } : c)) };
    case 'inactivate-organisation':
      // The organisation and every contact go inactive together.
      return { organisation: bump({ ...state.organisation, status: 'inactive' }), contacts: state.contacts.map((c) => ({ ...c, status: 'inactive' as const })) };
    case 'set-up':
      throw new Error('set-up is not applied to an existing record');
  }
}
