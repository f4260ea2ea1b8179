import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Case, Client } from '../../functions/cases/schemas.ts';
import { eligibleRecipient, greetingName, normaliseAddress, templateFor, type AddressMark, type EligibilityFacts } from '../../functions/emails/domain/eligibility.ts';
import { assertNoPersonalData, enquiryDateText, renderEmail, type MergeValues } from '../../functions/emails/domain/render.ts';
import { assertEmailTransition, editableStatuses, emailTransitions, movedEmail } from '../../functions/emails/domain/status.ts';
import { rawMessage, type MimeInput } from '../../functions/emails/mime.ts';
import { emailStatuses, type Email, type EmailStatus } from '../../functions/emails/schemas.ts';
import { EmailTemplate, emailSubject, mergeFields, type LineToTake } from '../../functions/emails/template-schema.ts';
import { emailTemplates, findEmailTemplate, linesFor, linesToTake } from '../../functions/emails/templates.ts';
import type { LetterRecipient } from '../../functions/letters/schemas.ts';
import { findPersonalData, personalDataKinds } from '../../functions/correspondence/domain/personal-data.ts';
import { Problem } from '../../functions/platform/problem.ts';
import { enquiryScenarios } from '../../functions/service-requests/schemas.ts';
import { refusal } from '../support/refusal.ts';

/** The outbound email rules without AWS: who may receive, rendering, personal data, status, templates, MIME. */

const RP = '1234567890'; // receiving parent, self-service
const PP = '2345678901'; // paying parent
const REP = '3456789012'; // the receiving parent's representative
const STRANGER = '9876543210';
const SR = 'SR-7K3M9Q2X';

const client = (overrides: Partial<Client> = {}): Client => ({
  scin: RP,
  title: 'Ms',
  firstName: 'Rhiannon',
  lastName: 'Evans',
  addresses: [{ type: 'correspondence', lines: ['1 Test Street', 'Testtown'], postcode: 'LS1 4AP' }],
  email: 'rhiannon.evans@example.com',
  selfServiceUser: true,
  specialRequirements: [],
  welshLanguage: false,
  representative: { scin: REP, name: 'Jones & Co Solicitors', active: true },
  deceased: false,
  correspondenceSuppressed: false,
  ...overrides,
});

const payingParent = (overrides: Partial<Client> = {}): Client =>
  client({ scin: PP, title: 'Mr', firstName: 'Paul', lastName: 'Morgan', email: 'paul.morgan@example.com', representative: undefined, selfServiceUser: false, ...overrides });

const representativeRecord = (overrides: Partial<Client> = {}): Client =>
  client({ scin: REP, title: 'Mr', firstName: 'Gareth', lastName: 'Jones', email: 'office@jones-solicitors.example.co.uk', representative: undefined, selfServiceUser: false, ...overrides });

const owningCase: Case = {
  caseNumber: '1-2143476081',
  status: 'open',
  owningCaseworker: 'cw-alice',
  owningSegment: 'SEG-MAINTENANCE-01',
  receivingParent: RP,
  payingParent: PP,
  qualifyingChildren: [{ firstName: 'Cerys' }],
  employers: ['E1234567'],
};

function facts(options: { rp?: Partial<Client>; pp?: Partial<Client>; rep?: Partial<Client> | null; mark?: AddressMark } = {}): EligibilityFacts {
  const parents = new Map<string, Client>([
    [RP, client(options.rp)],
    [PP, payingParent(options.pp)],
  ]);
  return { case: owningCase, parents, representative: options.rep === null ? undefined : representativeRecord(options.rep ?? {}), ...(options.mark ? { mark: options.mark } : {}) };
}

const toClient = (scin = RP): LetterRecipient => ({ type: 'client', scin });
const toRepresentative = (scin = REP): LetterRecipient => ({ type: 'representative', scin });

/** The refusal, checked to be a 422 business rule naming the field and carrying the rule in its detail. */
function refused(fn: () => unknown, field: string, rule: RegExp): Problem {
  const problem = refusal(fn);
  expect(problem.type).toBe('businessRule');
  expect(problem.status).toBe(422);
  expect(problem.extensions.errors).toEqual([{ field, rule: expect.stringMatching(rule) }]);
  expect(problem.detail).toMatch(rule);
  return problem;
}

