import { queryPage, type Page } from './dynamo.ts';
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
  forCase(caseNumber: string, page: PageQuery): Promise<Page<AuditEvent>> {
    const pk = byCase.pk(caseNumber);
    return queryPage<AuditEvent>(
      { IndexName: byCase.index, KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :prefix)', ExpressionAttributeValues: { ':pk': pk, ':prefix': byCase.auditPrefix } },
      { GSI1PK: pk },
      page,
    );
  },
  forContact(contactRef: string, page: PageQuery): Promise<Page<AuditEvent>> {
    const pk = byContact.pk(contactRef);
    return queryPage<AuditEvent>(
      { IndexName: byContact.index, KeyConditionExpression: 'GSI2PK = :pk AND begins_with(GSI2SK, :prefix)', ExpressionAttributeValues: { ':pk': pk, ':prefix': byContact.auditPrefix } },
      { GSI2PK: pk },
      page,
    );
  },
};
