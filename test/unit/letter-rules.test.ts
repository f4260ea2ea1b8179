import { readdirSync, readFileSync } from 'node:fs';
import { refusal } from '../support/refusal.ts';
import { describe, expect, it } from 'vitest';
import type { Case, Client, Employer } from '../../functions/cases/schemas.ts';
import { compose, defaultComposition } from '../../functions/letters/domain/composition.ts';
import { generate, londonDate, type Generation } from '../../functions/letters/domain/generation.ts';
import { resolveRecipient, type RecipientData } from '../../functions/letters/domain/recipient.ts';
import { assertEditable, assertTransition } from '../../functions/letters/domain/status.ts';
import { decodeIdentifyingCode } from '../../functions/letters/identifying-code.ts';
import { letterStatuses, type ComposeLetter, type Composition, type Letter, type LetterRecipient, type LetterStatus } from '../../functions/letters/schemas.ts';
import { LetterTemplate } from '../../functions/letters/template-schema.ts';
import { findTemplate, letterTemplates } from '../../functions/letters/templates.ts';
import { Problem } from '../../functions/platform/problem.ts';
import type { Contact, Organisation } from '../../functions/third-parties/schemas.ts';

/** The letter rules without AWS: templates, composing, recipients and addresses, generation checks, status model. */

const now = new Date('2026-11-23T10:00:00Z');
const issueDate = '2026-11-23';
const RP = '1234567890'; // receiving parent
const PP = '2345678901'; // paying parent
const REP = '3456789012'; // the receiving parent's representative
const EXECUTOR = '4567890123';
const ERN = 'E1234567';
const TRN = 'T0001234';
const SR = 'SR-7K3M9Q2X';
const CORRESPONDENCE_ID = 'L-4H7QW2ZA';

const templateDir = new URL('../../templates/letters/', import.meta.url);
const templateFiles = readdirSync(templateDir).filter((f) => f.endsWith('.json'));

const template = (id: string): LetterTemplate => {
  const t = findTemplate(id);
  if (!t) throw new Error(`no template ${id}`);
  return t;
};

const client = (overrides: Partial<Client> = {}): Client => ({
  scin: RP,
  title: 'Mrs',
  firstName: 'Rhiannon',
  lastName: 'Evans',
  addresses: [{ type: 'correspondence', lines: ['1 Test Street', 'Testtown'], postcode: 'ls1 4ap' }],
  selfServiceUser: false,
  specialRequirements: [],
  welshLanguage: false,
  deceased: false,
  correspondenceSuppressed: false,
  ...overrides,
});

const payingParent = (overrides: Partial<Client> = {}): Client =>
  client({ scin: PP, title: 'Mr', firstName: 'Paul', lastName: 'Morgan', addresses: [{ type: 'correspondence', lines: ['9 Other Road', 'Bradford'], postcode: 'BD1 1AA' }], ...overrides });

const representativeRecord = (overrides: Partial<Client> = {}): Client =>
  client({ scin: REP, title: 'Mr', firstName: 'Gareth', lastName: 'Jones', addresses: [{ type: 'correspondence', lines: ['Jones & Co Solicitors', '3 Law Lane', 'Leeds'], postcode: 'LS2 9JT' }], ...overrides });

const owningCase = (overrides: Partial<Case> = {}): Case => ({
  caseNumber: '1-2143476081',
  status: 'open',
  owningCaseworker: 'cw-alice',
  owningSegment: 'CMS-LEEDS',
  receivingParent: RP,
  payingParent: PP,
  qualifyingChildren: [{ firstName: 'Cerys' }],
  employers: [ERN],
  ...overrides,
});

const employer = (overrides: Partial<Employer> = {}): Employer => ({
  ern: ERN,
  name: 'Acme Widgets Ltd',
  address: { type: 'correspondence', lines: ['Acme House', 'Kirkstall Road', 'Leeds'], postcode: 'ls3 1ab' },
  ...overrides,
});

const organisation = (overrides: Partial<Organisation> = {}): Organisation => ({
  trn: TRN,
  status: 'active',
  maintainedByThirdPartyTeamOnly: false,
  name: 'Harper & Lowe Solicitors',
  type: 'solicitor',
  addresses: [{ lines: ['12 Park Row', 'Leeds'], postcode: 'LS1 5HD', primary: true }],
  preferredContactMethod: 'letter',
  paymentSchedule: false,
  version: 1,
  createdAt: '2026-01-05T09:00:00.000Z',
  updatedAt: '2026-01-05T09:00:00.000Z',
  ...overrides,
});

const namedContact = (overrides: Partial<Contact> = {}): Contact => ({ contactId: 'C01', trn: TRN, status: 'active', title: 'Ms', firstName: 'Priya', lastName: 'Patel', ...overrides });

interface DataOptions {
  readonly case?: Partial<Case>;
  readonly receivingParent?: Partial<Client> | null;
  readonly payingParent?: Partial<Client> | null;
  readonly representative?: Partial<Client> | null;
  readonly employer?: Partial<Employer>;
  readonly organisation?: Partial<Organisation>;
}

/** What generation is given about the case and recipient (as the use case loads it). */
const data = (options: DataOptions = {}): RecipientData => {
  const clients = new Map<string, Client>();
  if (options.receivingParent !== null) clients.set(RP, client(options.receivingParent ?? {}));
  if (options.payingParent !== null) clients.set(PP, payingParent(options.payingParent ?? {}));
  if (options.representative !== undefined && options.representative !== null) clients.set(REP, representativeRecord(options.representative));
  return {
    case: owningCase(options.case),
    clients,
    employer: employer(options.employer),
    thirdParty: { organisation: organisation(options.organisation), contacts: [namedContact()] },
    srNumber: SR,
  };
};

/** The receiving parent has an active representative with a client record of their own. */
const withRepresentative = (options: DataOptions = {}): RecipientData =>
  data({ ...options, receivingParent: { representative: { scin: REP, name: 'Jones & Co Solicitors', active: true }, ...options.receivingParent }, representative: options.representative ?? {} });

const contactRefOf = (r: LetterRecipient): string => (r.type === 'employer' ? r.ern : r.type === 'third-party' ? r.trn : r.scin);

