import { ReedSolomonDecoder } from '@zxing/library';
import { readDataMatrixModules } from '../support/datamatrix-image.ts';
import fc from 'fast-check';
import PDFDocument from 'pdfkit';
import { extractText, getDocumentProxy, getMeta } from 'unpdf';
import { describe, expect, it, vi } from 'vitest';
import { decodeIdentifyingCode, encodeIdentifyingCode, IdentifyingCodeError, type IdentifyingCodeFields } from '../../functions/letters/identifying-code.ts';
import { encodeDataMatrix } from '../../functions/letters/render/datamatrix.ts';
import { encodeWinAnsi, widths } from '../../functions/letters/render/fonts.ts';
import { renderLetterPdf, type LetterDocument } from '../../functions/letters/render/index.ts';
import { sampleIdentifyingFields, sampleLetter } from '../../functions/letters/render/sample-letter.ts';

const fields: IdentifyingCodeFields = sampleIdentifyingFields;
const payload = encodeIdentifyingCode(fields);
const letter = sampleLetter(payload);
const mm = 72 / 25.4;
const pageHeight = 841.89;

interface TextItem {
  readonly str: string;
  readonly transform: number[];
}

async function pagesOf(pdf: Uint8Array): Promise<{ text: string[]; items: TextItem[][] }> {
  const doc = await getDocumentProxy(pdf.slice());
  const { text } = await extractText(doc, { mergePages: false });
  const items: TextItem[][] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    items.push(content.items.flatMap((i) => ('str' in i && i.str !== '' ? [{ str: i.str, transform: i.transform as number[] }] : [])));
  }
  return { text, items };
}

const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** The identifying code symbol as the PDF draws it: the form XObject's `x y w 1 re` runs, back to a module grid. */
function symbolFromPdf(pdf: Uint8Array): { size: number; modules: Uint8Array; pagesDrawingIt: number } {
  const raw = Buffer.from(pdf).toString('latin1');
  const form = /\/Subtype \/Form \/BBox \[0 0 (\d+) (\d+)\][^]*?stream\n([^]*?)\nendstream/.exec(raw);
  if (!form) throw new Error('no form XObject in the PDF');
  const size = Number(form[1]);
  expect(Number(form[2])).toBe(size);
  const modules = new Uint8Array(size * size);
  for (const [, x, y, w] of form[3]!.matchAll(/(\d+) (\d+) (\d+) 1 re/g)) {
    const row = size - 1 - Number(y);
    for (let i = 0; i < Number(w); i++) modules[row * size + Number(x) + i] = 1;
  }
  return { size, modules, pagesDrawingIt: raw.match(/\/IC Do/g)?.length ?? 0 };
}

/**
 * Decodes a module grid with ZXing's DataMatrix reader, from an image of it with a quiet zone. Its
 * Reed-Solomon step is watched: a symbol that only reads thanks to error correction (a misplaced module,
 * a wrong codeword) is an encoder bug, so any correction fails the read.
 */
function readDataMatrix({ size, modules }: { size: number; modules: Uint8Array }): string {
  const decode = ReedSolomonDecoder.prototype.decode;
  let corrected = 0;
  const spy = vi.spyOn(ReedSolomonDecoder.prototype, 'decode').mockImplementation(function (this: ReedSolomonDecoder, received: Int32Array, twoS: number) {
    const before = Int32Array.from(received);
    decode.call(this, received, twoS);
    corrected += before.filter((v, i) => v !== received[i]).length;
  });
  try {
    const text = readDataMatrixModules(size, modules);
    expect(spy).toHaveBeenCalled();
    if (corrected > 0) throw new Error(`the symbol needed ${corrected} codeword corrections`);
    return text;
  } finally {
    spy.mockRestore();
  }
}


