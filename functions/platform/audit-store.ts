import { casePage, contactPage } from './case-reach.ts';
import { indexPrefixPage, queryPage, type Page } from './dynamo.ts';
import { byCase, byContact, keys } from './keys.ts';
import type { AuditEvent, PageQuery } from './shared-schemas.ts';

/** The three audit trails: per record, per case and per recipient. */
export const auditStore = {
  forEntity(entityPk: string, page: PageQuery): Promise<Page<AuditEvent>> {
    return queryPage<AuditEvent>(
      { KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)', ExpressionAttributeValues: { ':pk': entityPk, ':prefix': keys.auditPrefix } },
      { PK: entityPk },
      page,
    );
  },
  forCase: (caseNumber: string, page: PageQuery): Promise<Page<AuditEvent>> => casePage(caseNumber, () => indexPrefixPage<AuditEvent>(byCase, byCase.pk(caseNumber), byCase.auditPrefix, page)),
  forContact: (contactRef: string, page: PageQuery): Promise<Page<AuditEvent>> => contactPage(contactRef, indexPrefixPage<AuditEvent>(byContact, byContact.pk(contactRef), byContact.auditPrefix, page)),
};
