import { encodeWinAnsi, textWidth, type FontId } from './fonts.ts';
import type { LetterDocument } from './letter-document.ts';

/**
 * Page layout of a letter on A4: the first page's header (return address, references, address block
 * for a windowed envelope), the body wrapped to the page width and flowed over pages, and the footer
 * zone (page number, identifying code) kept clear on every page. Positions are PDF points, y up.
 */

export const mm = 72 / 25.4;
export const pageWidth = 595.28;
export const pageHeight = 841.89;
const marginLeft = 20 * mm;
const marginRight = 20 * mm;
const contentWidth = pageWidth - marginLeft - marginRight;
const bodyTopFirstMin = 88 * mm;
const bodyTopNext = 20 * mm;
/** Body text stays above the identifying code (bottom-left, 10 to 27 mm) and the page number. */
const bodyBottom = pageHeight - 32 * mm;
const referencesX = 118 * mm;
/** Standard window of a DL/C5 envelope: 20 mm from the left, 45-50 mm from the top, 90 x 30 mm. */
const addressX = 24 * mm;
const addressTop = 48.5 * mm;
const addressWidth = (110 - 4 - 24) * mm;
/** Ascent of Helvetica capitals, em: the first baseline sits this far below a block's top. */
const capHeight = 0.718;

export const identifyingCodeBox = { x: marginLeft, y: 10 * mm, size: 17 * mm } as const;

export interface TextRun {
  readonly font: FontId;
  readonly size: number;
  readonly x: number;
  readonly y: number;
  /** WinAnsi bytes as a latin1 string. */
  readonly text: string;
}

interface Style {
  readonly body: number;
  readonly leading: number;
  readonly heading: number;
  readonly title: number;
  readonly small: number;
  readonly references: number;
  readonly footer: number;
  readonly signature: number;
}

const standard: Style = { body: 11, leading: 14.5, heading: 11.5, title: 13, small: 8.5, references: 9.5, footer: 9, signature: 16 };
const large: Style = { body: 16, leading: 21, heading: 18, title: 20, small: 12, references: 13, footer: 14, signature: 22 };
/** The address must fit the window in both variants: 7 lines of 10 pt on 11 pt leading is 27 mm. */
const addressSize = 10;
const addressLeading = 11;

interface Line {
  readonly font: FontId;
  readonly size: number;
  readonly indent: number;
  readonly text: string;
  /** Space this line takes, when not the block's leading. */
  readonly advance?: number;
}

/** A run of body lines: `space` above it, kept on one page when `together`, on the page of the next block when `withNext`. */
interface Block {
  readonly lines: Line[];
  readonly leading: number;
  readonly space: number;
  readonly together?: boolean;
  readonly withNext?: boolean;
}

/** Greedy word wrap of WinAnsi text to `width`; '\n' breaks a line; a word wider than a line is split. */
export function wrap(text: string, font: FontId, size: number, width: number): string[] {
  const lines: string[] = [];
  const space = textWidth(' ', font, size);
  for (const hard of text.split('\n')) {
    let line = '';
    let lineWidth = 0;
    for (const word of hard.split(' ')) {
      if (word === '') continue;
      let w = textWidth(word, font, size);
      if (line !== '' && lineWidth + space + w <= width) {
        line += ` ${word}`;
        lineWidth += space + w;
        continue;
      }
      if (line !== '') lines.push(line);
      let rest = word;
      while (w > width && rest.length > 1) {
        let cut = rest.length - 1;
        while (cut > 1 && textWidth(rest.slice(0, cut), font, size) > width) cut--;
        lines.push(rest.slice(0, cut));
        rest = rest.slice(cut);
        w = textWidth(rest, font, size);
      }
      line = rest;
      lineWidth = w;
    }
    lines.push(line);
  }
  return lines;
}

const paragraph = (text: string, font: FontId, size: number, indent = 0): Line[] =>
  wrap(encodeWinAnsi(text), font, size, contentWidth - indent).map((t) => ({ font, size, indent, text: t }));

function bodyBlocks(doc: LetterDocument, s: Style): Block[] {
  const gap = s.leading * 0.6;
  const blocks: Block[] = [];
  if (doc.title) blocks.push({ lines: paragraph(doc.title, 'bold', s.title), leading: s.title * 1.3, space: 0, withNext: true });
  blocks.push({ lines: paragraph(doc.salutation, 'regular', s.body), leading: s.leading, space: doc.title ? gap * 1.5 : 0 });
  for (const p of doc.paragraphs) {
    if (p.heading) blocks.push({ lines: paragraph(p.heading, 'bold', s.heading), leading: s.heading * 1.3, space: gap * 1.5, withNext: true });
    blocks.push({ lines: paragraph(p.text, 'regular', s.body), leading: s.leading, space: p.heading ? gap / 2 : gap });
  }
  // Valediction and signature stay together.
  const closing: Line[] = paragraph(doc.valediction, 'regular', s.body);
  if (doc.signatory) {
    // A system dummy signature (an italic name line) for external print; room for a wet signature otherwise.
    const signature: Line[] = doc.signatory.dummySignature
      ? paragraph(doc.signatory.name, 'italic', s.signature).map((l) => ({ ...l, advance: s.signature * 1.3 }))
      : [{ font: 'regular', size: s.body, indent: 0, text: '', advance: s.leading * 2 }];
    closing.push({ font: 'regular', size: s.body, indent: 0, text: '', advance: s.leading * 0.8 }, ...signature, ...paragraph(doc.signatory.name, 'regular', s.body), ...paragraph(doc.signatory.role, 'regular', s.body));
  }
  blocks.push({ lines: closing, leading: s.leading, space: gap, together: true });
  if (doc.enclosures.length > 0) {
    blocks.push({ lines: paragraph('Enclosures', 'bold', s.heading), leading: s.heading * 1.3, space: gap * 2, withNext: true });
    const indent = textWidth('\x95 ', 'regular', s.body);
    for (const item of doc.enclosures) {
      const [first = '', ...rest] = wrap(encodeWinAnsi(item), 'regular', s.body, contentWidth - indent);
      blocks.push({ lines: [{ font: 'regular', size: s.body, indent: 0, text: `\x95 ${first}` }, ...rest.map((t) => ({ font: 'regular' as const, size: s.body, indent, text: t }))], leading: s.leading, space: 0 });
    }
  }
  return blocks;
}

