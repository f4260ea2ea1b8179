import type { z } from 'zod';
import type { Case, Client, Employer } from '../functions/cases/schemas.ts';
import { loadDemoDirectory } from './demo-directory.ts';
import type { TokenRequest } from './dev-issuer.ts';

/**
 * Fictional demo records, loaded through the real upsert routes (so validation applies) with a
 * case-manager token. Loading is idempotent: 409 alreadyExists means a previous start loaded it.
 * Names, addresses and references are made up; postcodes only follow the UK format.
 */

export const demo = {
  cases: { main: '1-2000000101', unowned: '1-2000000102', closed: '1-2000000103' },
  clients: {
    /** Self-service portal user with an email address: use it for client tokens. */
    receivingParent: '3000000101',
    /** Has an active representative. */
    payingParent: '3000000102',
    deceased: '3000000103',
    bfpo: '3000000104',
    largePrint: '3000000105',
    noFixedAbode: '3000000106',
  },
  representative: '3000000199',
  employers: { main: 'E2000101' },
  caseworkers: { main: 'cw-alice', closedCase: 'cw-bob' },
  segments: { leeds: 'SEG-LEEDS-01', glasgow: 'SEG-GLASGOW-03', belfast: 'SEG-BELFAST-02' },
} as const;

/** What the upsert routes accept (fields with defaults may be left out). */
export const demoClients: z.input<typeof Client>[] = [
  {
    scin: demo.clients.receivingParent,
    title: 'Ms',
    firstName: 'Amelia',
    lastName: 'Hartwell',
    addresses: [{ type: 'residential', lines: ['14 Larkspur Close', 'Headingley', 'Leeds'], postcode: 'LS6 9ZX' }],
    email: 'amelia.hartwell@example.com',
    selfServiceUser: true,
  },
  {
    scin: demo.clients.payingParent,
    title: 'Mr',
    firstName: 'Daniel',
    lastName: 'Okonedo',
    addresses: [{ type: 'residential', lines: ['Flat 3', '27 Quarry View', 'Bradford'], postcode: 'BD7 9QX' }],
    representative: { scin: demo.representative, name: 'Pemberton & Vale Solicitors', active: true },
  },
  {
    scin: demo.clients.deceased,
    title: 'Mr',
    firstName: 'Gordon',
    lastName: 'Ashby',
    addresses: [{ type: 'residential', lines: ['2 Mill Lane', 'Antrim'], postcode: 'BT41 9ZZ' }],
    deceased: true, // and no executor or next of kin recorded
  },
  {
    scin: demo.clients.bfpo,
    title: 'Cpl',
    firstName: 'Sophie',
    lastName: 'Marchetti',
    addresses: [{ type: 'bfpo', lines: ['Cpl S Marchetti', 'Unit 9Z Signals Squadron', 'BFPO 999'], postcode: 'BF1 9ZZ' }],
  },
  {
    scin: demo.clients.largePrint,
    title: 'Mrs',
    firstName: 'Eileen',
    lastName: 'Dunmore',
    addresses: [{ type: 'correspondence', lines: ['9 Thistle Row', 'Paisley'], postcode: 'PA1 9ZQ' }],
    specialRequirements: ['large-print'],
  },
  {
    // The paying parent's representative: letters to them need an address of their own.
    scin: demo.representative,
    title: 'Mr',
    firstName: 'Harold',
    lastName: 'Pemberton',
    addresses: [{ type: 'correspondence', lines: ['Pemberton & Vale Solicitors', '3 Park Square East', 'Leeds'], postcode: 'LS1 2NE' }],
  },
  {
    scin: demo.clients.noFixedAbode,
    firstName: 'Callum',
    lastName: 'Reid',
    addresses: [{ type: 'nfa', lines: ['No fixed abode'] }],
  },
];

export const demoEmployers: z.input<typeof Employer>[] = [
  {
    ern: demo.employers.main,
    name: 'Northgate Fictional Widgets Ltd',
    address: { type: 'correspondence', lines: ['Payroll Department', 'Unit 4, Canal Wharf', 'Leeds'], postcode: 'LS11 9ZW' },
    payrollContact: 'Priya Natarajan',
    email: 'payroll@northgate-widgets.example',
  },
];

export const demoCases: z.input<typeof Case>[] = [
  {
    caseNumber: demo.cases.main,
    status: 'open',
    owningCaseworker: demo.caseworkers.main,
    owningSegment: demo.segments.leeds,
    receivingParent: demo.clients.receivingParent,
    payingParent: demo.clients.payingParent,
    qualifyingChildren: [{ firstName: 'Maisie' }, { firstName: 'Theo' }],
    employers: [demo.employers.main],
  },
  {
    caseNumber: demo.cases.unowned, // no owning caseworker: work goes to the segment
    status: 'open',
    owningSegment: demo.segments.glasgow,
    receivingParent: demo.clients.largePrint,
    payingParent: demo.clients.noFixedAbode,
    qualifyingChildren: [{ firstName: 'Isla' }],
    employers: [],
  },
  {
    caseNumber: demo.cases.closed,
    status: 'closed',
    owningCaseworker: demo.caseworkers.closedCase,
    owningSegment: demo.segments.belfast,
    receivingParent: demo.clients.bfpo,
    payingParent: demo.clients.deceased,
    qualifyingChildren: [
      { firstName: 'Ruby', endDate: '2025-06-30' },
      { firstName: 'Finn', endDate: '2025-06-30' },
    ],
    employers: [],
  },
];

export async function loadDemoData(apiUrl: string, issueToken: (request: TokenRequest) => Promise<string>): Promise<{ created: number; existing: number }> {
  const token = await issueToken({ role: 'case-manager', username: 'demo-loader' });
  const counts = { created: 0, existing: 0 };
  const put = async (path: string, body: unknown) => {
    const res = await fetch(`${apiUrl}${path}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const answer = (await res.json()) as { type?: string };
    if (res.status === 200) counts.created++;
    else if (res.status === 409 && answer.type === '/problems/alreadyExists') counts.existing++;
    else throw new Error(`Demo data PUT ${path} answered ${res.status}: ${JSON.stringify(answer)}`);
  };
  // Clients and employers before the cases that name them.
  for (const client of demoClients) await put(`/clients/${client.scin}`, client);
  for (const employer of demoEmployers) await put(`/employers/${employer.ern}`, employer);
  for (const c of demoCases) await put(`/cases/${c.caseNumber}`, c);
  // The third-party directory (local/demo-directory.ts), through POST /third-parties under an SR on the main case.
  const directory = await loadDemoDirectory(apiUrl, issueToken, { caseNumber: demo.cases.main, employerErn: demo.employers.main });
  return { created: counts.created + directory.created, existing: counts.existing + directory.existing };
}