describe('letter PDF', () => {
  it('reads back as the letter: address block, references, title, paragraphs, enclosures, page numbers', async () => {
    const { text, items } = await pagesOf(renderLetterPdf(letter));
    expect(text).toHaveLength(2);
    // Each line of the header is one text item (a label and its value share a line of the extracted text).
    const strings = items.map((page) => page.map((i) => i.str));
    for (const line of [...letter.addressBlock, ...letter.returnAddress, letter.title!, letter.salutation]) expect(strings[0]).toContain(line);
    for (const { label, value } of letter.references) {
      expect(strings[0]).toContain(label);
      expect(strings[0]).toContain(value);
      expect(text[0]).toMatch(new RegExp(`${label.replace(/[()]/g, '\\$&')}\\s+${value}`));
    }
    expect(strings[0]).toContain('Page 1 of 2');
    expect(strings[1]).toContain('Page 2 of 2');
    const all = squash(text.join('\n').replace(/Page \d+ of \d+/g, ''));
    for (const p of letter.paragraphs) {
      if (p.heading) expect(all).toContain(p.heading);
      expect(all).toContain(squash(p.text));
    }
    expect(strings[1]).toContain('Phone: 0800 171 2345 (Monday to Friday, 9.30am to 4pm)'); // '\n' is a line break
    for (const e of letter.enclosures) expect(all).toContain(`• ${e}`);
    expect(all).toMatch(/Yours sincerely A Caseworker A Caseworker Child Maintenance Service Enclosures/);

    // The address block sits in the window of a DL/C5 envelope: 20-110 mm from the left, 45-80 mm from the top.
    for (const line of letter.addressBlock) {
      const item = items[0]!.find((i) => i.str === line)!;
      const [size, , , , x, y] = item.transform as [number, number, number, number, number, number];
      expect(x / mm).toBeGreaterThanOrEqual(22);
      expect((x + 0) / mm).toBeLessThan(110);
      expect((pageHeight - y - size) / mm).toBeGreaterThanOrEqual(45);
      expect((pageHeight - y + size * 0.25) / mm).toBeLessThanOrEqual(78);
    }
  });

  it('is deterministic: the same letter gives byte-identical PDFs', () => {
    const a = renderLetterPdf(letter);
    const b = renderLetterPdf(structuredClone(letter));
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    const raw = Buffer.from(a).toString('latin1');
    expect(raw).toContain('/CreationDate (D:20260501000000Z)');
    expect(raw).not.toMatch(/\/ModDate|\/ID \[/);
  });

  it('large print uses a 16 pt body and needs more pages for the same content', async () => {
    const standard = await pagesOf(renderLetterPdf(letter));
    const large = await pagesOf(renderLetterPdf({ ...letter, largePrint: true }));
    expect(large.text.length).toBeGreaterThan(standard.text.length);
    const bodySize = (p: typeof standard) => p.items.flat().find((i) => i.str === letter.salutation)!.transform[0];
    expect(bodySize(standard)).toBe(11);
    expect(bodySize(large)).toBeGreaterThanOrEqual(16);
    const n = large.text.length;
    expect(large.text[n - 1]).toContain(`Page ${n} of ${n}`);
    expect(squash(large.text.join('\n').replace(/Page \d+ of \d+/g, ''))).toContain(squash(letter.paragraphs[2]!.text));
  });

  it('embeds the identifying code payload, which decodes to the letter fields', async () => {
    const { info } = await getMeta(await getDocumentProxy(renderLetterPdf(letter)));
    expect(info.Subject).toBe(payload);
    expect((info.Custom as Record<string, string>).CMSIdentifyingCode).toBe(payload);
    expect(decodeIdentifyingCode(info.Subject as string)).toEqual(fields);
  });

  it('draws the identifying code on every page as a real ECC 200 DataMatrix of the payload', () => {
    const pdf = renderLetterPdf(letter);
    const symbol = symbolFromPdf(pdf);
    expect(symbol.pagesDrawingIt).toBe(2);
    expect(symbol.size).toBeLessThanOrEqual(36);
    const read = readDataMatrix(symbol);
    expect(read).toBe(payload);
    expect(decodeIdentifyingCode(read)).toEqual(fields);
  });

  it('never throws on characters the standard fonts cannot show', async () => {
    const odd: LetterDocument = {
      ...letter,
      addressBlock: ['Mr Łukasz Wałęsa', 'Tŷ Gwyn', 'Ffordd y Môr', 'Aberystwyth', 'SY23 1AA'],
      paragraphs: [{ text: 'Quotes “like” ‘this’ – and — dashes, €20, ﬁle, emoji 🙂, 中文, tab\there, zero\u200bwidth.' }],
      title: 'Siân’s letter',
    };
    const { text } = await pagesOf(renderLetterPdf(odd));
    const all = text.join('\n');
    expect(all).toContain('Mr Lukasz Walesa');
    expect(all).toContain('Ty Gwyn');
    expect(all).toContain('Ffordd y Môr');
    expect(all).toContain('Quotes “like” ‘this’ – and — dashes, €20, file, emoji ?, ??, tab here, zerowidth.');
    expect(all).toContain('Siân’s letter');
  });

  it('flows a long letter over many pages, numbering each', async () => {
    const long = { ...letter, paragraphs: Array.from({ length: 30 }, (_, i) => ({ heading: `Part ${i + 1}`, text: letter.paragraphs[2]!.text })) };
    const { text } = await pagesOf(renderLetterPdf(long));
    expect(text.length).toBeGreaterThanOrEqual(4);
    text.forEach((t, i) => expect(t).toContain(`Page ${i + 1} of ${text.length}`));
    expect(squash(text.join('\n'))).toContain('Part 30');
  });

  it('refuses an address block that cannot fit the envelope window', () => {
    expect(() => renderLetterPdf({ ...letter, addressBlock: Array.from({ length: 8 }, (_, i) => `Line ${i}`) })).toThrow(/1 to 7 lines/);
  });

  it("uses the standard fonts' AFM widths (as pdfkit reads them)", () => {
    const doc = new PDFDocument({ autoFirstPage: false, size: 'A4' });
    for (const [font, base] of [['regular', 'Helvetica'], ['bold', 'Helvetica-Bold'], ['italic', 'Helvetica-Oblique']] as const) {
      doc.font(base).fontSize(1000);
      for (let code = 32; code < 256; code++) {
        const ch = Buffer.from([code]).toString('latin1');
        const unicode = new TextDecoder('windows-1252').decode(new Uint8Array([code]));
        if (encodeWinAnsi(unicode) !== ch) continue; // codes WinAnsi leaves undefined, controls
        expect([font, code, widths[font][code]]).toEqual([font, code, Math.round(doc.widthOfString(unicode))]);
      }
    }
  });
});

describe('DataMatrix encoder', () => {
  it('makes symbols that ZXing reads back without error correction, at every size', () => {
    for (const length of [1, 3, 5, 8, 12, 18, 22, 30, 36, 44, 62, 86, 114, 144, 174, 204, 280, 368, 456, 576, 696, 816, 1050, 1304]) {
      const text = Array.from({ length }, (_, i) => String.fromCharCode(65 + ((i * 7) % 26))).join('');
      expect(readDataMatrix(encodeDataMatrix(text))).toBe(text);
    }
    expect(() => encodeDataMatrix('A'.repeat(1305))).toThrow(/too long/);
    // The check is live: one flipped module still reads, but only through error correction.
    const symbol = encodeDataMatrix('ABCDEFGHIJKLMNOPQRSTUVWXYZ');
    const damaged = Uint8Array.from(symbol.modules);
    damaged[5 * symbol.size + 5]! ^= 1;
    expect(() => readDataMatrix({ size: symbol.size, modules: damaged })).toThrow(/needed 1 codeword corrections/);
  });

  it('round-trips any printable ASCII (digits, separators, mixed)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789|~-ABCDEFXYZabcxyz !\'"\\'.split('')), minLength: 1, maxLength: 240 }), (text) => {
        expect(readDataMatrix(encodeDataMatrix(text))).toBe(text);
      }),
      { numRuns: 60 },
    );
  });
});

