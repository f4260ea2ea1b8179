import type { Case } from '../../cases/schemas.ts';
import type { SrType } from '../schemas.ts';

export const thirdPartyTeamSegment = 'THIRD-PARTY-TEAM';
export const financeTeamSegment = 'FINANCE-TEAM';

export interface AllocationTarget {
  readonly kind: 'caseworker' | 'segment';
  readonly id: string;
}

/** Work allocation: who a Pending Assignment SR goes to. */
export function allocate(type: SrType, owningCase: Pick<Case, 'owningCaseworker' | 'owningSegment'>): AllocationTarget {
  switch (type.allocation) {
    case 'third-party-team':
      return { kind: 'segment', id: thirdPartyTeamSegment };
    case 'finance-team':
      return { kind: 'segment', id: financeTeamSegment };
    case 'case-owner':
      return owningCase.owningCaseworker
        ? { kind: 'caseworker', id: owningCase.owningCaseworker }
        : { kind: 'segment', id: owningCase.owningSegment };
  }
}