describe('eligibility: who may receive an email', () => {
  it('a self-service receiving parent with an address, with CMSL5515: their own address and record', () => {
    const eligible = eligibleRecipient(toClient(), 'CMSL5515', facts());
    expect(eligible).toEqual({ recipient: { type: 'client', scin: RP }, address: 'rhiannon.evans@example.com', recipientRecord: client(), client: client() });
  });

  it('a self-service paying parent is eligible too (either parent on the case)', () => {
    const eligible = eligibleRecipient(toClient(PP), 'CMSL5515', facts({ pp: { selfServiceUser: true } }));
    expect(eligible.address).toBe('paul.morgan@example.com');
    expect(eligible.client.scin).toBe(PP);
  });

  it("the active representative of a self-service client, with CMSL5508, at the representative's own address", () => {
    const eligible = eligibleRecipient(toRepresentative(), 'CMSL5508', facts());
    expect(eligible.recipient).toEqual({ type: 'representative', scin: REP });
    expect(eligible.address).toBe('office@jones-solicitors.example.co.uk');
    expect(eligible.recipientRecord.scin).toBe(REP);
    // The email is about the client they represent.
    expect(eligible.client.scin).toBe(RP);
  });

  it('only the returned fields: the recipient is copied, not passed through with anything extra', () => {
    const recipient = { type: 'client', scin: RP, extra: 'x' } as unknown as LetterRecipient;
    expect(eligibleRecipient(recipient, 'CMSL5515', facts()).recipient).toEqual({ type: 'client', scin: RP });
  });

  it('an employer or a third party is refused, with the reason, on body.recipient.type', () => {
    refused(() => eligibleRecipient({ type: 'employer', ern: 'E1234567' }, 'CMSL5515', facts()), 'body.recipient.type', /not to a employer|employer/);
    const p = refused(() => eligibleRecipient({ type: 'third-party', trn: 'T0001234' }, 'CMSL5508', facts()), 'body.recipient.type', /third-party/);
    expect(p.detail).toMatch(/self-service client .* or their representative/);
  });

  it('the template must match the recipient: CMSL5515 for a client, CMSL5508 for a representative', () => {
    expect(templateFor).toEqual({ client: 'CMSL5515', representative: 'CMSL5508' });
    refused(() => eligibleRecipient(toClient(), 'CMSL5508', facts()), 'body.templateId', /an email to a client uses CMSL5515, not CMSL5508/);
    refused(() => eligibleRecipient(toRepresentative(), 'CMSL5515', facts()), 'body.templateId', /an email to a representative uses CMSL5508, not CMSL5515/);
    refused(() => eligibleRecipient(toClient(), 'CMSL5509', facts()), 'body.templateId', /uses CMSL5515, not CMSL5509/);
  });

  it('a client who is not a parent on the case is refused', () => {
    refused(() => eligibleRecipient(toClient(STRANGER), 'CMSL5515', facts()), 'body.recipient', new RegExp(`${STRANGER} is not the receiving or paying parent on case 1-2143476081`));
    // Not even the representative, addressed as a client.
    refused(() => eligibleRecipient(toClient(REP), 'CMSL5515', facts()), 'body.recipient', /not the receiving or paying parent/);
  });

  it('a client who is not a self-service user is refused', () => {
    refused(() => eligibleRecipient(toClient(), 'CMSL5515', facts({ rp: { selfServiceUser: false } })), 'body.recipient', /not a self-service user/);
    refused(() => eligibleRecipient(toClient(PP), 'CMSL5515', facts()), 'body.recipient', /not a self-service user/);
  });

  it('a self-service client with no email address is refused', () => {
    refused(() => eligibleRecipient(toClient(), 'CMSL5515', facts({ rp: { email: undefined } })), 'body.recipient', /no email address is recorded for the client/);
  });

  it('a deceased client, or one whose correspondence is suppressed, is refused', () => {
    refused(() => eligibleRecipient(toClient(), 'CMSL5515', facts({ rp: { deceased: true } })), 'body.recipient', /has died/);
    refused(() => eligibleRecipient(toClient(), 'CMSL5515', facts({ rp: { correspondenceSuppressed: true } })), 'body.recipient', /suppressed/);
  });

  describe('representatives', () => {
    it('someone who is not the active representative of a parent on the case is refused', () => {
      refused(() => eligibleRecipient(toRepresentative(STRANGER), 'CMSL5508', facts()), 'body.recipient', new RegExp(`${STRANGER} is not the active representative`));
      refused(() => eligibleRecipient(toRepresentative(), 'CMSL5508', facts({ rp: { representative: { scin: REP, name: 'Jones & Co Solicitors', active: false } } })), 'body.recipient', /not the active representative/);
      // A parent addressed as a representative.
      refused(() => eligibleRecipient(toRepresentative(PP), 'CMSL5508', facts()), 'body.recipient', /not the active representative/);
    });

    it('a representative with no contact record is refused', () => {
      refused(() => eligibleRecipient(toRepresentative(), 'CMSL5508', facts({ rep: null })), 'body.recipient', /has no contact record/);
    });

    it('the client they represent must be a self-service user', () => {
      refused(() => eligibleRecipient(toRepresentative(), 'CMSL5508', facts({ rp: { selfServiceUser: false } })), 'body.recipient', /not a self-service user/);
    });

    it("the representative's own address is required: the client's address is never used instead", () => {
      refused(() => eligibleRecipient(toRepresentative(), 'CMSL5508', facts({ rep: { email: undefined } })), 'body.recipient', /no email address is recorded for the representative/);
    });

    it('a deceased or suppressed representative, or a deceased client, is refused', () => {
      refused(() => eligibleRecipient(toRepresentative(), 'CMSL5508', facts({ rep: { deceased: true } })), 'body.recipient', /has died/);
      refused(() => eligibleRecipient(toRepresentative(), 'CMSL5508', facts({ rp: { deceased: true } })), 'body.recipient', /has died/);
      refused(() => eligibleRecipient(toRepresentative(), 'CMSL5508', facts({ rep: { correspondenceSuppressed: true } })), 'body.recipient', /suppressed/);
    });

    it("a representative of the paying parent is eligible when the paying parent is a self-service user", () => {
      const eligible = eligibleRecipient(toRepresentative(), 'CMSL5508', facts({ rp: { representative: undefined }, pp: { selfServiceUser: true, representative: { scin: REP, name: 'Morgan Law', active: true } } }));
      expect(eligible.client.scin).toBe(PP);
    });
  });

  describe('bounced and complained addresses', () => {
    const at = '2026-11-20T08:15:00.000Z';

    it('an address that bounced permanently is refused until it changes (compared trimmed and in any case)', () => {
      refused(() => eligibleRecipient(toClient(), 'CMSL5515', facts({ mark: { address: 'rhiannon.evans@example.com', state: 'bounced', at } })), 'body.recipient', /bounced permanently on 2026-11-20/);
      refused(() => eligibleRecipient(toClient(), 'CMSL5515', facts({ mark: { address: '  Rhiannon.Evans@EXAMPLE.com ', state: 'bounced', at } })), 'body.recipient', /bounced permanently/);
      refused(() => eligibleRecipient(toClient(), 'CMSL5515', facts({ rp: { email: 'RHIANNON.EVANS@example.com' }, mark: { address: 'rhiannon.evans@example.com', state: 'bounced', at } })), 'body.recipient', /bounced permanently/);
    });

    it('an address that was complained about is refused, saying so', () => {
      const p = refused(() => eligibleRecipient(toClient(), 'CMSL5515', facts({ mark: { address: 'rhiannon.evans@example.com', state: 'complained', at } })), 'body.recipient', /was the subject of a complaint/);
      expect(p.detail).toContain('not valid until it is changed on their record');
    });

    it("a representative's marked address is refused", () => {
      refused(() => eligibleRecipient(toRepresentative(), 'CMSL5508', facts({ mark: { address: 'office@jones-solicitors.example.co.uk', state: 'complained', at } })), 'body.recipient', /representative's email address was the subject of a complaint/);
    });

    it('a mark on a different address is fine: the address on the record has changed', () => {
      expect(eligibleRecipient(toClient(), 'CMSL5515', facts({ rp: { email: 'rhiannon.new@example.com' }, mark: { address: 'rhiannon.evans@example.com', state: 'bounced', at } })).address).toBe('rhiannon.new@example.com');
      expect(eligibleRecipient(toClient(), 'CMSL5515', facts({ rp: { email: 'rhiannon.new@example.com' }, mark: { address: 'rhiannon.evans@example.com', state: 'complained', at } })).address).toBe('rhiannon.new@example.com');
    });
  });

  it('normaliseAddress trims and lower-cases', () => {
    expect(normaliseAddress('  Rhiannon.Evans@Example.COM\t')).toBe('rhiannon.evans@example.com');
  });

  it('greets by title and last name, or by full name without a title', () => {
    expect(greetingName({ title: 'Ms', firstName: 'Rhiannon', lastName: 'Evans' })).toBe('Ms Evans');
    expect(greetingName({ firstName: 'Rhiannon', lastName: 'Evans' })).toBe('Rhiannon Evans');
  });
});

describe('render', () => {
  const cmsl5515 = findEmailTemplate('CMSL5515')!;
  const cmsl5508 = findEmailTemplate('CMSL5508')!;
  const missingPayment = linesFor('missing-payment');
  const line = (id: string) => missingPayment.get(id)!;
  const values: MergeValues = { recipientName: 'Ms Evans', clientName: 'Rhiannon Evans', srNumber: SR, enquiryDate: '3 December 2026' };

  it('fills every merge field from the record and leaves none behind', () => {
    const content = renderEmail(cmsl5515, [line('LTT-MP-02')], values);
    expect(content.paragraphs[0]).toBe('Dear Ms Evans');
    expect(content.paragraphs[1]).toBe(`Thank you for contacting the Child Maintenance Service on 3 December 2026. Your reference for this enquiry is ${SR}.`);
    expect(content.text).not.toMatch(/\{\{|\}\}/);
    expect(content.html).not.toMatch(/\{\{|\}\}/);
    const rep = renderEmail(cmsl5508, [line('LTT-MP-02')], { ...values, recipientName: 'Mr Jones' });
    expect(rep.paragraphs[0]).toBe('Dear Mr Jones');
    expect(rep.text).toContain('on behalf of Rhiannon Evans, for whom you act as representative');
    expect(rep.text).toContain('Rhiannon Evans can see their payments');
  });

  it('refuses to render with a merge field that has no value (no half-filled email)', () => {
    const { clientName: _omitted, ...withoutClient } = values;
    expect(() => renderEmail(cmsl5508, [line('LTT-MP-02')], withoutClient)).toThrow(/No value for merge field clientName/);
  });

  it('puts the chosen lines where the template takes them, in the order chosen, between the fixed paragraphs', () => {
    const content = renderEmail(cmsl5515, [line('LTT-MP-05'), line('LTT-MP-02'), line('LTT-MP-01')], values);
    const fixed = cmsl5515.blocks.filter((b) => b.type === 'fixed');
    expect(content.paragraphs).toHaveLength(fixed.length + 3);
    expect(content.paragraphs.slice(2, 5)).toEqual([line('LTT-MP-05').text, line('LTT-MP-02').text, line('LTT-MP-01').text]);
    expect(content.paragraphs.at(-1)).toBe('Child Maintenance Service');
    expect(content.subject).toBe(emailSubject);
    expect(content.text).toBe(`${content.paragraphs.join('\n\n')}\n`);
    // The HTML has the same paragraphs in the same order.
    const positions = [line('LTT-MP-05'), line('LTT-MP-02'), line('LTT-MP-01')].map((l) => content.html.indexOf(l.text));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('the HTML part has lang="en", a title (the subject), one <p> per paragraph, and escapes everything it merges', () => {
    const hostile: LineToTake = { id: 'LTT-MP-99', title: 'Hostile', text: 'Payments <script>alert("x")</script> & \'quotes\' are > fine' };
    const content = renderEmail(cmsl5515, [hostile], { ...values, recipientName: "Ms O'Brien & <Daughters>" });
    expect(content.html).toMatch(/^<!DOCTYPE html>/);
    expect(content.html).toContain('<html lang="en">');
    expect(content.html).toContain(`<title>${emailSubject}</title>`);
    expect(content.html).toContain('<meta charset="utf-8">');
    expect(content.html).toContain('Dear Ms O&#39;Brien &amp; &lt;Daughters&gt;');
    expect(content.html).toContain('Payments &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39; are &gt; fine');
    expect(content.html).not.toContain('<script>');
    expect(content.html).not.toContain('<Daughters>');
    expect(content.html.match(/<p /g)).toHaveLength(content.paragraphs.length);
    // The plain text keeps the words as they are.
    expect(content.text).toContain("Dear Ms O'Brien & <Daughters>");
  });

  it('the plain-text part has no HTML', () => {
    const content = renderEmail(cmsl5515, [line('LTT-MP-01'), line('LTT-MP-04')], values);
    expect(content.text).not.toMatch(/<\/?[a-z!][^>]*>/i);
    expect(content.text).not.toMatch(/&(amp|lt|gt|quot|#\d+);/);
    expect(content.text).not.toContain('style=');
  });

  it('a rendered email in either template is not mistaken for personal data (SR number, date, phone number)', () => {
    for (const template of emailTemplates) {
      for (const scenario of enquiryScenarios) {
        const content = renderEmail(template, [...linesFor(scenario).values()], values);
        expect(() => assertNoPersonalData(content, 'generation')).not.toThrow();
      }
    }
  });

  it('the enquiry date is the London date, written out', () => {
    expect(enquiryDateText(new Date('2026-12-03T09:30:00Z'))).toBe('3 December 2026');
    // 23:30 UTC on 30 June is 00:30 on 1 July in London (BST).
    expect(enquiryDateText(new Date('2026-06-30T23:30:00Z'))).toBe('1 July 2026');
  });
});

describe('assertNoPersonalData', () => {
  const clean = { subject: emailSubject, text: 'Dear Ms Evans\n\nYour reference for this enquiry is SR-7K3M9Q2X.\n' };

  it('passes clean content', () => {
    expect(() => assertNoPersonalData(clean, 'generation')).not.toThrow();
  });

  it('refuses a NINO, naming the kind and the stage, never the number', () => {
    const nino = 'AB123456C';
    const problem = refusal(() => assertNoPersonalData({ ...clean, text: `Dear Ms ${nino}\n` }, 'generation'));
    expect(problem.type).toBe('businessRule');
    expect(problem.status).toBe(422);
    expect(problem.detail).toContain('National Insurance number');
    expect(problem.detail).toContain('generation');
    expect(problem.extensions).toMatchObject({ errors: [{ field: 'email', rule: 'must not contain personal data: National Insurance number' }], personalData: ['National Insurance number'] });
    const everything = JSON.stringify(problem.toBody());
    expect(everything).not.toContain(nino);
    expect(everything).not.toContain('123456');
  });

  it('names every kind found, in a fixed order, and echoes none of them', () => {
    const secrets = ['AB 12 34 56 C', '3 October 1985', '12-34-56', '12345678', 'A/123456789', '4111 1111 1111 1111'];
    const text = `NI ${secrets[0]}. Born ${secrets[1]}. Sort code ${secrets[2]} account ${secrets[3]}. Roll number ${secrets[4]}. Card ${secrets[5]}.`;
    const problem = refusal(() => assertNoPersonalData({ ...clean, text }, 'approval'));
    expect(problem.extensions.personalData).toEqual([...personalDataKinds]);
    expect(problem.detail).toContain('approval');
    const everything = JSON.stringify(problem.toBody());
    for (const secret of secrets) expect(everything).not.toContain(secret);
    expect(everything.replace(/\D/g, '')).not.toContain('4111111111111111');
  });

  it('checks the subject as well as the body', () => {
    const problem = refusal(() => assertNoPersonalData({ subject: 'About AB123456C', text: 'Nothing here.\n' }, 'sending'));
    expect(problem.extensions.personalData).toEqual(['National Insurance number']);
    expect(problem.detail).toContain('sending');
    expect(problem.detail).not.toContain('AB123456C');
  });
});

describe('status transitions', () => {
  const email = (status: EmailStatus): Email => ({
    correspondenceId: 'E-7K3M9Q2X',
    srNumber: SR,
    caseNumber: owningCase.caseNumber,
    channel: 'email',
    template: { id: 'CMSL5515', version: 1, name: 'Email to a self-service client' },
    scenario: 'missing-payment',
    linesToTakeVersion: 1,
    recipient: { type: 'client', scin: RP },
    contactRef: RP,
    paragraphs: ['LTT-MP-01'],
    status,
    round: 1,
    statusHistory: [{ status, at: '2026-12-03T09:00:00.000Z', by: 'cw-alice' }],
    approvalHistory: [],
    errors: [],
    deliveryEvents: [],
    createdBy: 'cw-alice',
    createdAt: '2026-12-03T09:00:00.000Z',
    updatedBy: 'cw-alice',
    updatedAt: '2026-12-03T09:00:00.000Z',
    version: 4,
  });

  const expected: Record<EmailStatus, EmailStatus[]> = {
    Draft: ['Generated', 'Cancelled'],
    Generated: ['Draft', 'Pending Approval', 'Cancelled'],
    'Pending Approval': ['Approved', 'Draft', 'Cancelled'],
    Approved: ['Sending', 'Cancelled'],
    Sending: ['Successfully Fulfilled', 'Error', 'Retrying', 'Incident Raised'],
    Retrying: ['Sending', 'Successfully Fulfilled', 'Incident Raised'],
    Error: ['Sending', 'Cancelled'],
    'Incident Raised': ['Sending', 'Successfully Fulfilled', 'Cancelled'],
    'Successfully Fulfilled': [],
    Cancelled: [],
  };

  it('the table is the documented one, for every status', () => {
    expect(Object.keys(emailTransitions).sort()).toEqual([...emailStatuses].sort());
    for (const status of emailStatuses) expect([...emailTransitions[status]].sort(), status).toEqual([...expected[status]].sort());
  });

  for (const from of emailStatuses) {
    it(`from ${from}: every allowed move passes and every other one is refused with 409`, () => {
      for (const to of emailStatuses) {
        if (expected[from].includes(to)) {
          expect(() => assertEmailTransition(from, to, 'E-7K3M9Q2X'), `${from} -> ${to}`).not.toThrow();
        } else {
          const problem = refusal(() => assertEmailTransition(from, to, 'E-7K3M9Q2X'));
          expect(problem.type, `${from} -> ${to}`).toBe('illegalTransition');
          expect(problem.status).toBe(409);
          expect(problem.detail).toContain(`E-7K3M9Q2X is ${from} and cannot become ${to}`);
          expect(problem.extensions).toMatchObject({ from, to, allowed: expected[from] });
        }
      }
    });
  }

  it('the rules the procedure needs: no send before approval, no approval before generation, nothing after the end', () => {
    for (const [from, to] of [
      ['Draft', 'Pending Approval'],
      ['Draft', 'Approved'],
      ['Draft', 'Sending'],
      ['Generated', 'Approved'],
      ['Generated', 'Sending'],
      ['Pending Approval', 'Sending'],
      ['Pending Approval', 'Generated'],
      ['Approved', 'Draft'],
      ['Approved', 'Pending Approval'],
      ['Sending', 'Cancelled'],
      ['Successfully Fulfilled', 'Sending'],
      ['Successfully Fulfilled', 'Cancelled'],
      ['Cancelled', 'Draft'],
    ] as [EmailStatus, EmailStatus][]) {
      expect(refusal(() => assertEmailTransition(from, to, 'E-7K3M9Q2X')).type, `${from} -> ${to}`).toBe('illegalTransition');
    }
    expect(refusal(() => assertEmailTransition('Cancelled', 'Draft', 'E-7K3M9Q2X')).detail).toContain('nothing (final)');
    expect(editableStatuses).toEqual(['Draft', 'Generated']);
  });

  it('movedEmail records the move (history, who, when, version) and refuses an illegal one', () => {
    const now = new Date('2026-12-03T10:00:00Z');
    const next = movedEmail(email('Generated'), 'Pending Approval', { id: 'cw-bob' }, now, {}, 'Submitted');
    expect(next).toMatchObject({ status: 'Pending Approval', updatedBy: 'cw-bob', updatedAt: now.toISOString(), version: 5 });
    expect(next.statusHistory.at(-1)).toEqual({ status: 'Pending Approval', at: now.toISOString(), by: 'cw-bob', reason: 'Submitted' });
    expect(next.statusHistory).toHaveLength(2);
    expect(refusal(() => movedEmail(email('Approved'), 'Draft', { id: 'cw-bob' }, now)).type).toBe('illegalTransition');
  });
});

describe('templates and lines to take', () => {
  const oldTerms = /parent with care|non[- ]resident parent|\bPWC\b|\bNRP\b/i;
  const dir = new URL('../../templates/emails/', import.meta.url);
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  const allLines = Object.values(linesToTake.scenarios).flatMap((s) => s.lines);
  const fixedTexts = emailTemplates.flatMap((t) => t.blocks.flatMap((b) => (b.type === 'fixed' ? [b.text] : [])));

  it('load: CMSL5515 for clients and CMSL5508 for representatives, each with the one subject and exactly one place for lines', () => {
    expect(emailTemplates.map((t) => [t.id, t.audience])).toEqual([
      ['CMSL5515', 'client'],
      ['CMSL5508', 'representative'],
    ]);
    for (const t of emailTemplates) {
      expect(templateFor[t.audience]).toBe(t.id);
      expect(t.subject).toBe('Important information about your Child Maintenance case');
      expect(t.blocks.filter((b) => b.type === 'linesToTake')).toHaveLength(1);
      for (const [, field] of t.blocks.flatMap((b) => (b.type === 'fixed' ? [...b.text.matchAll(/\{\{(\w+)\}\}/g)] : []))) expect(mergeFields).toContain(field);
    }
    expect(findEmailTemplate('CMSL5509')).toBeUndefined();
  });

  it('every template file on disk is loaded, and passes the schema', () => {
    const templateFiles = files.filter((f) => f.startsWith('CMSL'));
    expect(templateFiles.map((f) => f.replace('.json', '')).sort()).toEqual(emailTemplates.map((t) => t.id).sort());
    for (const f of templateFiles) expect(() => EmailTemplate.parse(JSON.parse(readFileSync(new URL(f, dir), 'utf8')))).not.toThrow();
  });

  it('lines to take exist for both approved scenarios and only those, with unique ids of the right scenario', () => {
    expect(Object.keys(linesToTake.scenarios).sort()).toEqual([...enquiryScenarios].sort());
    const ids = allLines.map((l) => l.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const l of linesToTake.scenarios['missing-payment']!.lines) expect(l.id).toMatch(/^LTT-MP-\d{2}$/);
    for (const l of linesToTake.scenarios['account-calculation']!.lines) expect(l.id).toMatch(/^LTT-AC-\d{2}$/);
    // One scenario's lines are not approved for the other.
    expect(linesFor('missing-payment').has('LTT-AC-01')).toBe(false);
    expect(linesFor('account-calculation').has('LTT-MP-01')).toBe(false);
  });

  it('every approved line and every fixed paragraph is free of personal data', () => {
    for (const text of [...fixedTexts, ...allLines.map((l) => l.text), ...allLines.map((l) => l.title)]) expect(findPersonalData(text), text).toEqual([]);
  });

  it('no approved text uses the old terminology (parent with care, non-resident parent, PWC, NRP)', () => {
    for (const t of emailTemplates) {
      for (const text of [t.name, t.description, t.subject, ...t.blocks.flatMap((b) => (b.type === 'fixed' ? [b.text] : []))]) expect(text, text).not.toMatch(oldTerms);
    }
    for (const l of allLines) {
      expect(l.text, l.id).not.toMatch(oldTerms);
      expect(l.title, l.id).not.toMatch(oldTerms);
    }
    for (const f of files) expect(readFileSync(new URL(f, dir), 'utf8'), f).not.toMatch(oldTerms);
  });

  it('the template schema refuses a merge field that is not filled from the record, another subject, or two places for lines', () => {
    const base = JSON.parse(readFileSync(new URL('CMSL5515.json', dir), 'utf8')) as { blocks: unknown[]; subject: string };
    expect(EmailTemplate.safeParse({ ...base, blocks: [{ type: 'fixed', text: 'Dear {{freeText}}' }, { type: 'linesToTake' }] }).success).toBe(false);
    expect(EmailTemplate.safeParse({ ...base, subject: 'Your NINO' }).success).toBe(false);
    expect(EmailTemplate.safeParse({ ...base, blocks: [...base.blocks, { type: 'linesToTake' }] }).success).toBe(false);
    expect(EmailTemplate.safeParse({ ...base, blocks: [{ type: 'fixed', text: 'Dear {{recipientName}}' }] }).success).toBe(false);
  });
});

describe('the MIME builder', () => {
  const input: MimeInput = {
    from: 'internal.cmg@dwp.gsi.gov.uk',
    to: 'rhiannon.evans@example.com',
    subject: emailSubject,
    text: 'Dear Ms Evans\n\nWe have checked your account: £45.20 was passed on. Diolch yn fawr — ŵ ŷ.\n',
    html: '<!DOCTYPE html>\n<html lang="en"><head><title>t</title></head><body><p>Dear Ms Evans</p><p>£45.20 — ŵ</p></body></html>',
    date: new Date('2026-12-03T10:15:30Z'),
    reference: 'E-7K3M9Q2X#1',
  };

  const parse = (raw: Buffer) => {
    const message = raw.toString('utf8');
    const headerEnd = message.indexOf('\r\n\r\n');
    const headers = message.slice(0, headerEnd).split('\r\n');
    const boundary = /boundary="([^"]+)"/.exec(message)![1]!;
    const parts = message
      .split(`--${boundary}`)
      .slice(1, -1)
      .map((part) => {
        const [head, ...body] = part.replace(/^\r\n/, '').split('\r\n\r\n');
        return { head: head!, body: Buffer.from(body.join('').replace(/\r\n/g, ''), 'base64').toString('utf8') };
      });
    return { message, headers, boundary, parts };
  };

  it('ends every line with CRLF (no bare LF or CR anywhere) and keeps lines short', () => {
    const { message } = parse(rawMessage(input));
    expect(message).not.toMatch(/(?<!\r)\n/);
    expect(message).not.toMatch(/\r(?!\n)/);
    expect(message.endsWith('\r\n')).toBe(true);
    for (const line of message.split('\r\n')) expect(line.length).toBeLessThanOrEqual(998);
    for (const line of message.split('\r\n').filter((l) => /^[A-Za-z0-9+/=]+$/.test(l))) expect(line.length).toBeLessThanOrEqual(76);
  });

  it('has the headers: From, To, Subject, Date, MIME-Version, the reference and multipart/alternative', () => {
    const { headers, boundary } = parse(rawMessage(input));
    expect(headers).toEqual([
      'From: internal.cmg@dwp.gsi.gov.uk',
      'To: rhiannon.evans@example.com',
      `Subject: ${emailSubject}`,
      'Date: Thu, 03 Dec 2026 10:15:30 +0000',
      'MIME-Version: 1.0',
      'X-CMS-Reference: E-7K3M9Q2X#1',
      `Content-Type: multipart/alternative; boundary="${boundary}"`,
    ]);
    expect(boundary).toBe('=_cms_E7K3M9Q2X1');
  });

  it('both parts are UTF-8 base64 that decode to exactly the text and the HTML, plain text first', () => {
    const { parts } = parse(rawMessage(input));
    expect(parts).toHaveLength(2);
    expect(parts[0]!.head).toBe('Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64');
    expect(parts[1]!.head).toBe('Content-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: base64');
    expect(parts[0]!.body).toBe(input.text);
    expect(parts[1]!.body).toBe(input.html);
  });

  it('is the same bytes for the same input', () => {
    expect(rawMessage(input).equals(rawMessage(input))).toBe(true);
  });

  it('encodes a subject that is not plain ASCII as a UTF-8 encoded word', () => {
    const { headers } = parse(rawMessage({ ...input, subject: 'Gwybodaeth bwysig — ŵ' }));
    const subject = headers.find((h) => h.startsWith('Subject: '))!;
    expect(subject).toMatch(/^Subject: =\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=$/);
    expect(Buffer.from(subject.slice('Subject: =?UTF-8?B?'.length, -2), 'base64').toString('utf8')).toBe('Gwybodaeth bwysig — ŵ');
  });

  it('refuses header injection through an address: CR/LF, a second address, or a display name', () => {
    for (const to of ['rhiannon@example.com\r\nBcc: attacker@example.net', 'rhiannon@example.com\nBcc: attacker@example.net', 'rhiannon@example.com\rBcc: attacker@example.net', 'rhiannon@example.com, attacker@example.net', 'Rhiannon <rhiannon@example.com>', '"x"@example.com']) {
      expect(() => rawMessage({ ...input, to }), JSON.stringify(to)).toThrow(/single plain address/);
    }
    expect(() => rawMessage({ ...input, from: 'internal.cmg@dwp.gsi.gov.uk\r\nBcc: attacker@example.net' })).toThrow(/single plain address/);
  });

  it('a subject carrying CR/LF cannot add a header: it is encoded, not written out', () => {
    const { headers, message } = parse(rawMessage({ ...input, subject: 'Hello\r\nBcc: attacker@example.net' }));
    expect(headers.some((h) => /^Bcc:/i.test(h))).toBe(false);
    expect(message).not.toMatch(/^Bcc:/im);
    expect(headers.filter((h) => h.startsWith('Subject: '))).toHaveLength(1);
  });
});