/** The first page's header; returns its runs and where the body may start (distance from the top). */
function header(doc: LetterDocument, s: Style): { runs: TextRun[]; bottom: number } {
  const runs: TextRun[] = [];
  const run = (font: FontId, size: number, x: number, top: number, text: string) => runs.push({ font, size, x, y: pageHeight - top, text });
  const rightWidth = pageWidth - marginRight - referencesX;

  let top = 14 * mm + s.small * capHeight;
  for (const line of doc.returnAddress) {
    for (const t of wrap(encodeWinAnsi(line), 'regular', s.small, rightWidth)) {
      run('regular', s.small, referencesX, top, t);
      top += s.small * 1.25;
    }
  }

  top = Math.max(45 * mm, top + 6 * mm) + s.references * capHeight;
  const refs = doc.references.map((r) => ({ label: encodeWinAnsi(r.label), value: encodeWinAnsi(r.value) }));
  const labelWidth = Math.max(0, ...refs.map((r) => textWidth(r.label, 'regular', s.references))) + s.references;
  const sideBySide = refs.every((r) => labelWidth + textWidth(r.value, 'bold', s.references) <= rightWidth);
  for (const r of refs) {
    run('regular', s.references, referencesX, top, r.label);
    if (!sideBySide) top += s.references * 1.25;
    for (const v of wrap(r.value, 'bold', s.references, rightWidth - (sideBySide ? labelWidth : 0))) {
      run('bold', s.references, referencesX + (sideBySide ? labelWidth : 0), top, v);
      top += s.references * 1.25;
    }
    if (!sideBySide) top += s.references * 0.4;
  }
  const referencesBottom = top;

  const address = doc.addressBlock.map((line) => encodeWinAnsi(line).replaceAll('\n', ' '));
  const widest = Math.max(...address.map((l) => textWidth(l, 'regular', addressSize)));
  const size = widest > addressWidth ? Math.max(7, (addressSize * addressWidth) / widest) : addressSize;
  top = addressTop + size * capHeight;
  for (const line of address) {
    run('regular', size, addressX, top, line);
    top += (addressLeading * size) / addressSize;
  }
  return { runs, bottom: Math.max(bodyTopFirstMin, referencesBottom + 8 * mm, top + 8 * mm) };
}

export interface Layout {
  readonly pages: TextRun[][];
  readonly footerSize: number;
}

/** Lays the letter out on as many pages as it needs. */
export function layOut(doc: LetterDocument): Layout {
  if (doc.addressBlock.length < 1 || doc.addressBlock.length > 7) throw new RangeError(`address block must have 1 to 7 lines, not ${doc.addressBlock.length}`);
  const s = doc.largePrint ? large : standard;
  const first = header(doc, s);
  const pages: TextRun[][] = [first.runs];
  let page = first.runs;
  let top = first.bottom;
  let atTop = true;
  const newPage = () => {
    page = [];
    pages.push(page);
    top = bodyTopNext;
    atTop = true;
  };
  const height = (b: Block, lines = b.lines.length) => (atTop ? 0 : b.space) + b.lines.slice(0, lines).reduce((h, l) => h + (l.advance ?? b.leading), 0);

  const blocks = bodyBlocks(doc, s);
  blocks.forEach((block, i) => {
    const next = blocks[i + 1];
    const keep = block.together ? block.lines.length : Math.min(block.lines.length, 2);
    let needed = height(block, keep);
    if (block.withNext && next) needed = height(block) + next.space + Math.min(next.lines.length, 2) * next.leading;
    if (!atTop && top + needed > bodyBottom) newPage();
    top += atTop ? 0 : block.space;
    for (const line of block.lines) {
      const advance = line.advance ?? block.leading;
      if (top + advance > bodyBottom && !atTop) newPage();
      if (line.text !== '') page.push({ font: line.font, size: line.size, x: marginLeft + line.indent, y: pageHeight - top - line.size * capHeight, text: line.text });
      top += advance;
      atTop = false;
    }
  });
  return { pages, footerSize: s.footer };
}

/** The footer of page `n` of `count`: its page number, right-aligned. */
export function pageNumber(n: number, count: number, size: number): TextRun {
  const text = `Page ${n} of ${count}`;
  return { font: 'regular', size, x: pageWidth - marginRight - textWidth(text, 'regular', size), y: 12 * mm, text };
}
