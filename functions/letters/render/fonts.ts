/**
 * The standard PDF fonts the letters use (no embedding needed), their WinAnsi encoding and advance
 * widths. Widths are the Adobe AFM metrics of Helvetica and Helvetica-Bold (Helvetica-Oblique has
 * Helvetica's), in 1/1000 em, for WinAnsi codes 32..255; test/unit/letter-render.test.ts checks them
 * against the AFM files pdfkit ships.
 */

export type FontId = 'regular' | 'bold' | 'italic';

export const baseFonts: Record<FontId, string> = { regular: 'Helvetica', bold: 'Helvetica-Bold', italic: 'Helvetica-Oblique' };

const helvetica = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
  1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
  333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, 0,
  556, 0, 222, 556, 333, 1000, 556, 556, 333, 1000, 667, 333, 1000, 0, 611, 0, 0, 222, 222, 333, 333, 350, 556, 1000, 333, 1000, 500, 333, 944, 0, 500, 500,
  278, 333, 556, 556, 556, 556, 260, 556, 333, 737, 370, 556, 584, 333, 737, 333, 400, 584, 333, 333, 333, 556, 537, 278, 333, 333, 365, 556, 834, 834, 834, 611,
  667, 667, 667, 667, 667, 667, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278, 722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611,
  556, 556, 556, 556, 556, 556, 889, 500, 556, 556, 556, 556, 278, 278, 278, 278, 556, 556, 556, 556, 556, 556, 556, 584, 611, 556, 556, 556, 556, 500, 556, 500,
];
const helveticaBold = [
  278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
  975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
  333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584, 0,
  556, 0, 278, 556, 500, 1000, 556, 556, 333, 1000, 667, 333, 1000, 0, 611, 0, 0, 278, 278, 500, 500, 350, 556, 1000, 333, 1000, 556, 333, 944, 0, 500, 556,
  278, 333, 556, 556, 556, 556, 280, 556, 333, 737, 370, 556, 584, 333, 737, 333, 400, 584, 333, 333, 333, 611, 556, 278, 333, 333, 365, 556, 834, 834, 834, 611,
  722, 722, 722, 722, 722, 722, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278, 722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611,
  556, 556, 556, 556, 556, 556, 889, 556, 556, 556, 556, 556, 278, 278, 278, 278, 611, 611, 611, 611, 611, 611, 611, 584, 611, 611, 611, 611, 611, 556, 611, 556,
];

/** Advance widths in 1/1000 em indexed by WinAnsi code (0..255; codes below 32 are 0). */
export const widths: Record<FontId, Uint16Array> = {
  regular: Uint16Array.from([...new Array<number>(32).fill(0), ...helvetica]),
  bold: Uint16Array.from([...new Array<number>(32).fill(0), ...helveticaBold]),
  italic: Uint16Array.from([...new Array<number>(32).fill(0), ...helvetica]),
};

/** WinAnsi codes 0x80..0x9F that are not Latin-1, keyed by Unicode code point. */
const winAnsiHigh = new Map<number, number>([
  [0x20ac, 0x80], [0x201a, 0x82], [0x0192, 0x83], [0x201e, 0x84], [0x2026, 0x85], [0x2020, 0x86], [0x2021, 0x87], [0x02c6, 0x88],
  [0x2030, 0x89], [0x0160, 0x8a], [0x2039, 0x8b], [0x0152, 0x8c], [0x017d, 0x8e], [0x2018, 0x91], [0x2019, 0x92], [0x201c, 0x93],
  [0x201d, 0x94], [0x2022, 0x95], [0x2013, 0x96], [0x2014, 0x97], [0x02dc, 0x98], [0x2122, 0x99], [0x0161, 0x9a], [0x203a, 0x9b],
  [0x0153, 0x9c], [0x017e, 0x9e], [0x0178, 0x9f],
]);

/** Characters with no WinAnsi glyph and no decomposition to one: the nearest plain spelling. */
const transliterations = new Map<string, string>([
  ['ł', 'l'], ['Ł', 'L'], ['đ', 'd'], ['Đ', 'D'], ['ħ', 'h'], ['Ħ', 'H'], ['ı', 'i'], ['ŀ', 'l'], ['Ŀ', 'L'], ['ŧ', 't'], ['Ŧ', 'T'],
  ['ĸ', 'k'], ['ŋ', 'ng'], ['Ŋ', 'NG'], ['ə', 'e'], ['Ə', 'E'], ['ǝ', 'e'], ['ʼ', "'"], ['ʻ', "'"], ['′', "'"], ['″', '"'], ['‐', '-'],
  ['‑', '-'], ['‒', '-'], ['―', '-'], ['−', '-'], ['⁄', '/'], ['\u00a0', ' '], ['\u2009', ' '], ['\u202f', ' '], ['\t', ' '], ['\u00ad', ''],
]);

const cache = new Map<number, string>();

/** WinAnsi bytes (as a latin1 string) for one code point outside printable ASCII. */
function encodeCodePoint(cp: number): string {
  let out = cache.get(cp);
  if (out !== undefined) return out;
  const ch = String.fromCodePoint(cp);
  const high = winAnsiHigh.get(cp);
  if (high !== undefined) out = String.fromCharCode(high);
  else if (cp === 0x0a) out = '\n'; // kept: a line break for the layout
  else if (transliterations.has(ch)) out = transliterations.get(ch)!;
  else if (cp >= 0xa1 && cp <= 0xff) out = ch;
  else if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || (cp >= 0x200b && cp <= 0x200f) || cp === 0xfeff) out = ''; // controls, zero-width
  else {
    // Drop accents the font cannot show (ŵ -> w), keep compatibility forms' plain letters (ﬁ -> fi).
    const plain = ch.normalize('NFKD').replace(/\p{M}/gu, '');
    out = plain !== ch && plain !== '' ? encodeWinAnsi(plain) : '?';
  }
  if (cache.size < 10_000) cache.set(cp, out);
  return out;
}

/**
 * Text as WinAnsi bytes in a latin1 string: never throws; what the fonts cannot show is transliterated
 * or becomes '?'; control characters are dropped except '\n', which the layout breaks lines on.
 */
export function encodeWinAnsi(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return text;
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    out += cp >= 0x20 && cp <= 0x7e ? ch : encodeCodePoint(cp);
  }
  return out;
}

/** Width in points of WinAnsi-encoded text. */
export function textWidth(encoded: string, font: FontId, size: number): number {
  const w = widths[font];
  let total = 0;
  for (let i = 0; i < encoded.length; i++) total += w[encoded.charCodeAt(i)]!;
  return (total * size) / 1000;
}
