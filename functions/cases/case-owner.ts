import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { asSystem } from '../platform/access.ts';
import { dynamo } from '../platform/aws-clients.ts';
import { table } from '../platform/dynamo.ts';
import { keys } from '../platform/keys.ts';
import { Problem } from '../platform/problem.ts';
import { caseStore } from './store.ts';

/**
 * Who owns a case, and nothing more: the third-party team "does not have direct access to cases
 * associated with third parties but does have access to allow them to search and identify the caseworker
 * or segment responsible". By case number, or by a client's or employer's reference (every case they
 * are on). Read for the system, across segments, and answered with the owner only.
 */
export interface CaseOwner {
  readonly caseNumber: string;
  readonly owningCaseworker?: string;
  readonly owningSegment: string;
}

export function caseOwners(query: { caseNumber?: string | undefined; scin?: string | undefined; ern?: string | undefined }): Promise<CaseOwner[]> {
  return asSystem(async () => {
    const ref = query.scin ?? query.ern;
    const caseNumbers = query.caseNumber
      ? [query.caseNumber]
      : ((await dynamo().send(new QueryCommand({ TableName: table(), KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': keys.contactCasesPartition(ref!) }, ProjectionExpression: 'caseNumber' }))).Items ?? []).map((i) => i.caseNumber as string);
    const cases = await Promise.all(caseNumbers.map((n) => caseStore.get(n)));
    const owners = cases.flatMap((c) => (c ? [{ caseNumber: c.caseNumber, ...(c.owningCaseworker ? { owningCaseworker: c.owningCaseworker } : {}), owningSegment: c.owningSegment }] : []));
    if (owners.length === 0) throw new Problem('notFound', 'No case found for that reference.');
    return owners;
  });
}
