import { describe, expect, it } from 'vitest';
import { api, anonymous } from '../support/api.ts';
import { eventually } from './fixtures.ts';
import { givenApprovedEmail, givenEnquirySr, givenSelfServiceCase, mailTo, sesEvent } from './email-flows.ts';

const caseworker = api('caseworker', { username: 'cw-alice' });
const tl = api('team-leader', { username: 'tl-tomos' });
const otherTl = api('team-leader', { username: 'tl-bethan' });
const etagOf = (res: { headers: Headers }) => res.headers.get('etag') ?? '';
type Email = { correspondenceId: string; status: string; srNumber: string; version: number; rendered?: { subject: string; text: string; html: string; to: string; from: string }; approvalHistory: { decision: string; reasons?: string }[]; send?: { messageId?: string; message?: { key: string; sha256: string; bytes: number } }; delivery?: { state: string }; deliveryEvents: { type: string }[] };
const readEmail = async (id: string) => (await caseworker.get(`/emails/${id}`)).body as Email;

describe('outbound email, end to end', () => {
  it('compose from approved lines, reject, amend, resubmit, approve, Send Email: exactly one email in the mail viewer, and the SR closes', async () => {
    const fixture = await givenSelfServiceCase({ owningSegment: 'SEG-EMAIL-01' });
    const { srNumber } = await givenEnquirySr(fixture, 'missing-payment');
    const created = await caseworker.post('/emails', { srNumber, templateId: 'CMSL5515', recipient: { type: 'client', scin: fixture.receivingParent }, paragraphs: ['LTT-MP-01'] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = (created.body as Email).correspondenceId;
    const generated = await caseworker.post(`/emails/${id}/generate`, undefined, { 'if-match': etagOf(created) });
    expect(generated.status, JSON.stringify(generated.body)).toBe(200);
    expect((generated.body as Email).rendered).toMatchObject({ subject: 'Important information about your Child Maintenance case', from: 'internal.cmg@dwp.gsi.gov.uk', to: fixture.clientEmail });
    const submitted = await caseworker.post(`/emails/${id}/submit-for-approval`, undefined, { 'if-match': etagOf(generated) });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    expect((await caseworker.get(`/service-requests/${srNumber}`)).body).toMatchObject({ status: 'Pending Approval', lettersAwaitingApproval: [id] });
    const queue = (await tl.get('/approval-queue/SEG-EMAIL-01')).body as { items: { correspondenceId: string; channel: string }[] };
    expect(queue.items).toEqual([expect.objectContaining({ correspondenceId: id, channel: 'email' })]);

    const rejected = await tl.post(`/emails/${id}/reject`, { reasons: 'The payment was passed on: use the line for a received payment and the schedule line.' }, { 'if-match': etagOf(submitted) });
    expect(rejected.status, JSON.stringify(rejected.body)).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'Draft', returnedToCaseworker: { reason: expect.stringContaining('received payment') } });
    const activities = (await caseworker.get('/my-activities')).body as { groups: Record<string, { correspondenceId: string; channel: string }[]> };
    expect(activities.groups['returned-for-amendment']).toEqual(expect.arrayContaining([expect.objectContaining({ correspondenceId: id, channel: 'email' })]));

    const amended = await caseworker.patch(`/emails/${id}`, { paragraphs: ['LTT-MP-01', 'LTT-MP-05'] }, { 'if-match': etagOf(rejected) });
    expect(amended.status, JSON.stringify(amended.body)).toBe(200);
    const regenerated = await caseworker.post(`/emails/${id}/generate`, undefined, { 'if-match': etagOf(amended) });
    const resubmitted = await caseworker.post(`/emails/${id}/submit-for-approval`, undefined, { 'if-match': etagOf(regenerated) });
    expect(resubmitted.status, JSON.stringify(resubmitted.body)).toBe(200);
    const approved = await otherTl.post(`/emails/${id}/approve`, {}, { 'if-match': etagOf(resubmitted) });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect((approved.body as Email).status).toBe('Approved');
    expect((approved.body as Email).approvalHistory.map((r) => r.decision)).toEqual(['rejected', 'approved']);

    const sending = await caseworker.post(`/emails/${id}/send`, undefined, { 'if-match': etagOf(approved) });
    expect(sending.status, JSON.stringify(sending.body)).toBe(202);
    const sent = await eventually(() => readEmail(id), (e) => e.status === 'Successfully Fulfilled');
    expect(sent.status).toBe('Successfully Fulfilled');
    expect(sent.send?.messageId).toBeTruthy();
    const mail = await mailTo(fixture.clientEmail);
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({ from: 'internal.cmg@dwp.gsi.gov.uk', subject: 'Important information about your Child Maintenance case' });
    expect(mail[0]!.body.text).toContain('The payment you asked about has been received from the paying parent');
    expect(mail[0]!.body.text).toContain('Please check it before contacting us again about a payment');
    expect(mail[0]!.body.text).toContain(srNumber);
    expect(mail[0]!.body.html).toContain('<html lang="en">');

    const sr = await caseworker.get(`/service-requests/${srNumber}`);
    expect(sr.body).toMatchObject({ status: 'In Progress', enquiry: { scenario: 'missing-payment', respondedWith: id } });
    let etag = etagOf(sr);
    for (const step of ['record-enquiry', 'select-correspondence', 'resolve-enquiry']) {
      const ticked = await caseworker.put(`/service-requests/${srNumber}/activity-plan/${step}`, { done: true }, { 'if-match': etag });
      expect(ticked.status, JSON.stringify(ticked.body)).toBe(200);
      etag = etagOf(ticked);
    }
    const closed = await caseworker.post(`/service-requests/${srNumber}/status`, { status: 'Closed', subStatus: 'Complete' }, { 'if-match': etag });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);

    // The client sees it in the portal, as sent.
    const portal = (await api('client', { scin: fixture.receivingParent }).get(`/clients/${fixture.receivingParent}/emails`)).body as { items: { correspondenceId: string; subject: string }[] };
    expect(portal.items).toEqual([expect.objectContaining({ correspondenceId: id, subject: 'Important information about your Child Maintenance case' })]);
    expect(anonymous).toBeDefined();
  });

  it('a permanent bounce marks the address invalid: the next email to it is refused until the address changes', async () => {
    const fixture = await givenSelfServiceCase();
    const email = await givenApprovedEmail(fixture);
    await caseworker.post(`/emails/${email.correspondenceId}/send`, undefined, { 'if-match': email.etag });
    const sent = await eventually(() => readEmail(email.correspondenceId), (e) => e.status === 'Successfully Fulfilled');
    const put = await anonymous({ 'content-type': 'application/json' }).post('/local/ses-events', sesEvent('Bounce', { correspondenceId: email.correspondenceId, messageId: sent.send!.messageId!, address: fixture.clientEmail }));
    expect(put.status).toBe(202);
    const bounced = await eventually(() => readEmail(email.correspondenceId), (e) => e.delivery?.state === 'Bounced');
    expect(bounced.deliveryEvents.map((e) => e.type)).toContain('Bounced');
    const refused = await caseworker.post('/emails', { srNumber: email.srNumber, templateId: 'CMSL5515', recipient: { type: 'client', scin: fixture.receivingParent } });
    expect(refused.status).toBe(422);
    expect((refused.body as { detail: string }).detail).toContain('bounced permanently');
  });
});

