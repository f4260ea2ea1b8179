import { baseFonts, type FontId } from './fonts.ts';
import type { TextRun } from './layout.ts';

/**
 * A small PDF 1.7 writer for what letters need: standard Type 1 fonts with WinAnsiEncoding (nothing
 * embedded), text runs, and one form XObject (the identifying code) drawn on every page. Content
 * streams are not compressed (a 2-page letter is ~10 KB) and nothing depends on the clock or on
 * randomness, so the same input always gives the same bytes.
 */

export interface PdfInput {
  readonly pageWidth: number;
  readonly pageHeight: number;
  /** Text runs of each page. */
  readonly pages: readonly (readonly TextRun[])[];
  /** The form drawn on every page: its content in its own units, its square bounding box size, and where it goes. */
  readonly form: { readonly content: string; readonly units: number; readonly x: number; readonly y: number; readonly size: number };
  /** Document information dictionary: standard keys (Title, Subject, ...) and custom ones; values are text. */
  readonly info: Readonly<Record<string, string>>;
  readonly lang: string;
}

const fontNames: Record<FontId, string> = { regular: '/F1', bold: '/F2', italic: '/F3' };

/** A number as PDF writes it: at most two decimals, no exponent. */
export const num = (v: number): string => String(Math.round(v * 100) / 100 || 0);

/** A literal string of bytes (latin1). */
const literal = (bytes: string): string => `(${bytes.replace(/[\\()]/g, '\\$&').replace(/\r/g, '\\r')})`;

/** A text string: printable ASCII as a literal, anything else as UTF-16BE with a byte order mark. */
function textString(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return literal(text);
  let hex = 'FEFF';
  for (let i = 0; i < text.length; i++) hex += text.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0');
  return `<${hex}>`;
}

const name = (key: string): string => `/${key.replace(/[^A-Za-z0-9_.-]/g, (c) => `#${c.charCodeAt(0).toString(16).padStart(2, '0')}`)}`;

function pageContent(runs: readonly TextRun[], form: PdfInput['form']): string {
  const out: string[] = ['BT'];
  let font = '';
  let size = -1;
  for (const r of runs) {
    if (fontNames[r.font] !== font || r.size !== size) {
      font = fontNames[r.font];
      size = r.size;
      out.push(`${font} ${num(size)} Tf`);
    }
    out.push(`1 0 0 1 ${num(r.x)} ${num(r.y)} Tm ${literal(r.text)} Tj`);
  }
  out.push('ET');
  const scale = num(form.size / form.units);
  out.push(`q ${scale} 0 0 ${scale} ${num(form.x)} ${num(form.y)} cm /IC Do Q`, '');
  return out.join('\n');
}

export function writePdf(input: PdfInput): Uint8Array {
  const objects: string[] = [];
  const add = (body: string): number => objects.push(body);
  const stream = (dict: string, content: string): string => `<< ${dict}/Length ${content.length} >>\nstream\n${content}\nendstream`;

  const catalog = add('');
  const pagesRef = add('');
  const info = add(`<< ${Object.entries(input.info).map(([k, v]) => `${name(k)} ${textString(v)}`).join(' ')} >>`);
  const fonts = (Object.keys(fontNames) as FontId[]).map((f) => `${fontNames[f]} ${add(`<< /Type /Font /Subtype /Type1 /BaseFont /${baseFonts[f]} /Encoding /WinAnsiEncoding >>`)} 0 R`);
  const form = add(stream(`/Type /XObject /Subtype /Form /BBox [0 0 ${input.form.units} ${input.form.units}] /Resources << >> `, input.form.content));
  const resources = add(`<< /Font << ${fonts.join(' ')} >> /XObject << /IC ${form} 0 R >> /ProcSet [/PDF /Text] >>`);
  const kids = input.pages.map((runs) => {
    const content = add(stream('', pageContent(runs, input.form)));
    return add(`<< /Type /Page /Parent ${pagesRef} 0 R /Contents ${content} 0 R >>`);
  });
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${pagesRef} 0 R /Lang ${literal(input.lang)} /ViewerPreferences << /DisplayDocTitle true >> >>`;
  objects[pagesRef - 1] =
    `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} /MediaBox [0 0 ${num(input.pageWidth)} ${num(input.pageHeight)}] /Resources ${resources} 0 R >>`;

  let pdf = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(pdf.length);
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R /Info ${info} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(pdf, 'latin1'));
}
