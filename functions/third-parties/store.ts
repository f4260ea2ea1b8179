import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../platform/aws-clients.ts';
import { table, type TransactItem } from '../platform/dynamo.ts';
import { keys, thirdPartyLookup, withoutStorageAttributes } from '../platform/keys.ts';
import { lookupEntries, type LookupEntry } from './domain/lookup-entries.ts';
import type { Contact, Organisation, PendingChange } from './schemas.ts';

export interface ThirdPartyRecord {
  organisation: Organisation;
  contacts: Contact[];
  pendingChanges: PendingChange[];
}

/** Issues the next TRN. An atomic counter: a TRN is never issued twice, even if the set-up then fails. */
export async function issueTrn(): Promise<string> {
  const { Attributes } = await dynamo().send(
    new UpdateCommand({ TableName: table(), Key: keys.trnCounter, UpdateExpression: 'ADD lastIssued :one', ExpressionAttributeValues: { ':one': 1 }, ReturnValues: 'UPDATED_NEW' }),
  );
  return `T${String(Attributes?.lastIssued as number).padStart(7, '0')}`;
}

/** The organisation with its contacts and pending changes, in one Query. */
export async function getRecord(trn: string): Promise<ThirdPartyRecord | undefined> {
  const [from, to] = keys.thirdPartyRecordRange;
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: table(),
        KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': keys.thirdPartyPartition(trn), ':from': from, ':to': to },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  const organisation = items.find((i) => i.SK === 'ORG');
  if (!organisation) return undefined;
  return {
    organisation: withoutStorageAttributes<Organisation>(organisation),
    contacts: items.filter((i) => String(i.SK).startsWith('CONTACT#')).map((i) => withoutStorageAttributes<Contact>(i)),
    pendingChanges: items.filter((i) => String(i.SK).startsWith('CHANGE#')).map((i) => withoutStorageAttributes<PendingChange>(i)),
  };
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * The writes that turn `before` into `after`: the organisation (conditional on its version, which every
 * change bumps, so concurrent changes conflict), changed contacts, and only the lookup entries that
 * changed or went away.
 */
export function recordWrites(before: ThirdPartyRecord | undefined, after: { readonly organisation: Organisation; readonly contacts: readonly Contact[] }): TransactItem[] {
  const trn = after.organisation.trn;
  const writes: TransactItem[] = [
    {
      Put: {
        TableName: table(),
        Item: { ...keys.thirdParty(trn), recordType: 'ThirdPartyOrganisation', ...after.organisation },
        ...(before
          ? { ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': before.organisation.version } }
          : { ConditionExpression: 'attribute_not_exists(PK)' }),
      },
    },
  ];
  for (const contact of after.contacts) {
    const old = before?.contacts.find((c) => c.contactId === contact.contactId);
    if (old && same(old, contact)) continue;
    writes.push({ Put: { TableName: table(), Item: { ...keys.thirdPartyContact(trn, contact.contactId), recordType: 'ThirdPartyContact', ...contact } } });
  }
  const oldEntries = new Map((before ? lookupEntries(before.organisation, before.contacts) : []).map((e) => [`${e.PK}|${e.SK}`, e]));
  const newEntries = lookupEntries(after.organisation, after.contacts);
  for (const entry of newEntries) {
    const key = `${entry.PK}|${entry.SK}`;
    if (!same(oldEntries.get(key), entry)) writes.push({ Put: { TableName: table(), Item: entry } });
    oldEntries.delete(key);
  }
  for (const gone of oldEntries.values()) writes.push({ Delete: { TableName: table(), Key: { PK: gone.PK, SK: gone.SK } } });
  return writes;
}

export const changeWrite = (change: PendingChange): TransactItem => ({
  Put: { TableName: table(), Item: { ...keys.thirdPartyChange(change.trn, change.changeId), recordType: 'ThirdPartyChange', ...change }, ConditionExpression: 'attribute_not_exists(PK)' },
});

export const changeDelete = (change: PendingChange): TransactItem => ({
  Delete: { TableName: table(), Key: keys.thirdPartyChange(change.trn, change.changeId), ConditionExpression: 'attribute_exists(PK)' },
});

/** Up to `limit` entries of one lookup partition, optionally with a sort-key prefix, paging at most `maxPages`. */
export async function queryLookup(partition: string, prefix: string | undefined, accept: (entry: LookupEntry) => boolean, limit: number, maxPages = 5): Promise<{ entries: LookupEntry[]; truncated: boolean }> {
  const entries: LookupEntry[] = [];
  let start: Record<string, unknown> | undefined;
  let pages = 0;
  do {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: table(),
        KeyConditionExpression: prefix ? 'PK = :pk AND begins_with(SK, :prefix)' : 'PK = :pk',
        ExpressionAttributeValues: { ':pk': partition, ...(prefix ? { ':prefix': prefix } : {}) },
        Limit: 100,
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) {
      const entry = item as LookupEntry;
      if (accept(entry)) entries.push(entry);
    }
    start = page.LastEvaluatedKey;
    pages++;
  } while (start && entries.length < limit && pages < maxPages);
  return { entries: entries.slice(0, limit), truncated: Boolean(start) || entries.length > limit };
}

export { thirdPartyLookup };