describe('the 2-day promise', () => {
  it("a team leader lists the segment's enquiries due today and overdue; an email sent on the SR answers it", async () => {
    const { enquiryDueDate, londonDate, dueState } = await import('../../functions/platform/working-days.ts');
    const fixture = await givenSelfServiceCase({ owningSegment: 'SEG-PROMISE-01' });
    const today = londonDate(new Date());
    const raise = async (daysAgo: number) => {
      const receivedAt = new Date(Date.now() - daysAgo * 86_400_000).toISOString();
      const res = await caseworker.post('/service-requests', { caseNumber: fixture.caseNumber, contact: { type: 'client', scin: fixture.receivingParent }, process: 'Manage Inbound Contact', area: 'General Enquiry', subArea: 'General Enquiry', channel: 'self-service', enquiry: { scenario: 'missing-payment', receivedAt } });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      const sr = res.body as { srNumber: string; enquiry: { dueBy: string; receivedAt: string } };
      expect(sr.enquiry.dueBy).toBe(enquiryDueDate(new Date(receivedAt)));
      return sr;
    };
    const raised = await Promise.all([0, 1, 2, 3, 10].map(raise));
    const listed = (await tl.get('/enquiries-due/SEG-PROMISE-01?limit=100')).body as { today: string; items: { srNumber: string; state: string; dueBy: string }[] };
    expect(listed.today).toBe(today);
    for (const sr of raised) {
      const expected = dueState(sr.enquiry.dueBy, today);
      const found = listed.items.find((i) => i.srNumber === sr.srNumber);
      if (expected === 'not-yet-due') expect(found).toBeUndefined();
      else expect(found?.state).toBe(expected);
    }
    expect(listed.items.map((i) => i.dueBy)).toEqual([...listed.items.map((i) => i.dueBy)].sort());
    expect(listed.items.find((i) => i.srNumber === raised[4]!.srNumber)?.state).toBe('overdue');

    // Answering the most overdue one by email takes it off the list.
    const overdue = raised[4]!.srNumber;
    const started = await caseworker.get(`/service-requests/${overdue}`);
    await caseworker.post(`/service-requests/${overdue}/status`, { status: 'In Progress' }, { 'if-match': etagOf(started) });
    const email = await givenApprovedEmail(fixture, { srNumber: overdue });
    await caseworker.post(`/emails/${email.correspondenceId}/send`, undefined, { 'if-match': email.etag });
    await eventually(() => readEmail(email.correspondenceId), (e) => e.status === 'Successfully Fulfilled');
    const after = (await tl.get('/enquiries-due/SEG-PROMISE-01?limit=100')).body as { items: { srNumber: string }[] };
    expect(after.items.map((i) => i.srNumber)).not.toContain(overdue);
    expect((await caseworker.get(`/service-requests/${overdue}`)).body).toMatchObject({ enquiry: { respondedWith: email.correspondenceId } });
  });
});
