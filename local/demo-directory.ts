import type { z } from 'zod';
import type { SetUpOrganisation } from '../functions/third-parties/schemas.ts';
import type { TokenRequest } from './dev-issuer.ts';

/**
 * A fictional third-party directory for the local stack: organisations of every type, with named
 * contacts, loaded through POST /third-parties as the third-party team (so validation and TRN issue
 * apply) under one Set Up New Third Party SR. Names, addresses and people are made up; phone numbers
 * are in Ofcom's drama ranges and emails on example domains.
 */

type NewOrganisation = z.input<typeof SetUpOrganisation>['organisation'];
type NewContact = NonNullable<z.input<typeof SetUpOrganisation>['contacts']>[number];

export interface DemoThirdParty {
  readonly organisation: NewOrganisation;
  readonly contacts?: NewContact[];
}

/** Names worth mentioning in the README and the start-up banner. */
export const demoDirectory = {
  /** The paying parent's representative in the demo clients. */
  solicitor: 'Pemberton & Vale Solicitors',
  employerAgent: 'Ledgerline Payroll Bureau',
  mp: 'Office of Grace Okafor MP',
  court: 'Airedale Family Court',
} as const;

/** What the directory refers to in the rest of the demo data (local/demo-data.ts `demo`). */
export interface DemoReferences {
  /** The case the set-up SR is raised on. */
  readonly caseNumber: string;
  /** The employer the employer's agent acts for. */
  readonly employerErn: string;
}