const draft = (templateId: string, recipient: LetterRecipient, composition?: Composition): Letter => {
  const t = template(templateId);
  return {
    correspondenceId: CORRESPONDENCE_ID,
    srNumber: SR,
    caseNumber: '1-2143476081',
    channel: 'letter',
    template: { id: t.id, version: t.version, name: t.name },
    recipient,
    contactRef: contactRefOf(recipient),
    composition: composition ?? defaultComposition(t),
    status: 'Draft',
    round: 0,
    warnings: [],
    pdfs: [],
    returns: [],
    welshTranslationRequired: false,
    statusHistory: [{ status: 'Draft', at: now.toISOString(), by: 'cw-alice' }],
    approvalHistory: [],
    createdBy: 'cw-alice',
    createdAt: now.toISOString(),
    updatedBy: 'cw-alice',
    updatedAt: now.toISOString(),
    version: 1,
  };
};

/** A Draft composed with the caseworker's edit, as PATCH /letters/{id} does. */
const composed = (templateId: string, recipient: LetterRecipient, edit: ComposeLetter): Letter => {
  const t = template(templateId);
  return draft(templateId, recipient, compose(defaultComposition(t), t, edit, { selfService: false }));
};

const generateLetter = (letter: Letter, recipientData: RecipientData = data()): Generation => generate(letter, template(letter.template.id), recipientData, { id: 'cw-alice' }, now);

const toClient: LetterRecipient = { type: 'client', scin: RP };
const toPayingParent: LetterRecipient = { type: 'client', scin: PP };
const toRepresentative: LetterRecipient = { type: 'representative', scin: REP };
const toEmployer: LetterRecipient = { type: 'employer', ern: ERN };
const toNamedContact: LetterRecipient = { type: 'third-party', trn: TRN, contactId: 'C01' };
const toOrganisation: LetterRecipient = { type: 'third-party', trn: TRN };

/** CMSL5509 to the client, ready to generate. */
const cmsl5509ToClient = (): Letter => composed('CMSL5509', toClient, { paragraphs: { TM_09149E: true }, freeText: { enclosedDocuments: 'Your maintenance calculation letter of 3 October 2026.' } });
const cmsl5509ToPayingParent = (): Letter => composed('CMSL5509', toPayingParent, { paragraphs: { TM_09149E: true }, freeText: { enclosedDocuments: 'Your maintenance calculation letter of 3 October 2026.' } });


const generationRefusal = (fn: () => unknown): Problem => {
  const problem = refusal(fn);
  expect(problem.status).toBe(422);
  expect(problem.detail).toMatch(/^Error in generation: /);
  return problem;
};

const texts = (g: Generation): string[] => g.content.paragraphs.map((p) => p.text);
const referenceValues = (g: Generation): Record<string, string> => Object.fromEntries(g.content.references.map((r) => [r.label, r.value]));

