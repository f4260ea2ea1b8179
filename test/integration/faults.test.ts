import { randomUUID } from 'node:crypto';
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { invokeHttp } from '../support/in-process.ts';
import { api, runSchedule, tokenFor } from '../support/api.ts';
import { eventually, generalEnquiry, givenCase, givenServiceRequest } from './fixtures.ts';

/** Faults the emulators cannot produce, injected with aws-sdk-client-mock into handlers run in this process. */

const mocks: { restore: () => void }[] = [];
afterEach(() => {
  for (const m of mocks.splice(0)) m.restore();
});

describe('when AWS misbehaves', () => {
  it('an SQS outage during Pending Assignment loses no work: the SR is saved and the requeue sweep allocates it later', async () => {
    const fixture = await givenCase({ owningCaseworker: 'cw-eleri' });
    const { srNumber, etag } = await givenServiceRequest(fixture);
    const sqs = mockClient(SQSClient);
    mocks.push(sqs);
    sqs.on(SendMessageCommand).rejects(Object.assign(new Error('Service unavailable'), { name: 'ServiceUnavailable', $metadata: { httpStatusCode: 503 } }));

    const res = await invokeHttp('changeServiceRequestStatus', {
      pathParameters: { srNumber },
      headers: { authorization: `Bearer ${await tokenFor('caseworker')}`, 'if-match': etag },
      body: { status: 'Pending Assignment' },
    });
    expect(res.statusCode).toBe(200);
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(1);
    sqs.restore();

    const read = async () => (await api('caseworker').get(`/service-requests/${srNumber}`)).body as { subStatus: string; assignedTo?: { id: string } };
    expect(await read()).toMatchObject({ subStatus: 'Awaiting Allocation' });
    await runSchedule('requeueUnallocated', { staleAfterSeconds: 0 });
    const allocated = await eventually(read, (sr) => sr.assignedTo !== undefined);
    expect(allocated.assignedTo).toMatchObject({ id: 'cw-eleri' });
  });

  it('DynamoDB throttling gives a retry-safe 500 problem, writes nothing, and the retry creates the SR once', async () => {
    const fixture = await givenCase();
    const caseItem = (await api('case-manager').get(`/cases/${fixture.caseNumber}`)).body as Record<string, unknown>;
    const dynamo = mockClient(DynamoDBDocumentClient);
    mocks.push(dynamo);
    dynamo.on(GetCommand).resolves({});
    dynamo.on(GetCommand, { Key: { PK: `CASE#${fixture.caseNumber}`, SK: 'CASE' } }).resolves({ Item: caseItem });
    dynamo.on(TransactWriteCommand).rejects(new ProvisionedThroughputExceededException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 400 } }));

    const key = randomUUID();
    const call = {
      headers: { authorization: `Bearer ${await tokenFor('caseworker')}`, 'idempotency-key': key },
      body: { caseNumber: fixture.caseNumber, ...generalEnquiry, channel: 'phone' },
    };
    const failed = await invokeHttp('createServiceRequest', call);
    expect(failed.statusCode).toBe(500);
    expect(failed.headers?.['content-type']).toBe('application/problem+json');
    expect(JSON.parse(failed.body ?? '{}')).toMatchObject({ type: '/problems/internal', detail: expect.stringContaining('safe to retry') });
    dynamo.restore();

    expect(((await api('caseworker').get(`/cases/${fixture.caseNumber}/service-requests`)).body as { items: unknown[] }).items).toHaveLength(0);
    const retried = await invokeHttp('createServiceRequest', call);
    expect(retried.statusCode).toBe(201);
    const again = await invokeHttp('createServiceRequest', call);
    expect(JSON.parse(again.body ?? '{}').srNumber).toBe(JSON.parse(retried.body ?? '{}').srNumber);
    expect(((await api('caseworker').get(`/cases/${fixture.caseNumber}/service-requests`)).body as { items: unknown[] }).items).toHaveLength(1);
  });
});