describe('identifying code payload', () => {
  it('is compact printable ASCII and round-trips', () => {
    expect(payload).toMatch(/^CMS1\|S\|1234567890\|20260501\|CMS-LEEDS\|L-7K3M9Q2X\|Ms Si~C3~A2n O'Brien\|[0-9A-F]{8}$/);
    expect(decodeIdentifyingCode(payload)).toEqual(fields);
    for (const [referenceType, referenceValue] of [['ERN', 'E1234567'], ['TRN', 'T7654321']] as const) {
      const other = { ...fields, referenceType, referenceValue };
      expect(decodeIdentifyingCode(encodeIdentifyingCode(other))).toEqual(other);
    }
  });

  it('escapes separators and non-ASCII names reversibly', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== ''), (recipientName) => {
        const code = encodeIdentifyingCode({ ...fields, recipientName });
        expect(code).toMatch(/^[\x20-\x7e]+$/);
        expect(code.split('|')).toHaveLength(8);
        expect(decodeIdentifyingCode(code).recipientName).toBe(recipientName);
      }),
      { numRuns: 200 },
    );
    const name = 'A|B~C 🙂';
    expect(encodeIdentifyingCode({ ...fields, recipientName: name })).toContain('A~7CB~7EC ~F0~9F~99~82');
  });

  it('refuses malformed or tampered payloads with a clear reason', () => {
    const tampered = payload.replace('1234567890', '1234567891');
    expect(() => decodeIdentifyingCode(tampered)).toThrow(IdentifyingCodeError);
    expect(() => decodeIdentifyingCode(tampered)).toThrow(/check value does not match/);
    expect(() => decodeIdentifyingCode(payload.replace("O'Brien", "O'Brian"))).toThrow(/check value does not match/);
    expect(() => decodeIdentifyingCode(payload.slice(0, -1))).toThrow(/check value is missing or malformed/);
    expect(() => decodeIdentifyingCode(payload.replace('CMS1', 'CMS2'))).toThrow(/unknown version/);
    expect(() => decodeIdentifyingCode('')).toThrow(/unknown version/);
    // Well-formed check values over bad contents are still refused, field by field.
    const resigned = (body: string) => `${body}|${crcHex(body)}`;
    expect(() => decodeIdentifyingCode(resigned('CMS1|X|1234567890|20260501|CMS-LEEDS|L-7K3M9Q2X|Jane'))).toThrow(/unknown reference type/);
    expect(() => decodeIdentifyingCode(resigned('CMS1|S|123|20260501|CMS-LEEDS|L-7K3M9Q2X|Jane'))).toThrow(/SCIN "123" is not well formed/);
    expect(() => decodeIdentifyingCode(resigned('CMS1|S|1234567890|20260231|CMS-LEEDS|L-7K3M9Q2X|Jane'))).toThrow(/date of issue/);
    expect(() => decodeIdentifyingCode(resigned('CMS1|S|1234567890|20260501|CMS-LEEDS|L-7K3M9Q2X|J~41ne'))).toThrow(/canonical/);
    expect(() => decodeIdentifyingCode(resigned('CMS1|S|1234567890|20260501|CMS-LEEDS|L-7K3M9Q2X|J~C3ne'))).toThrow(/UTF-8/);
    expect(() => decodeIdentifyingCode(resigned('CMS1|S|1234567890|20260501|CMS-LEEDS|L-7K3M9Q2X|Jane|extra'))).toThrow(/7 fields/);
  });

  it('refuses bad fields when encoding', () => {
    expect(() => encodeIdentifyingCode({ ...fields, referenceValue: 'E1234567' })).toThrow(/SCIN "E1234567" is not well formed/);
    expect(() => encodeIdentifyingCode({ ...fields, issueDate: '01/05/2026' })).toThrow(/YYYY-MM-DD/);
    expect(() => encodeIdentifyingCode({ ...fields, recipientName: ' ' })).toThrow(/recipient name is required/);
    expect(() => encodeIdentifyingCode({ ...fields, issuingOffice: 'Leeds office' })).toThrow(/short code/);
    expect(() => encodeIdentifyingCode({ ...fields, correspondenceId: 'SR-7K3M9Q2X' })).toThrow(/correspondence id/);
  });
});

function crcHex(body: string): string {
  // Recomputes the check value the way the encoder does, to build payloads that pass it.
  let crc = 0xffffffff;
  for (const byte of Buffer.from(body, 'latin1')) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return ((crc ^ 0xffffffff) >>> 0).toString(16).toUpperCase().padStart(8, '0');
}