export const demoThirdParties = (refs: Pick<DemoReferences, 'employerErn'>): DemoThirdParty[] => [
  // Solicitors
  {
    organisation: {
      name: demoDirectory.solicitor,
      type: 'solicitor',
      addresses: [
        { lines: ['3rd Floor, Aire House', '12 Wellington Street', 'Leeds'], postcode: 'LS1 9ZT', primary: true },
        { lines: ['Branch office', '48 Manningham Lane', 'Bradford'], postcode: 'BD1 9ZQ' },
      ],
      phone: '0113 496 0123',
      fax: '0113 496 0124',
      email: 'family@pemberton-vale.example.co.uk',
      preferredContactMethod: 'email',
    },
    contacts: [
      { title: 'Ms', firstName: 'Harriet', lastName: 'Pemberton', jobTitle: 'Partner, Family Law', phone: '0113 496 0125', email: 'h.pemberton@pemberton-vale.example.co.uk' },
      { title: 'Mr', firstName: 'Tomasz', lastName: 'Wilk', jobTitle: 'Associate Solicitor', email: 't.wilk@pemberton-vale.example.co.uk' },
      { firstName: 'Gemma', lastName: 'Roscoe', jobTitle: 'Legal Secretary', phone: '0113 496 0126' },
    ],
  },
  {
    organisation: {
      name: 'Ashdown Kerr LLP',
      type: 'solicitor',
      addresses: [{ lines: ['Suite 5, Exchange Court', '9 Deansgate', 'Manchester'], postcode: 'M3 9ZD', primary: true }],
      phone: '+44 (0)161 496 0457',
      email: 'enquiries@ashdown-kerr.example.co.uk',
    },
    contacts: [{ title: 'Mr', firstName: 'Oliver', lastName: 'Kerr', jobTitle: 'Senior Partner' }],
  },
  {
    organisation: {
      name: 'Lindqvist Murray Family Law',
      type: 'solicitor',
      addresses: [{ lines: ['2/1, 77 West Regent Street', 'Glasgow'], postcode: 'G2 9ZL', primary: true }],
      phone: '0141 496 0310',
      email: 'family@lindqvist-murray.example.co.uk',
      preferredContactMethod: 'phone',
    },
    contacts: [
      { title: 'Mrs', firstName: 'Astrid', lastName: 'Lindqvist', jobTitle: 'Partner' },
      { title: 'Mr', firstName: 'Euan', lastName: 'Murray', jobTitle: 'Solicitor Advocate', phone: '0141 496 0311' },
    ],
  },
  {
    organisation: {
      name: 'Carrow & Finch Solicitors',
      type: 'solicitor',
      addresses: [{ lines: ['Ty Carrow', '21 Cathedral Road', 'Cardiff'], postcode: 'CF11 9ZH', primary: true }],
      phone: '029 2018 0455',
    },
  },
  // Accountants
  {
    organisation: {
      name: 'Brightwater Accountancy Services',
      type: 'accountant',
      addresses: [{ lines: ['Unit 2, Kelham Works', '40 Russell Street', 'Sheffield'], postcode: 'S3 9ZR', primary: true }],
      phone: '01144960870',
      email: 'office@brightwater.example.co.uk',
      preferredContactMethod: 'email',
    },
    contacts: [{ title: 'Mr', firstName: 'Sanjay', lastName: 'Mehta', jobTitle: 'Director', email: 'sanjay.mehta@brightwater.example.co.uk' }],
  },
  {
    organisation: {
      name: 'Hollis Quayle Chartered Accountants',
      type: 'accountant',
      addresses: [
        { lines: ['Quayle House', '5 Queen Square', 'Bristol'], postcode: 'BS1 9ZE', primary: true },
        { lines: ['PO Box 9021', 'Bristol'], postcode: 'BS99 9ZZ' },
      ],
      phone: '+44 117 496 0222',
      fax: '+44 117 496 0223',
    },
    contacts: [
      { title: 'Ms', firstName: 'Rebecca', lastName: 'Hollis', jobTitle: 'Tax Partner' },
      { title: 'Mr', firstName: 'Adrian', lastName: 'Quayle', jobTitle: 'Audit Partner' },
    ],
  },
  // Bailiffs
  {
    organisation: {
      name: 'Greystone Enforcement Agents',
      type: 'bailiff',
      addresses: [{ lines: ['Greystone House', 'Pontefract Road', 'Leeds'], postcode: 'LS10 9ZN', primary: true }],
      phone: '0113-496-0731',
      email: 'cms.referrals@greystone-enforcement.example.co.uk',
      preferredContactMethod: 'email',
      paymentSchedule: true,
    },
    contacts: [
      { title: 'Mr', firstName: 'Dean', lastName: 'Holroyd', jobTitle: 'Certificated Enforcement Agent', phone: '07700 900461' },
      { title: 'Ms', firstName: 'Lorraine', lastName: 'Pickles', jobTitle: 'Client Services Manager', email: 'l.pickles@greystone-enforcement.example.co.uk' },
    ],
  },
  {
    organisation: {
      name: 'Marlow Recovery & Enforcement',
      type: 'bailiff',
      addresses: [{ lines: ['14 Lace Market Yard', 'Nottingham'], postcode: 'NG1 9ZB', primary: true }],
      phone: '(0115) 496 0640',
      paymentSchedule: true,
    },
  },
  // DNA testing
  {
    organisation: {
      name: 'Helix Parentage Testing',
      type: 'dna-test-provider',
      addresses: [{ lines: ['Laboratory 4', 'Thames Valley Science Park', 'Reading'], postcode: 'RG2 9ZT', primary: true }],
      phone: '0118 496 0900',
      email: 'cms-samples@helix-parentage.example.co.uk',
      preferredContactMethod: 'email',
    },
    contacts: [{ title: 'Dr', firstName: 'Nadia', lastName: 'Rahman', jobTitle: 'Laboratory Manager', email: 'n.rahman@helix-parentage.example.co.uk' }],
  },
  // Benefits agencies
  {
    organisation: {
      name: 'Castlegate Council Revenues & Benefits',
      type: 'benefits-agency',
      addresses: [{ lines: ['Civic Centre', 'Castlegate', 'York'], postcode: 'YO1 9ZX', primary: true }],
      phone: '0191 498 0100',
      email: 'benefits@castlegate-council.example.org.uk',
    },
  },
  {
    organisation: {
      name: 'Riverside Housing Benefit Office',
      type: 'benefits-agency',
      addresses: [{ lines: ['Riverside House', '2 Quayside', 'Newcastle upon Tyne'], postcode: 'NE1 9ZR', primary: true }],
      phone: '0191 498 0155',
    },
    contacts: [{ title: 'Mrs', firstName: 'Pauline', lastName: 'Charlton', jobTitle: 'Benefits Team Leader' }],
  },
  // Client representatives
  {
    organisation: {
      name: 'Harbourside Advice Centre',
      type: 'client-representative',
      addresses: [{ lines: ['The Old Customs House', '1 Harbour Walk', 'Hull'], postcode: 'HU1 9ZP', primary: true }],
      phone: '0113 496 0510',
      email: 'advice@harbourside-advice.example.org.uk',
      preferredContactMethod: 'email',
    },
    contacts: [
      { firstName: 'Jade', lastName: 'Whitaker', jobTitle: 'Debt and Benefits Adviser', email: 'jade.whitaker@harbourside-advice.example.org.uk' },
      { title: 'Mr', firstName: 'Kofi', lastName: 'Asante', jobTitle: 'Volunteer Adviser' },
    ],
  },
  {
    organisation: {
      name: 'Kestrel Lane Welfare Rights',
      type: 'client-representative',
      addresses: [{ lines: ['Community Hub', '7 Kestrel Lane', 'Leicester'], postcode: 'LE2 9ZS', primary: true }],
      phone: '0116 496 0278',
    },
  },
  // Employer's agents
  {
    organisation: {
      name: demoDirectory.employerAgent,
      type: 'employer-agent',
      addresses: [{ lines: ['Ledgerline House', '88 Kirkstall Road', 'Leeds'], postcode: 'LS3 9ZB', primary: true }],
      phone: '0113 496 0844',
      email: 'deductions@ledgerline.example.co.uk',
      preferredContactMethod: 'email',
      employerErn: refs.employerErn,
    },
    contacts: [
      { title: 'Ms', firstName: 'Priya', lastName: 'Natarajan', jobTitle: 'Payroll Manager (Northgate account)', phone: '0113 496 0845', email: 'priya.natarajan@ledgerline.example.co.uk' },
      { title: 'Mr', firstName: 'Callum', lastName: 'Frost', jobTitle: 'Payroll Administrator' },
    ],
  },
  {
    organisation: {
      name: 'Pennine Payroll Services',
      type: 'employer-agent',
      addresses: [{ lines: ['Mill 3, Dean Clough', 'Halifax'], postcode: 'HX3 9ZF', primary: true }],
      phone: '+44 (0)113 496 0960',
      email: 'bureau@pennine-payroll.example.co.uk',
    },
  },
  // MPs' constituency offices: the MP is the named contact
  {
    organisation: {
      name: demoDirectory.mp,
      type: 'mp',
      addresses: [{ lines: ['Constituency Office', '22 Town Street', 'Horsforth', 'Leeds'], postcode: 'LS18 9ZU', primary: true }],
      phone: '0113 496 0401',
      email: 'grace.okafor.mp@example.org.uk',
      preferredContactMethod: 'email',
    },
    contacts: [
      { title: 'Ms', firstName: 'Grace', lastName: 'Okafor', jobTitle: 'Member of Parliament for Airedale North', salutation: 'Dear Ms Okafor', email: 'grace.okafor.mp@example.org.uk' },
      { title: 'Mr', firstName: 'Jonah', lastName: 'Feld', jobTitle: 'Senior Caseworker', phone: '0113 496 0402', email: 'jonah.feld@example.org.uk' },
    ],
  },
  {
    organisation: {
      name: 'Office of Rhys Pritchard MP',
      type: 'mp',
      addresses: [{ lines: ['Constituency Office', '4 Heol y Frenhines', 'Cardiff'], postcode: 'CF10 9ZA', primary: true }],
      phone: '029 2018 0812',
    },
    contacts: [{ title: 'Mr', firstName: 'Rhys', lastName: 'Pritchard', jobTitle: 'Member of Parliament for Taff Valley East', salutation: 'Dear Mr Pritchard' }],
  },
  {
    organisation: {
      name: 'Office of Fiona MacAskill MP',
      type: 'mp',
      addresses: [{ lines: ['Constituency Office', '31 Academy Street', 'Inverness'], postcode: 'IV1 9ZJ', primary: true }],
      phone: '0131 496 0577',
      email: 'fiona.macaskill.mp@example.org.uk',
    },
    contacts: [{ title: 'Dr', firstName: 'Fiona', lastName: 'MacAskill', jobTitle: 'Member of Parliament for Moray Firth', salutation: 'Dear Dr MacAskill' }],
  },
  // Independent Case Examiner and the Ombudsman
  {
    organisation: {
      name: 'Independent Case Examiner',
      type: 'ice',
      addresses: [{ lines: ['PO Box 9209', 'Bootle'], postcode: 'L20 9ZE', primary: true }],
      phone: '0151 496 0101',
      email: 'ice.cms@example.org.uk',
      preferredContactMethod: 'email',
    },
    contacts: [{ title: 'Mrs', firstName: 'Moira', lastName: 'Delaney', jobTitle: 'Case Examiner' }],
  },
  {
    organisation: {
      name: 'Parliamentary and Health Service Ombudsman',
      type: 'phso',
      addresses: [{ lines: ['Millbank Tower (demo)', '30 Millbank', 'London'], postcode: 'SW1P 9ZZ', primary: true }],
      phone: '+44 (0)20 7946 0456',
      email: 'phso.casework@example.org.uk',
    },
    contacts: [{ title: 'Mr', firstName: 'Anil', lastName: 'Kapoor', jobTitle: 'Investigator' }],
  },
  // HMCTS courts
  {
    organisation: {
      name: demoDirectory.court,
      type: 'hmcts',
      addresses: [{ lines: ['The Court House', '1 Oxford Row', 'Leeds'], postcode: 'LS1 9ZC', primary: true }],
      phone: '0113 496 0600',
      email: 'family.airedale@example.org.uk',
    },
    contacts: [{ title: 'Mr', firstName: 'Graham', lastName: 'Tolson', jobTitle: 'Delivery Manager' }],
  },
  {
    organisation: {
      name: 'Westbridge County Court',
      type: 'hmcts',
      addresses: [{ lines: ['Civil Justice Centre', '1 Bridge Street West', 'Manchester'], postcode: 'M60 9ZD', primary: true }],
      phone: '0161 496 0600',
    },
  },
  {
    organisation: {
      name: "Kirkby Moor Magistrates' Court",
      type: 'hmcts',
      addresses: [{ lines: ['Court Buildings', 'Market Street', 'Kirkby Moor'], postcode: 'LA9 9ZK', primary: true }],
      phone: '0161 496 0690',
    },
  },
  // Police
  {
    organisation: {
      name: 'Airedale Police Public Protection Unit',
      type: 'police',
      addresses: [{ lines: ['Airedale Police Headquarters', 'Laburnum Road', 'Wakefield'], postcode: 'WF1 9ZH', primary: true }],
      phone: '0113 496 0999',
      email: 'ppu@airedale-police.example.org.uk',
    },
    contacts: [{ title: 'DS', firstName: 'Karen', lastName: 'Oldroyd', jobTitle: 'Detective Sergeant' }],
  },
  {
    organisation: {
      name: 'Mercia Vale Constabulary',
      type: 'police',
      addresses: [{ lines: ['Information Management', 'Lloyd House', 'Birmingham'], postcode: 'B4 9ZQ', primary: true }],
      phone: '0121 496 0101',
    },
  },
  // Jobcentre Plus
  {
    organisation: {
      name: 'Jobcentre Plus Kirkstall Lane',
      type: 'jobcentre-plus',
      addresses: [{ lines: ['Kirkstall Lane', 'Leeds'], postcode: 'LS5 9ZW', primary: true }],
      phone: '0113 496 0300',
    },
    contacts: [{ title: 'Ms', firstName: 'Donna', lastName: 'Firth', jobTitle: 'Work Coach Team Leader' }],
  },
  {
    organisation: {
      name: 'Jobcentre Plus Moorside',
      type: 'jobcentre-plus',
      addresses: [{ lines: ['Moorside House', '3 Oldham Road', 'Manchester'], postcode: 'M4 9ZG', primary: true }],
      phone: '0161 496 0333',
    },
  },
  // Central government
  {
    organisation: {
      name: 'Ministry of Justice Family Enforcement Liaison',
      type: 'ministry-of-justice',
      addresses: [{ lines: ['102 Petty France (demo)', 'London'], postcode: 'SW1H 9ZJ', primary: true }],
      phone: '020 7946 0102',
      email: 'family.enforcement@example.org.uk',
    },
    contacts: [{ title: 'Ms', firstName: 'Eleanor', lastName: 'Brandt', jobTitle: 'Policy Adviser' }],
  },
  {
    organisation: {
      name: 'UK Border Agency Croydon Casework',
      type: 'uk-border-agency',
      addresses: [{ lines: ['Lunar House (demo)', '40 Wellesley Road', 'Croydon'], postcode: 'CR9 9ZB', primary: true }],
      phone: '020 7946 0800',
    },
  },
  {
    organisation: {
      name: 'BIS Insolvency Enquiries',
      type: 'bis',
      addresses: [{ lines: ['1 Victoria Street (demo)', 'London'], postcode: 'SW1H 9ZP', primary: true }],
      phone: '+44 20 7946 0999',
      email: 'insolvency.enquiries@example.org.uk',
    },
  },
  // Others
  {
    organisation: {
      name: 'St Columba Housing Association',
      type: 'other',
      addresses: [
        { lines: ['Columba House', '15 Albert Road', 'Belfast'], postcode: 'BT7 9ZM', primary: true },
        { lines: ['Lettings Office', '2 Shore Road', 'Belfast'], postcode: 'BT15 9ZE' },
      ],
      phone: '028 9649 6123',
      email: 'tenancy@st-columba-ha.example.org.uk',
    },
  },
  {
    organisation: {
      name: 'Moorview Family Mediation',
      type: 'other',
      addresses: [{ lines: ['The Coach House', '6 Moorview Terrace', 'Sheffield'], postcode: 'S10 9ZR', primary: true }],
      phone: '0114 496 0606',
      email: 'hello@moorview-mediation.example.org.uk',
      preferredContactMethod: 'email',
    },
    contacts: [
      { title: 'Ms', firstName: 'Catrin', lastName: 'Hughes', jobTitle: 'Family Mediator' },
      { title: 'Mr', firstName: 'Ibrahim', lastName: 'Said', jobTitle: 'Family Mediator' },
      { firstName: 'Lucy', lastName: 'Barraclough', jobTitle: 'Office Manager', phone: '0114 496 0607' },
      { title: 'Mrs', firstName: 'Ann', lastName: 'Greaves', jobTitle: 'Volunteer Coordinator' },
    ],
  },
];

