import { describe, expect, it } from 'vitest';
import { api } from '../support/api.ts';
import { givenCase, givenServiceRequest } from './fixtures.ts';

describe('a self-service client sees only their own records', () => {
  it('reads their own client record and SRs about them', async () => {
    const fixture = await givenCase();
    const { srNumber } = await givenServiceRequest(fixture);
    const client = api('client', { scin: fixture.receivingParent });
    expect((await client.get(`/clients/${fixture.receivingParent}`)).status).toBe(200);
    expect((await client.get(`/service-requests/${srNumber}`)).status).toBe(200);
    const list = (await client.get(`/clients/${fixture.receivingParent}/service-requests`)).body as { items: { srNumber: string }[] };
    expect(list.items.map((s) => s.srNumber)).toEqual([srNumber]);
  });

  it("gets 404 for the other parent's records, as if they did not exist", async () => {
    const fixture = await givenCase();
    const { srNumber } = await givenServiceRequest(fixture); // about the receiving parent
    const payingParent = api('client', { scin: fixture.payingParent });
    for (const path of [`/clients/${fixture.receivingParent}`, `/service-requests/${srNumber}`, `/clients/${fixture.receivingParent}/service-requests`]) {
      const res = await payingParent.get(path);
      expect(res.status, path).toBe(404);
      expect(JSON.stringify(res.body)).not.toContain(fixture.receivingParent);
    }
  });

  it('cannot reach staff routes such as the case or its audit trail', async () => {
    const fixture = await givenCase();
    const client = api('client', { scin: fixture.receivingParent });
    expect((await client.get(`/cases/${fixture.caseNumber}`)).status).toBe(403);
    expect((await client.get(`/contacts/${fixture.receivingParent}/audit`)).status).toBe(403);
  });
});

describe('what a client sees in the portal', () => {
  it('an SR about them without staff ids, notes, assignment, activity plan or history', async () => {
    const fixture = await givenCase();
    const { srNumber } = await givenServiceRequest(fixture);
    const client = api('client', { scin: fixture.receivingParent });
    const sr = (await client.get(`/service-requests/${srNumber}`)).body as Record<string, unknown>;
    expect(sr).toMatchObject({ srNumber, status: 'Open', process: 'Manage Inbound Call' });
    for (const internal of ['createdBy', 'updatedBy', 'activityPlan', 'assignedTo', 'lettersAwaitingApproval', 'description', 'version']) expect(sr, internal).not.toHaveProperty(internal);
    expect(JSON.stringify(sr)).not.toContain('cw-alice');
    const listed = ((await client.get(`/clients/${fixture.receivingParent}/service-requests`)).body as { items: Record<string, unknown>[] }).items;
    expect(listed[0]).toEqual(sr);
  });

  it('"not yours" and "does not exist" are the same answer, word for word', async () => {
    const fixture = await givenCase();
    const { srNumber } = await givenServiceRequest(fixture);
    const other = api('client', { scin: fixture.payingParent });
    const notYours = await other.get(`/service-requests/${srNumber}`);
    const missing = await other.get('/service-requests/SR-00000000');
    expect(notYours.status).toBe(404);
    expect(notYours.body).toEqual(missing.body);
    expect((await other.get(`/clients/${fixture.receivingParent}`)).body).toEqual(missing.body);
  });
});
