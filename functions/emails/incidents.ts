import * as z from 'zod';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../platform/aws-clients.ts';
import { reachable, reachableItems } from '../platform/case-reach.ts';
import { queryPage, table, type Page, type TransactItem } from '../platform/dynamo.ts';
import { newIncidentId } from '../platform/identifiers.ts';
import { byQueue, keys, withoutStorageAttributes } from '../platform/keys.ts';
import type { PageQuery } from '../platform/shared-schemas.ts';
import type { Email } from './schemas.ts';

/**
 * An incident: an email that could not be sent after its 3 retries over 24 hours, or whose send had an
 * unknown outcome that SES never confirmed. It is readable through the API, counted by a CloudWatch
 * metric whose alarm goes to the alarm topic, and shown in the author's My Activities.
 */
export const Incident = z
  .object({
    incidentId: z.string(),
    kind: z.enum(['email-not-sent', 'email-send-outcome-unknown']),
    status: z.enum(['open', 'resolved']),
    raisedAt: z.iso.datetime(),
    resolvedAt: z.iso.datetime().optional(),
    correspondenceId: z.string(),
    srNumber: z.string(),
    caseNumber: z.string(),
    owner: z.string().describe('The caseworker whose email it is'),
    attempts: z.number().int(),
    reason: z.string(),
  })
  .meta({ id: 'Incident' });
export type Incident = z.infer<typeof Incident>;

export const metricNamespace = 'CMS/ClientContact';
export const incidentMetric = 'EmailIncidentsRaised';

export function newIncident(email: Email, kind: Incident['kind'], reason: string, now: Date): Incident {
  return { incidentId: newIncidentId(), kind, status: 'open', raisedAt: now.toISOString(), correspondenceId: email.correspondenceId, srNumber: email.srNumber, caseNumber: email.caseNumber, owner: email.createdBy, attempts: email.send?.attempt ?? 0, reason };
}

export function incidentItem(incident: Incident): TransactItem {
  const open = incident.status === 'open' ? { GSI3PK: byQueue.openIncidentsPk, GSI3SK: `${incident.raisedAt}#${incident.incidentId}` } : {};
  return { Put: { TableName: table(), Item: { ...keys.incident(incident.incidentId), recordType: 'Incident', ...open, ...incident } } };
}

export const incidentStore = {
  async get(incidentId: string): Promise<Incident | undefined> {
    const { Item } = await dynamo().send(new GetCommand({ TableName: table(), Key: keys.incident(incidentId), ConsistentRead: true }));
    return reachable(Item ? withoutStorageAttributes<Incident>(Item) : undefined);
  },
  listOpen: async (page: PageQuery): Promise<Page<Incident>> => {
    const found = await queryPage<Incident>({ IndexName: byQueue.index, KeyConditionExpression: 'GSI3PK = :pk', ExpressionAttributeValues: { ':pk': byQueue.openIncidentsPk } }, { GSI3PK: byQueue.openIncidentsPk }, page);
    return { ...found, items: await reachableItems(found.items) };
  },
};

/**
 * The metric, as a CloudWatch embedded metric format line on stdout (Lambda sends stdout to the log
 * group, where CloudWatch extracts it): no PutMetricData call, and it does not depend on LOG_LEVEL.
 */
export function emitIncidentMetric(incident: Incident, now: Date): void {
  const line = { _aws: { Timestamp: now.getTime(), CloudWatchMetrics: [{ Namespace: metricNamespace, Dimensions: [[]], Metrics: [{ Name: incidentMetric, Unit: 'Count' }] }] }, [incidentMetric]: 1, incidentId: incident.incidentId, kind: incident.kind };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}
