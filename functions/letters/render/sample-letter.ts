import type { LetterDocument } from './letter-document.ts';

/**
 * A realistic two-page letter (CMSL5509 "Important documents enclosed" to a client, with TM_09149E),
 * for the renderer's unit test, its benchmark and local previews. Not used at run time.
 */

export const sampleIdentifyingFields = {
  recipientName: "Ms Siân O'Brien",
  referenceType: 'SCIN',
  referenceValue: '1234567890',
  issueDate: '2026-05-01',
  issuingOffice: 'CMS-LEEDS',
  correspondenceId: 'L-7K3M9Q2X',
} as const;

export function sampleLetter(identifyingCode: string, overrides: Partial<LetterDocument> = {}): LetterDocument {
  return {
    correspondenceId: 'L-7K3M9Q2X',
    issueDate: '2026-05-01',
    returnAddress: ['Child Maintenance Service', 'PO Box 249', 'Mitcheldean', 'GL14 9AJ'],
    addressBlock: ["Ms Siân O'Brien", 'Flat 3', '12 Acacia Avenue', 'Leeds', 'LS1 4AP'],
    references: [
      { label: 'Our reference (SCIN)', value: '1234567890' },
      { label: 'Correspondence id', value: 'L-7K3M9Q2X' },
      { label: 'Date', value: '1 May 2026' },
    ],
    title: 'Important documents enclosed',
    salutation: "Dear Ms O'Brien",
    paragraphs: [
      { text: 'As requested, we enclose a copy of a letter previously sent to you: the maintenance calculation letter dated 12 April 2026, which shows how we worked out the child maintenance for Alex and Sam.' },
      {
        heading: 'What the enclosed documents tell you',
        text:
          'The calculation letter sets out the income we used, the number of nights the children stay with each parent, and the amount of child maintenance that is due each month. ' +
          'It also tells you the date the first payment is due and how payments are made. Please keep it somewhere safe, as you may need it if your circumstances change or if you ask us to look at the calculation again.',
      },
      {
        heading: 'If you think something is wrong',
        text:
          'If you think any of the information in the enclosed documents is wrong, contact us within 30 days of the date of this letter. Tell us what you think is wrong and why, and send us any evidence you have. ' +
          'We will look at the calculation again and write to you to tell you what we decided. If we change the calculation, we will send a new calculation letter to you and to the other parent.',
      },
      {
        heading: 'If your circumstances change',
        text:
          'You must tell us straight away if your circumstances change, for example if your income goes up or down by 25% or more, if you move house, or if the number of nights the children stay with you changes. ' +
          'You can report a change online, by phone or by post. If you do not tell us about a change, the amount of child maintenance may be wrong and you may have to pay back money or miss out on money you should get.',
      },
      {
        heading: 'Paying and receiving child maintenance',
        text:
          'Payments are made on the same day each month. If a payment is missed, we will contact the paying parent and may take action to collect the money. ' +
          'You can check payments, report a missed payment and send us messages through your online account at any time.',
      },
      {
        heading: 'If you need help',
        text:
          'If you need this letter in another format, such as large print, braille or audio, or if you need help to understand it, please contact us.\n' +
          'Phone: 0800 171 2345 (Monday to Friday, 9.30am to 4pm)\nTextphone: 0800 232 1975\nWelsh language: 0800 232 1979',
      },
    ],
    valediction: 'Yours sincerely',
    signatory: { name: 'A Caseworker', role: 'Child Maintenance Service', dummySignature: true },
    enclosures: ['Copy of maintenance calculation letter dated 12 April 2026', 'Leaflet CMSB006 "How we work out child maintenance"'],
    largePrint: false,
    identifyingCode,
    ...overrides,
  };
}