describe('letter templates', () => {
  it('every template file validates against the template schema, has unique block ids and is named after its id', () => {
    expect(templateFiles.length).toBeGreaterThanOrEqual(6);
    for (const file of templateFiles) {
      const json: unknown = JSON.parse(readFileSync(new URL(file, templateDir), 'utf8'));
      const parsed = LetterTemplate.safeParse(json);
      expect(parsed.success, `${file}: ${parsed.error?.message}`).toBe(true);
      const t = parsed.data!;
      expect(file).toBe(`${t.id}.json`);
      const ids = t.blocks.map((b) => b.id);
      expect(new Set(ids).size, `${file} block ids: ${ids.join(', ')}`).toBe(ids.length);
    }
  });

  it('every template file is offered to caseworkers (none left out of the loaded list)', () => {
    expect(letterTemplates.map((t) => `${t.id}.json`).sort()).toEqual([...templateFiles].sort());
  });

  it('the schema refuses a template with a repeated block id, a mandatory enclosure left out by default, or a choose-one rule naming a block that is not optional', () => {
    const base = JSON.parse(readFileSync(new URL('CMSL5509.json', templateDir), 'utf8')) as Record<string, unknown> & { blocks: unknown[] };
    expect(LetterTemplate.safeParse(base).success).toBe(true);
    expect(LetterTemplate.safeParse({ ...base, blocks: [...base.blocks, base.blocks[0]] }).success).toBe(false);
    expect(LetterTemplate.safeParse({ ...base, enclosures: [{ id: 'CMSF1', title: 'A form', mandatory: true, defaultIncluded: false }] }).success).toBe(false);
    expect(LetterTemplate.safeParse({ ...base, chooseOne: [{ paragraphs: ['TM_09146_E', 'enclosedDocuments'], rule: 'Pick one of these two paragraphs' }] }).success).toBe(false);
  });

  it('has the templates the issue asks for: CMSL5509, CMSL5512, a representative cover letter, a third-party ad-hoc letter, CMSL2040 for employers and Application Withdrawn - Missing Information', () => {
    expect(template('CMSL5509').name).toBe('Important documents enclosed');
    expect(template('CMSL5512').name).toBe('Thank you for your enquiry');
    expect(template('CMSL2040').audiences).toEqual(['employer']);
    expect(letterTemplates.some((t) => t.audiences.includes('representative') && t.audiences.length === 1)).toBe(true);
    expect(letterTemplates.some((t) => t.audiences.includes('third-party') && t.blocks.some((b) => b.type === 'freeText' && b.required))).toBe(true);
    expect(letterTemplates.find((t) => t.name === 'Application Withdrawn - Missing Information')).toBeDefined();
  });

  it('CMSL5509 has exactly the three optional paragraphs of the procedure, none included by default, and a required description of the enclosed documents', () => {
    const t = template('CMSL5509');
    const optional = t.blocks.filter((b) => b.type === 'optional');
    expect(optional.map((b) => b.id)).toEqual(['TM_09146_E', 'TM_09417_E', 'TM_09149E']);
    expect(optional.every((b) => !b.defaultIncluded)).toBe(true);
    const description = t.blocks.find((b) => b.type === 'freeText');
    expect(description).toMatchObject({ type: 'freeText', required: true });
  });

  it("CMSL5509's paragraphs read exactly as the procedure gives them, with the free text filled in", () => {
    const toRep = composed('CMSL5509', toRepresentative, { paragraphs: { TM_09146_E: true }, slots: { TM_09146_E: { originalRecipient: 'Mrs Rhiannon Evans' } }, freeText: { enclosedDocuments: 'A copy of the calculation letter.' } });
    expect(texts(generateLetter(toRep, withRepresentative()))).toContain('The enclosed document(s) relates to the child maintenance case of Mrs Rhiannon Evans, for whom you act as representative.');

    const toTp = composed('CMSL5509', toOrganisation, {
      paragraphs: { TM_09417_E: true },
      slots: { TM_09417_E: { originalRecipient: 'Mrs Rhiannon Evans', reason: 'SR-7K3M9Q2X, a request from her solicitor' } },
      freeText: { enclosedDocuments: 'A copy of the calculation letter.' },
    });
    expect(texts(generateLetter(toTp))).toContain('The attached document(s) relates to the child maintenance case of Mrs Rhiannon Evans. This is in relation to SR-7K3M9Q2X, a request from her solicitor.');

    const g = generateLetter(cmsl5509ToClient());
    expect(g.content.title).toBe('Important documents enclosed');
    expect(texts(g)).toEqual([
      'As requested, we enclose a copy of a letter previously sent to you:',
      'Your maintenance calculation letter of 3 October 2026.',
      `If you have any questions about the enclosed documents, please call us on 0800 171 2345. Please have your reference ${RP} ready when you call.`,
    ]);
  });

  it('CMSL5512 asks for the date of the enquiry and the titles and descriptions of the enclosed literature, and prints them', () => {
    const required = template('CMSL5512').blocks.filter((b) => b.type === 'freeText' && b.required).map((b) => (b.type === 'freeText' ? b.label : ''));
    expect(required).toEqual([expect.stringMatching(/date of the enquiry/i), expect.stringMatching(/titles/i), expect.stringMatching(/description/i)]);
    const g = generateLetter(composed('CMSL5512', toClient, { freeText: { enquiryDate: '20 November 2026', literatureTitles: 'Child maintenance: a guide for parents', literatureDescription: 'How child maintenance works.' } }));
    expect(texts(g)).toEqual(expect.arrayContaining(['Thank you for your enquiry on 20 November 2026.', 'Child maintenance: a guide for parents', 'How child maintenance works.']));
  });

  it('every template, fully composed, generates for each of its audiences with every placeholder filled', () => {
    const recipients: Record<string, LetterRecipient> = { client: toClient, representative: toRepresentative, employer: toEmployer, 'third-party': toNamedContact };
    for (const t of letterTemplates) {
      const chosen = new Set(t.chooseOne.map((g) => g.paragraphs[0]!));
      const notChosen = new Set(t.chooseOne.flatMap((g) => g.paragraphs.slice(1)));
      const optional = t.blocks.filter((b) => b.type === 'optional');
      const edit: ComposeLetter = {
        paragraphs: Object.fromEntries(optional.map((b) => [b.id, chosen.has(b.id) || (!notChosen.has(b.id) && b.defaultIncluded)])),
        freeText: Object.fromEntries(t.blocks.flatMap((b) => (b.type === 'freeText' ? [[b.id, `Filled ${b.id}`]] : []))),
        slots: Object.fromEntries(optional.map((b) => [b.id, Object.fromEntries(b.slots.map((s) => [s.id, `Filled ${s.id}`]))])),
      };
      for (const audience of t.audiences) {
        const g = generateLetter(composed(t.id, recipients[audience]!, edit), withRepresentative());
        const printed = [g.content.title ?? '', ...texts(g)].join('\n');
        expect(printed, `${t.id} to ${audience}`).not.toMatch(/\{\{|\[[\w.]+\]/);
        expect(g.content.paragraphs.length, `${t.id} to ${audience}`).toBeGreaterThan(0);
      }
    }
  });
});

describe('composing a Draft', () => {
  const t5509 = template('CMSL5509');
  const start = defaultComposition(t5509);
  const edit = (e: ComposeLetter, t: LetterTemplate = t5509, selfService = false, from: Composition = defaultComposition(t)) => compose(from, t, e, { selfService });

  it('starts from the template: default paragraphs, default enclosures and the default delivery method', () => {
    expect(start).toMatchObject({ paragraphs: { TM_09146_E: false, TM_09417_E: false, TM_09149E: false }, freeText: {}, enclosures: [], deliveryMethod: 'first-class' });
    expect(defaultComposition(template('CMSL2040')).enclosures).toEqual(['CMSF2041', 'CMSB2045']);
    expect(defaultComposition(template('CMSL1201')).paragraphs).toEqual({ TM_01201_A: true });
    expect(defaultComposition(template('CMSL5512')).deliveryMethod).toBe('second-class');
  });

  it('includes and excludes optional paragraphs, and the letter prints only the included ones', () => {
    const on = edit({ paragraphs: { TM_09149E: true } });
    expect(on.paragraphs.TM_09149E).toBe(true);
    const off = edit({ paragraphs: { TM_09149E: false, TM_09417_E: true } }, t5509, false, on);
    expect(off.paragraphs).toMatchObject({ TM_09149E: false, TM_09417_E: true });

    const t1201 = template('CMSL1201');
    const withReapply = composed('CMSL1201', toClient, { freeText: { missingInformation: 'Your payslips, asked for on 1 October 2026.' } });
    const withoutReapply = composed('CMSL1201', toClient, { paragraphs: { TM_01201_A: false }, freeText: { missingInformation: 'Your payslips, asked for on 1 October 2026.' } });
    const reapply = t1201.blocks.find((b) => b.id === 'TM_01201_A');
    expect(reapply?.type).toBe('optional');
    const reapplyText = reapply?.type === 'optional' ? reapply.text : '';
    expect(texts(generateLetter(withReapply))).toContain(reapplyText);
    expect(texts(generateLetter(withoutReapply))).not.toContain(reapplyText);
  });

  it('fills free text (trimmed), clears it with null or blank, and refuses text over the field limit', () => {
    expect(edit({ freeText: { enclosedDocuments: '  The letter of 3 October.  ' } }).freeText).toEqual({ enclosedDocuments: 'The letter of 3 October.' });
    const filled = edit({ freeText: { enclosedDocuments: 'x' } });
    expect(edit({ freeText: { enclosedDocuments: null } }, t5509, false, filled).freeText).toEqual({});
    expect(edit({ freeText: { enclosedDocuments: '   ' } }, t5509, false, filled).freeText).toEqual({});

    expect(edit({ freeText: { enclosedDocuments: 'x'.repeat(2000) } }).freeText.enclosedDocuments).toHaveLength(2000);
    const tooLong = refusal(() => edit({ freeText: { enclosedDocuments: 'x'.repeat(2001) } }));
    expect(tooLong.status).toBe(422);
    expect(tooLong.extensions.errors).toEqual([{ field: 'body.freeText.enclosedDocuments', rule: 'must be at most 2000 characters' }]);
    const t5512 = template('CMSL5512');
    expect(refusal(() => edit({ freeText: { enquiryDate: 'x'.repeat(41) } }, t5512)).detail).toContain('at most 40 characters');
  });

  it("fills an optional paragraph's free-text slots, refuses a slot over its limit or one the paragraph does not have", () => {
    const filled = edit({ paragraphs: { TM_09417_E: true }, slots: { TM_09417_E: { originalRecipient: ' Mrs Rhiannon Evans ', reason: 'x'.repeat(300) } } });
    expect(filled.slots.TM_09417_E).toEqual({ originalRecipient: 'Mrs Rhiannon Evans', reason: 'x'.repeat(300) });
    expect(refusal(() => edit({ slots: { TM_09417_E: { reason: 'x'.repeat(301) } } })).extensions.errors).toEqual([{ field: 'body.slots.TM_09417_E.reason', rule: 'must be at most 300 characters' }]);
    expect(refusal(() => edit({ slots: { TM_09146_E: { reason: 'A reason' } } })).status).toBe(422);
    expect(refusal(() => edit({ slots: { TM_09149E: { anything: 'x' } } })).status).toBe(422);
  });

  it('never changes a read-only block: not as free text, not as an optional paragraph, not as a slot', () => {
    for (const e of [{ freeText: { questions: 'Call us any time.' } }, { paragraphs: { questions: false } }, { slots: { questions: { reference: 'x' } } }] as ComposeLetter[]) {
      const problem = refusal(() => edit(e));
      expect(problem.status).toBe(422);
      expect(problem.extensions.errors?.[0]?.field).toMatch(/^body\.(freeText|paragraphs|slots)\.questions/);
    }
    expect(refusal(() => edit({ freeText: { questions: 'x' } })).detail).toContain('read-only');
    // A free-text field is not an optional paragraph either.
    expect(refusal(() => edit({ paragraphs: { enclosedDocuments: false } })).status).toBe(422);
  });

  it('refuses ids the template does not have', () => {
    for (const e of [{ paragraphs: { TM_99999_X: true } }, { freeText: { nonsense: 'x' } }, { slots: { TM_99999_X: { a: 'x' } } }, { enclosures: ['CMSB999'] }] as ComposeLetter[]) {
      expect(refusal(() => edit(e)).status).toBe(422);
    }
    expect(refusal(() => edit({ paragraphs: { TM_99999_X: true } })).detail).toContain('CMSL5509 has no optional paragraph TM_99999_X');
  });

  it('adds and removes optional enclosures, but a mandatory enclosure can never be removed', () => {
    const t2040 = template('CMSL2040');
    expect(edit({ enclosures: ['CMSF2041'] }, t2040).enclosures).toEqual(['CMSF2041']);
    expect(edit({ enclosures: ['CMSF2041', 'CMSB2045', 'CMSF2041'] }, t2040).enclosures).toEqual(['CMSF2041', 'CMSB2045']);
    const removed = refusal(() => edit({ enclosures: ['CMSB2045'] }, t2040));
    expect(removed.status).toBe(422);
    expect(removed.detail).toContain('CMSF2041');
    expect(removed.detail).toContain('mandatory');
    const t5512 = template('CMSL5512');
    expect(edit({ enclosures: ['CMSB001', 'CMSB007'] }, t5512).enclosures).toEqual(['CMSB001', 'CMSB007']);
    expect(edit({ enclosures: [] }, t5512, false, edit({ enclosures: ['CMSB001'] }, t5512)).enclosures).toEqual([]);
  });

  it('attaches earlier correspondence and other documents', () => {
    const attachments = [
      { kind: 'correspondence', reference: 'L-ABCDEFGH', description: 'Calculation letter of 3 October 2026' },
      { kind: 'document', reference: 'Court form C100', description: 'Court order' },
    ] as const;
    expect(edit({ attachments: [...attachments] }).attachments).toEqual(attachments);
  });

  it("changes the delivery method, except a self-service recipient's, and internal courier only for a locally printed letter", () => {
    expect(edit({ deliveryMethod: 'recorded' }).deliveryMethod).toBe('recorded');
    const selfService = refusal(() => edit({ deliveryMethod: 'recorded' }, t5509, true));
    expect(selfService.status).toBe(422);
    expect(selfService.detail).toContain('self-service');
    // Saying the method it already has is not a change.
    expect(edit({ deliveryMethod: 'first-class', freeText: { enclosedDocuments: 'x' } }, t5509, true).freeText.enclosedDocuments).toBe('x');

    expect(template('CMSL5509').fulfilment).toBe('external');
    expect(refusal(() => edit({ deliveryMethod: 'internal-courier' })).detail).toContain('internal courier');
    const t2040 = template('CMSL2040');
    expect(t2040.fulfilment).toBe('local');
    expect(edit({ deliveryMethod: 'internal-courier' }, t2040).deliveryMethod).toBe('internal-courier');
    for (const method of ['second-class', 'recorded', 'special-delivery', 'courier-tracked', 'courier-standard'] as const) expect(edit({ deliveryMethod: method }, t2040).deliveryMethod).toBe(method);
  });
});

describe('who the letter goes to and how it is addressed', () => {
  it("uses the client's correspondence address by default, with their SCIN, Dear <title> <surname> and Yours sincerely", () => {
    const r = resolveRecipient(toClient, data({ receivingParent: { addresses: [{ type: 'residential', lines: ['5 Home Road', 'Wakefield'], postcode: 'WF1 1AA' }, { type: 'correspondence', lines: ['PO Box 12', 'Leeds'], postcode: 'ls1 4ap' }] } }));
    expect(r.addressBlock).toEqual(['Mrs Rhiannon Evans', 'PO Box 12', 'Leeds', 'LS1 4AP']);
    expect(r).toMatchObject({ referenceType: 'SCIN', reference: RP, salutation: 'Dear Mrs Evans', valediction: 'Yours sincerely' });
    expect(r.customCountry).toBeUndefined();
    // With only a residential address, that one.
    expect(resolveRecipient(toClient, data({ receivingParent: { addresses: [{ type: 'residential', lines: ['5 Home Road', 'Wakefield'], postcode: 'WF1 1AA' }] } })).addressBlock).toEqual(['Mrs Rhiannon Evans', '5 Home Road', 'Wakefield', 'WF1 1AA']);
  });

  it('refuses with "Error in generation" when the address is recorded as DLO, NFA or PWA', () => {
    for (const type of ['dlo', 'nfa', 'pwa'] as const) {
      const problem = generationRefusal(() => generateLetter(cmsl5509ToClient(), data({ receivingParent: { addresses: [{ type, lines: ['Not known'] }] } })));
      expect(problem.detail).toContain(type.toUpperCase());
    }
    // The procedure: DLO/NFA/PWA residential means error in generation, whatever else is held.
    generationRefusal(() => generateLetter(cmsl5509ToClient(), data({ receivingParent: { addresses: [{ type: 'correspondence', lines: ['1 Test Street', 'Testtown'], postcode: 'LS1 4AP' }, { type: 'nfa', lines: ['No fixed abode'] }] } })));
    // A client with no address at all cannot be written to either.
    generationRefusal(() => generateLetter(cmsl5509ToClient(), data({ receivingParent: { addresses: [] } })));
  });

  it('accepts a BFPO address, with or without a BF postcode, flagged with Custom Country "Not Known"', () => {
    const withPostcode = generateLetter(cmsl5509ToClient(), data({ receivingParent: { addresses: [{ type: 'bfpo', lines: ['Sgt R Evans', 'Unit 5', 'BFPO 123'], postcode: 'BF1 4FB' }] } }));
    expect(withPostcode.content.customCountry).toBe('Not Known');
    expect(withPostcode.content.addressBlock).toEqual(['Mrs Rhiannon Evans', 'Sgt R Evans', 'Unit 5', 'BFPO 123', 'BF1 4FB']);
    const withoutPostcode = generateLetter(cmsl5509ToClient(), data({ receivingParent: { addresses: [{ type: 'bfpo', lines: ['Unit 5', 'BFPO 123'] }] } }));
    expect(withoutPostcode.content.customCountry).toBe('Not Known');
    expect(withoutPostcode.content.addressBlock.at(-1)).toBe('BFPO 123');
  });

  it('recognises a BFPO address by its "BFPO <number>" line or postcode, whatever type it was stored with', () => {
    const residential = generateLetter(cmsl5509ToClient(), data({ receivingParent: { addresses: [{ type: 'residential', lines: ['Sgt R Evans', 'Unit 5', 'BFPO 38'] }] } }));
    expect(residential.content.customCountry).toBe('Not Known');
    expect(residential.content.addressBlock).toEqual(['Mrs Rhiannon Evans', 'Sgt R Evans', 'Unit 5', 'BFPO 38']);
    const inPostcode = generateLetter(cmsl5509ToClient(), data({ receivingParent: { addresses: [{ type: 'residential', lines: ['Sgt R Evans', 'Unit 5'], postcode: 'BFPO 38' }] } }));
    expect(inPostcode.content.customCountry).toBe('Not Known');
    expect(inPostcode.content.addressBlock.at(-1)).toBe('BFPO 38');
    // An ordinary address is not flagged.
    expect(generateLetter(cmsl5509ToClient(), data({ receivingParent: { addresses: [{ type: 'residential', lines: ['1 Test Street', 'Testtown'], postcode: 'LS1 4AP' }] } })).content.customCountry).toBeUndefined();
  });

  it('addresses a deceased client with no executor or next of kin "To The Executor Of <name>"', () => {
    const g = generateLetter(cmsl5509ToPayingParent(), data({ payingParent: { deceased: true } }));
    expect(g.content.addressBlock).toEqual(['To The Executor Of Mr Paul Morgan', '9 Other Road', 'Bradford', 'BD1 1AA']);
    expect(g.content.recipientName).toBe('To The Executor Of Mr Paul Morgan');
    expect(g.content.salutation).not.toContain('Morgan');
    expect(decodeIdentifyingCode(g.content.identifyingCode).recipientName).toBe('To The Executor Of Mr Paul Morgan');
  });

  it("refuses a letter to a deceased client who has an executor or next of kin, pointing to them", () => {
    const problem = generationRefusal(() => generateLetter(cmsl5509ToPayingParent(), data({ payingParent: { deceased: true, executorOrNextOfKin: { scin: EXECUTOR, name: 'Mrs Sian Morgan' } } })));
    expect(problem.detail).toContain('Mrs Sian Morgan');
    expect(problem.detail).toContain(EXECUTOR);
  });

  it('writes to a named payroll contact at the employer, or to the employer alone when there is none, with the ERN', () => {
    const letter = composed('CMSL2040', toEmployer, { freeText: { deductionDetails: '£45.00 a week from 1 December 2026.' } });
    const contact = generateLetter(letter, data({ employer: { payrollContact: 'Mr Dai Price' } }));
    expect(contact.content.addressBlock).toEqual(['Mr Dai Price', 'Acme Widgets Ltd', 'Acme House', 'Kirkstall Road', 'Leeds', 'LS3 1AB']);
    expect(contact.content).toMatchObject({ recipientName: 'Mr Dai Price', salutation: 'Dear Mr Dai Price', valediction: 'Yours sincerely' });

    const noContact = generateLetter(letter, data());
    expect(noContact.content.addressBlock).toEqual(['Acme Widgets Ltd', 'Acme House', 'Kirkstall Road', 'Leeds', 'LS3 1AB']);
    expect(noContact.content).toMatchObject({ recipientName: 'Acme Widgets Ltd', valediction: 'Yours faithfully' });
    for (const g of [contact, noContact]) {
      expect(referenceValues(g)).toEqual({ 'Employer reference (ERN)': ERN, 'Our reference': CORRESPONDENCE_ID });
      expect(decodeIdentifyingCode(g.content.identifyingCode)).toMatchObject({ referenceType: 'ERN', referenceValue: ERN });
      expect(texts(g)[0]).toContain('Mr Paul Morgan');
    }
  });

  it("addresses a third party's named contact with the organisation on the next line, or the organisation alone as Sir/Madam, with the TRN and SR number", () => {
    const edit = { freeText: { subject: 'Your client Mrs Evans', body: 'We have received your letter.' } };
    const named = generateLetter(composed('CMSL7001', toNamedContact, edit));
    expect(named.content.addressBlock).toEqual(['Ms Priya Patel', 'Harper & Lowe Solicitors', '12 Park Row', 'Leeds', 'LS1 5HD']);
    expect(named.content).toMatchObject({ salutation: 'Dear Ms Patel', valediction: 'Yours sincerely', title: 'Your client Mrs Evans' });
    const org = generateLetter(composed('CMSL7001', toOrganisation, edit));
    expect(org.content.addressBlock).toEqual(['Harper & Lowe Solicitors', '12 Park Row', 'Leeds', 'LS1 5HD']);
    expect(org.content).toMatchObject({ salutation: 'Dear Sir/Madam', valediction: 'Yours faithfully' });
    for (const g of [named, org]) {
      expect(Object.values(referenceValues(g))).toEqual([TRN, SR, CORRESPONDENCE_ID]);
      expect(decodeIdentifyingCode(g.content.identifyingCode)).toMatchObject({ referenceType: 'TRN', referenceValue: TRN });
      expect(texts(g)).toContain(`Please quote our reference ${TRN} and SR number ${SR} in any reply.`);
    }
  });

  it('checks the address has 3 to 7 lines including the name', () => {
    const lines = (n: number) => Array.from({ length: n }, (_, i) => `Line ${i + 1}`);
    // name + 1 line + postcode = 3 lines: the fewest allowed.
    expect(generateLetter(cmsl5509ToClient(), data({ receivingParent: { addresses: [{ type: 'correspondence', lines: lines(1), postcode: 'LS1 4AP' }] } })).content.addressBlock).toHaveLength(3);
    // name + 5 lines + postcode = 7 lines: the most allowed.
    expect(generateLetter(cmsl5509ToClient(), data({ receivingParent: { addresses: [{ type: 'correspondence', lines: lines(5), postcode: 'LS1 4AP' }] } })).content.addressBlock).toHaveLength(7);
    const tooFew = generationRefusal(() => generateLetter(cmsl5509ToClient(), data({ receivingParent: { addresses: [{ type: 'correspondence', lines: ['LS1 4AP'] }] } })));
    expect(tooFew.detail).toContain('3 to 7 lines');
    const tooMany = generationRefusal(() => generateLetter(cmsl5509ToClient(), data({ receivingParent: { addresses: [{ type: 'correspondence', lines: lines(6), postcode: 'LS1 4AP' }] } })));
    expect(tooMany.detail).toContain('3 to 7 lines');
    expect(tooMany.extensions.errors).toEqual([{ field: 'recipient.address', rule: 'must have 3 to 7 lines' }]);
  });

  it('checks the address ends with a real UK postcode (unless it is BFPO)', () => {
    const bad = generationRefusal(() => generateLetter(cmsl5509ToClient(), data({ receivingParent: { addresses: [{ type: 'correspondence', lines: ['1 Test Street', 'Testtown'], postcode: 'LS1 ZZZ9' }] } })));
    expect(bad.detail).toContain('postcode');
    generationRefusal(() => generateLetter(cmsl5509ToClient(), data({ receivingParent: { addresses: [{ type: 'correspondence', lines: ['1 Test Street', 'Testtown', 'Leeds'] }] } })));
    // "BFPO" without its number is neither a postcode nor a BFPO address ("BFPO 123" is BFPO whatever the type).
    generationRefusal(() => generateLetter(cmsl5509ToClient(), data({ receivingParent: { addresses: [{ type: 'correspondence', lines: ['Unit 5', 'BFPO'] }] } })));
    // A postcode in any case and spacing is printed in its normal form.
    expect(generateLetter(cmsl5509ToClient(), data({ receivingParent: { addresses: [{ type: 'correspondence', lines: ['1 Test Street', 'Testtown'], postcode: 'sw1a2aa' }] } })).content.addressBlock.at(-1)).toBe('SW1A 2AA');
    const employerBad = generationRefusal(() => generateLetter(composed('CMSL2040', toEmployer, { freeText: { deductionDetails: 'x' } }), data({ employer: { address: { type: 'correspondence', lines: ['Acme House', 'Leeds'], postcode: 'NOT A PC' } } })));
    expect(employerBad.detail).toContain('postcode');
  });

  it('writes to the active representative at their own address with their SCIN, naming the client they act for', () => {
    const g = generateLetter(composed('CMSL5013', toRepresentative, {}), withRepresentative());
    expect(g.content.addressBlock).toEqual(['Mr Gareth Jones', 'Jones & Co Solicitors', '3 Law Lane', 'Leeds', 'LS2 9JT']);
    expect(referenceValues(g)).toEqual({ 'Your reference (SCIN)': REP, 'Our reference': CORRESPONDENCE_ID });
    expect(texts(g)[0]).toContain('Mrs Rhiannon Evans');
    // A representative who no longer acts (inactive) cannot be written to as the representative.
    generationRefusal(() => generateLetter(composed('CMSL5013', toRepresentative, {}), withRepresentative({ receivingParent: { representative: { scin: REP, name: 'Jones & Co Solicitors', active: false } } })));
    // Nor one whose own record (for the address) is missing.
    generationRefusal(() => generateLetter(composed('CMSL5013', toRepresentative, {}), { ...withRepresentative(), clients: new Map([[RP, withRepresentative().clients.get(RP)!]]) }));
  });

  it('refuses a template for another audience', () => {
    const problem = generationRefusal(() => generateLetter(composed('CMSL2040', toClient, { freeText: { deductionDetails: 'x' } })));
    expect(problem.detail).toContain('employer');
  });
});

describe('generation checks', () => {
  it('refuses a closed or arrears-only case whose qualifying children have end dates, telling the caseworker to issue it clerically', () => {
    for (const status of ['closed', 'arrears-only'] as const) {
      const problem = generationRefusal(() => generateLetter(cmsl5509ToClient(), data({ case: { status, qualifyingChildren: [{ firstName: 'Cerys', endDate: '2026-09-01' }] } })));
      expect(problem.detail).toContain('clerically');
    }
    // An open case with an end-dated child, and a closed case whose children have no end date, generate.
    expect(generateLetter(cmsl5509ToClient(), data({ case: { status: 'open', qualifyingChildren: [{ firstName: 'Cerys', endDate: '2026-09-01' }] } })).content.paragraphs.length).toBeGreaterThan(0);
    expect(generateLetter(cmsl5509ToClient(), data({ case: { status: 'closed', qualifyingChildren: [{ firstName: 'Cerys' }] } })).content.paragraphs.length).toBeGreaterThan(0);
  });

  it('lists every missing free text, slot and merge field at once', () => {
    const letter = composed('CMSL5509', toRepresentative, { paragraphs: { TM_09146_E: true } });
    const problem = generationRefusal(() => generateLetter(letter, withRepresentative()));
    expect(problem.extensions.missingVariables).toEqual(['TM_09146_E.originalRecipient (Original recipient)', 'free.enclosedDocuments (Description of the enclosed document(s))']);
    expect(problem.detail).toContain('missing variables');
    expect(problem.detail).toContain('Original recipient');
    expect(problem.detail).toContain('Description of the enclosed document(s)');

    // Merge data: the paying parent's name for CMSL2040, when their record is missing.
    const merge = generationRefusal(() => generateLetter(composed('CMSL2040', toEmployer, { freeText: { deductionDetails: 'x' } }), data({ payingParent: null })));
    expect(merge.extensions.missingVariables).toEqual(['payingParent.name']);
  });

  it('names each missing variable once, even when the field is also printed inside other text', () => {
    const cmsl5512 = generationRefusal(() => generateLetter(draft('CMSL5512', toClient)));
    const missing5512 = cmsl5512.extensions.missingVariables as string[];
    for (const id of ['enquiryDate', 'literatureTitles', 'literatureDescription']) expect(missing5512.filter((m) => m.includes(id)), `${id} in ${missing5512.join('; ')}`).toHaveLength(1);

    const cmsl7001 = generationRefusal(() => generateLetter(draft('CMSL7001', toOrganisation)));
    const missing7001 = cmsl7001.extensions.missingVariables as string[];
    for (const id of ['subject', 'body']) expect(missing7001.filter((m) => m.includes(id)), `${id} in ${missing7001.join('; ')}`).toHaveLength(1);
  });

  it('CMSL5509 needs exactly one of its three paragraphs: none or two is refused with the rule', () => {
    const none = generationRefusal(() => generateLetter(composed('CMSL5509', toClient, { freeText: { enclosedDocuments: 'x' } })));
    expect(none.extensions.missingVariables).toEqual([]);
    expect(none.extensions.rules).toEqual([template('CMSL5509').chooseOne[0]!.rule]);
    expect(none.detail).toContain('select one paragraph');
    const two = generationRefusal(() =>
      generateLetter(composed('CMSL5509', toClient, { paragraphs: { TM_09149E: true, TM_09417_E: true }, slots: { TM_09417_E: { originalRecipient: 'x', reason: 'y' } }, freeText: { enclosedDocuments: 'x' } })),
    );
    expect(two.extensions.rules).toEqual([template('CMSL5509').chooseOne[0]!.rule]);
    expect(texts(generateLetter(cmsl5509ToClient()))[0]).toBe('As requested, we enclose a copy of a letter previously sent to you:');
  });

  it('gives a client letter their SCIN and the correspondence id as references, and the identifying code the five fields', () => {
    const g = generateLetter(cmsl5509ToClient());
    expect(g.content.references).toEqual([
      { label: 'Your reference (SCIN)', value: RP },
      { label: 'Our reference', value: CORRESPONDENCE_ID },
    ]);
    expect(g.content).toMatchObject({ issueDate, issuingOffice: 'CMS-LEEDS', recipientName: 'Mrs Rhiannon Evans', generatedBy: 'cw-alice', deliveryMethod: 'first-class', fulfilment: 'external' });
    expect(decodeIdentifyingCode(g.content.identifyingCode)).toEqual({ recipientName: 'Mrs Rhiannon Evans', referenceType: 'SCIN', referenceValue: RP, issueDate, issuingOffice: 'CMS-LEEDS', correspondenceId: CORRESPONDENCE_ID });
    expect(g.warnings).toEqual([]);
    expect(g.representativeCover).toBeUndefined();
    expect(g.largePrint).toBe(false);
  });

  it('dates the letter in London: just after midnight in summer time is already the next day', () => {
    expect(londonDate(new Date('2026-07-01T23:30:00Z'))).toBe('2026-07-02');
    expect(londonDate(new Date('2026-12-01T23:30:00Z'))).toBe('2026-12-01');
  });

  it('warns of an active client representative and asks for a cover letter to them', () => {
    const g = generateLetter(cmsl5509ToClient(), withRepresentative());
    expect(g.warnings).toEqual([expect.stringContaining('Active client representative: Jones & Co Solicitors')]);
    expect(g.representativeCover).toEqual({ scin: REP, name: 'Jones & Co Solicitors' });
    const inactive = generateLetter(cmsl5509ToClient(), withRepresentative({ receivingParent: { representative: { scin: REP, name: 'Jones & Co Solicitors', active: false } } }));
    expect(inactive.warnings).toEqual([]);
    expect(inactive.representativeCover).toBeUndefined();
  });

  it('warns when correspondence is suppressed for the contact', () => {
    const g = generateLetter(cmsl5509ToClient(), data({ receivingParent: { correspondenceSuppressed: true } }));
    expect(g.suppressed).toBe(true);
    expect(g.warnings).toEqual([expect.stringMatching(/suppressed/i)]);
  });

  it('warns of each special requirement, which travels with the letter, and flags large print', () => {
    const g = generateLetter(cmsl5509ToClient(), data({ receivingParent: { specialRequirements: ['braille', 'large-print', 'audio-cassette', 'audio-cd'] } }));
    expect(g.warnings).toHaveLength(4);
    for (const [i, words] of [/braille/i, /large print/i, /audio cassette/i, /audio cd/i].entries()) expect(g.warnings[i]).toMatch(words);
    expect(g.content.specialRequirements).toEqual(['braille', 'large-print', 'audio-cassette', 'audio-cd']);
    expect(g.largePrint).toBe(true);
    expect(generateLetter(cmsl5509ToClient(), data({ receivingParent: { specialRequirements: ['braille'] } })).largePrint).toBe(false);
  });

  it('carries the enclosures by title, the attachments, the delivery method and the fulfilment level into the frozen content', () => {
    const letter = composed('CMSL2040', toEmployer, {
      freeText: { deductionDetails: '£45.00 a week.' },
      enclosures: ['CMSF2041'],
      deliveryMethod: 'internal-courier',
      attachments: [{ kind: 'document', reference: 'Court form C100', description: 'Court order' }],
    });
    const g = generateLetter(letter);
    expect(g.content).toMatchObject({
      enclosures: ['Deduction from earnings order: schedule of payments (form)'],
      attachments: [{ kind: 'document', reference: 'Court form C100', description: 'Court order' }],
      deliveryMethod: 'internal-courier',
      fulfilment: 'local',
    });
  });

  it('generates for a case owned by a segment named as the case system names them (e.g. P5_G8_CCSER_000)', () => {
    const g = generateLetter(cmsl5509ToClient(), data({ case: { owningSegment: 'P5_G8_CCSER_000' } }));
    expect(decodeIdentifyingCode(g.content.identifyingCode).correspondenceId).toBe(CORRESPONDENCE_ID);
  });

  it('generates for a deceased client with the longest names the client record allows', () => {
    const g = generateLetter(cmsl5509ToPayingParent(), data({ payingParent: { deceased: true, title: 'T'.repeat(20), firstName: 'F'.repeat(60), lastName: 'L'.repeat(60) } }));
    expect(g.content.addressBlock[0]).toMatch(/^To The Executor Of /);
    expect(decodeIdentifyingCode(g.content.identifyingCode).referenceValue).toBe(PP);
  });
});

describe('correspondence status', () => {
  /**
   * The procedure's model (and the one documented on letterStatuses): generate, approve or self-approve
   * (a suppressed contact's letter is held), fulfil; cancel from anything but Successfully Fulfilled.
   */
  const legal: Record<LetterStatus, readonly LetterStatus[]> = {
    Draft: ['Rendering', 'Cancelled'],
    // Rendering a first generation, or a team leader's correction (then Ready for Fulfilment, or Held when suppressed).
    Rendering: ['Generated', 'Ready for Fulfilment', 'Held', 'Error In Generation', 'Cancelled'],
    // Generated is read-only: a letter generated in error is cancelled ("Generated In Error"), not edited.
    Generated: ['Pending Approval', 'Ready for Fulfilment', 'Held', 'Draft', 'Cancelled'], // Draft: returned for a Welsh translation
    // The PDF failed: it can be put right and generated again, or cancelled.
    'Error In Generation': ['Draft', 'Cancelled'],
    // The team leader approves (with a minor correction: re-rendered), or rejects it back to the caseworker.
    'Pending Approval': ['Ready for Fulfilment', 'Held', 'Rendering', 'Draft', 'Cancelled'],
    // Local print is fulfilled by the caseworker (Local Fulfil).
    'Ready for Fulfilment': ['Held', 'Sent to Fulfilment House', 'Successfully Fulfilled', 'Cancelled'],
    Held: ['Ready for Fulfilment', 'Cancelled'],
    // "Wherever the letter Status is not Successfully Fulfilled it can be cancelled."
    // Issue 5: a letter can be cancelled until the print batch picks it up, not after.
    'Sent to Fulfilment House': ['Successfully Fulfilled', 'Error in Fulfilment'],
    // "If a letter has a status of Error in Fulfilment it must be updated to Cancelled".
    'Error in Fulfilment': ['Cancelled'],
    'Successfully Fulfilled': [],
    Cancelled: [],
  };

  it('allows the transitions of the procedure and refuses every other one with 409', () => {
    const wrong: string[] = [];
    for (const from of letterStatuses) {
      for (const to of letterStatuses) {
        let problem: Problem | undefined;
        try {
          assertTransition(from, to, CORRESPONDENCE_ID);
        } catch (error) {
          if (!(error instanceof Problem)) throw error;
          problem = error;
        }
        const allowed = legal[from].includes(to);
        if (allowed && problem) wrong.push(`${from} -> ${to} refused: ${problem.detail}`);
        if (!allowed && !problem) wrong.push(`${from} -> ${to} allowed`);
        if (problem) {
          expect(problem.type).toBe('illegalTransition');
          expect(problem.status).toBe(409);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('lets nothing leave Successfully Fulfilled (any change is a system error)', () => {
    for (const to of letterStatuses) {
      const problem = refusal(() => assertTransition('Successfully Fulfilled', to, CORRESPONDENCE_ID));
      expect(problem.detail).toBe(`${CORRESPONDENCE_ID} has been Successfully Fulfilled: its status can no longer change.`);
    }
  });

  it('lets a letter be cancelled until the print batch picks it up, and never once fulfilled', () => {
    const notCancellable = ['Successfully Fulfilled', 'Cancelled', 'Sent to Fulfilment House'];
    for (const from of letterStatuses.filter((s) => !notCancellable.includes(s))) {
      expect(() => assertTransition(from, 'Cancelled', CORRESPONDENCE_ID), from).not.toThrow();
    }
    for (const from of notCancellable) expect(() => assertTransition(from as never, 'Cancelled', CORRESPONDENCE_ID), from).toThrow();
  });

  it('only a Draft can be edited; from generation on every edit is refused with 409', () => {
    expect(() => assertEditable('Draft', CORRESPONDENCE_ID)).not.toThrow();
    for (const status of letterStatuses.filter((s) => s !== 'Draft')) {
      const problem = refusal(() => assertEditable(status, CORRESPONDENCE_ID));
      expect(problem.status).toBe(409);
      expect(problem.detail).toContain('read-only');
    }
  });
});