interface LookupPage {
  items: { trn: string; name: string; postcode: string }[];
  truncated: boolean;
}

/** Fixed so a re-load sends the same body; the letterhead the demo set-ups rely on. */
const confirmation = { method: 'letterhead', confirmedWith: 'Demo load', confirmedAt: '2026-01-05T09:00:00Z' } as const;

async function call<T>(apiUrl: string, token: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

async function lookUp(apiUrl: string, token: string, query: Record<string, string>): Promise<LookupPage> {
  const res = await call<LookupPage>(apiUrl, token, 'GET', `/third-parties?${new URLSearchParams({ ...query, includeInactive: 'true', limit: '50' }).toString()}`);
  if (res.status !== 200) throw new Error(`Demo directory lookup ${JSON.stringify(query)} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

/**
 * The organisation with exactly this name, found the way staff would (a name lookup). A name lookup
 * reads a bounded number of entries of its longest word, so when that answer is truncated without a
 * match, the organisation's phone number (a small partition) settles it.
 */
export async function findByExactName(apiUrl: string, token: string, name: string, phone?: string): Promise<{ trn: string; postcode: string } | undefined> {
  const byName = await lookUp(apiUrl, token, { name });
  let match = byName.items.find((i) => i.name === name);
  if (!match && byName.truncated && phone) match = (await lookUp(apiUrl, token, { phone })).items.find((i) => i.name === name);
  return match && { trn: match.trn, postcode: match.postcode };
}

/**
 * Sets up every demo organisation not already in the directory (by exact name), under one Set Up New
 * Third Party SR raised on the main demo case, so restarting with the data kept adds nothing.
 */
export async function loadDemoDirectory(apiUrl: string, issueToken: (request: TokenRequest) => Promise<string>, refs: DemoReferences): Promise<{ created: number; existing: number }> {
  const team = await issueToken({ role: 'third-party-team', username: 'demo-loader' });
  const all = demoThirdParties(refs);
  const missing: DemoThirdParty[] = [];
  for (const entry of all) {
    if (!(await findByExactName(apiUrl, team, entry.organisation.name, entry.organisation.phone))) missing.push(entry);
  }
  const counts = { created: 0, existing: all.length - missing.length };
  if (missing.length === 0) return counts;

  const caseworker = await issueToken({ role: 'caseworker' });
  const sr = await call<{ srNumber?: string }>(apiUrl, caseworker, 'POST', '/service-requests', {
    caseNumber: refs.caseNumber,
    process: 'Third Party',
    area: 'Maintain Third Party',
    subArea: 'Set Up New Third Party',
    channel: 'letter',
    description: `Demo load: set up ${missing.length} third parties from their letterheads.`,
  });
  if (sr.status !== 201 || !sr.body.srNumber) throw new Error(`Demo directory: raising the set-up SR answered ${sr.status}: ${JSON.stringify(sr.body)}`);

  for (const entry of missing) {
    const res = await call(apiUrl, team, 'POST', '/third-parties', { srNumber: sr.body.srNumber, confirmation, organisation: entry.organisation, contacts: entry.contacts ?? [] });
    if (res.status !== 201) throw new Error(`Demo directory: setting up "${entry.organisation.name}" answered ${res.status}: ${JSON.stringify(res.body)}`);
    counts.created++;
  }
  return counts;
}

/** Example lookups for the start-up banner, with a real TRN from this directory. */
export async function demoDirectoryExamples(apiUrl: string, token: string): Promise<string[]> {
  const solicitor = await findByExactName(apiUrl, token, demoDirectory.solicitor);
  const mp = await findByExactName(apiUrl, token, demoDirectory.mp);
  const lines = [
    `  # Third-party directory: find "${demoDirectory.solicitor}" by name and postcode area, then read it by TRN`,
    `  curl -s -H "Authorization: Bearer $TOKEN" '${apiUrl}/third-parties?name=pemb&postcode=LS1'`,
  ];
  if (solicitor) lines.push(`  curl -s -H "Authorization: Bearer $TOKEN" ${apiUrl}/third-parties/${solicitor.trn}`);
  lines.push(`  curl -s -H "Authorization: Bearer $TOKEN" '${apiUrl}/third-parties?phone=%2B44%20113%20496%200123'   # the same number, another format`);
  if (mp) lines.push(`  curl -s -H "Authorization: Bearer $TOKEN" ${apiUrl}/third-parties/${mp.trn}/letter-addressing   # ${demoDirectory.mp}: "Dear Ms Okafor"`);
  return lines;
}
