import bwipjs from 'bwip-js';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { encodeIdentifyingCode } from '../functions/letters/identifying-code.ts';
import { encodeDataMatrix } from '../functions/letters/render/datamatrix.ts';
import { renderLetterPdf, type LetterDocument } from '../functions/letters/render/index.ts';
import { sampleIdentifyingFields, sampleLetter } from '../functions/letters/render/sample-letter.ts';
import { bundle } from './bundle.ts';
import { contentionNote, emptyTarget, timeImports } from './import-timing.ts';
import { kib, ms, ratio, summaryLine, table } from './stats.ts';

/**
 * Benchmark: letter rendering. Throughput of a 2-page letter with its DataMatrix, in one process:
 * functions/letters/render against the straightforward render (pdfkit 0.20 with its own text layout,
 * default compression, and the DataMatrix as a bwip-js PNG placed on every page), plus pdfkit with
 * compression off and the DataMatrix drawn as vectors (to show what pdfkit costs without the PNG).
 * The variants run interleaved: every round gives each a time slice, in a rotated order, after a warm-up.
 * Then the cold init: import time of each esbuild bundle in a fresh node process (median of
 * BENCH_LETTER_COLD_RUNS, else BENCH_COLD_RUNS, default 15, less an empty node start). Target: throughput
 * at least 4x the baseline. Knobs: BENCH_LETTER_ROUNDS (6), BENCH_LETTER_SLICE_MS (500), BENCH_LETTER_WARMUP (30).
 */

export const throughputTarget = 4;
const rounds = Number(process.env.BENCH_LETTER_ROUNDS ?? 6);
const sliceMs = Number(process.env.BENCH_LETTER_SLICE_MS ?? 500);
const warmUp = Number(process.env.BENCH_LETTER_WARMUP ?? 30);
const coldRuns = Number(process.env.BENCH_LETTER_COLD_RUNS ?? process.env.BENCH_COLD_RUNS ?? 15);

const mm = 72 / 25.4;

/** A letter the way pdfkit is usually driven: its text flow and auto paging, then page numbers and the code on every page. */
async function pdfkitRender(doc: LetterDocument, barcode: 'png' | 'vector'): Promise<Buffer> {
  const pdf = new PDFDocument({
    size: 'A4',
    margins: { top: 20 * mm, bottom: 32 * mm, left: 20 * mm, right: 20 * mm },
    bufferPages: true,
    compress: barcode === 'png',
    info: { Title: doc.title ?? doc.correspondenceId, Subject: doc.identifyingCode, CreationDate: new Date(`${doc.issueDate}T00:00:00Z`) },
  });
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise((resolve) => pdf.on('end', resolve));
  const width = pdf.page.width - 40 * mm;
  const body = doc.largePrint ? 16 : 11;

  pdf.font('Helvetica').fontSize(8.5);
  doc.returnAddress.forEach((line, i) => pdf.text(line, 118 * mm, 14 * mm + i * 10.6, { lineBreak: false }));
  pdf.fontSize(9.5);
  doc.references.forEach(({ label, value }, i) => {
    pdf.font('Helvetica').text(label, 118 * mm, 45 * mm + i * 12, { lineBreak: false });
    pdf.font('Helvetica-Bold').text(value, 152 * mm, 45 * mm + i * 12, { lineBreak: false });
  });
  pdf.font('Helvetica').fontSize(10);
  doc.addressBlock.forEach((line, i) => pdf.text(line, 24 * mm, 48.5 * mm + i * 11, { lineBreak: false }));

  pdf.x = 20 * mm;
  pdf.y = 88 * mm;
  if (doc.title) pdf.font('Helvetica-Bold').fontSize(13).text(doc.title, { width }).moveDown(0.6);
  pdf.font('Helvetica').fontSize(body).text(doc.salutation, { width }).moveDown(0.6);
  for (const p of doc.paragraphs) {
    if (p.heading) pdf.font('Helvetica-Bold').fontSize(body + 0.5).text(p.heading, { width }).moveDown(0.2);
    pdf.font('Helvetica').fontSize(body).text(p.text, { width, lineGap: 2 }).moveDown(0.6);
  }
  pdf.text(doc.valediction, { width }).moveDown(0.5);
  if (doc.signatory) {
    if (doc.signatory.dummySignature) pdf.font('Helvetica-Oblique').fontSize(16).text(doc.signatory.name, { width });
    pdf.font('Helvetica').fontSize(body).text(doc.signatory.name, { width }).text(doc.signatory.role, { width }).moveDown(1);
  }
  if (doc.enclosures.length > 0) {
    pdf.font('Helvetica-Bold').text('Enclosures', { width });
    pdf.font('Helvetica').list([...doc.enclosures], { width });
  }

  const codeSize = 17 * mm;
  const png = barcode === 'png' ? await bwipjs.toBuffer({ bcid: 'datamatrix', text: doc.identifyingCode, scale: 3 }) : undefined;
  const image = png && (pdf as unknown as { openImage(src: Buffer): PDFKit.Mixins.ImageSrc }).openImage(png);
  const symbol = barcode === 'vector' ? encodeDataMatrix(doc.identifyingCode) : undefined;
  const { start, count } = pdf.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    pdf.switchToPage(i);
    pdf.page.margins.bottom = 0; // text in the footer must not start a new page
    pdf.font('Helvetica').fontSize(9).text(`Page ${i + 1} of ${count}`, 20 * mm, pdf.page.height - 14 * mm, { width, align: 'right', lineBreak: false });
    const top = pdf.page.height - 10 * mm - codeSize;
    if (image) pdf.image(image, 20 * mm, top, { width: codeSize });
    if (symbol) {
      const m = codeSize / symbol.size;
      for (let row = 0; row < symbol.size; row++) {
        for (let x = 0; x < symbol.size; x++) {
          if (!symbol.modules[row * symbol.size + x]) continue;
          const from = x;
          while (x + 1 < symbol.size && symbol.modules[row * symbol.size + x + 1]) x++;
          pdf.rect(20 * mm + from * m, top + row * m, (x + 1 - from) * m, m);
        }
      }
      pdf.fill('black');
    }
  }
  pdf.end();
  await ended;
  return Buffer.concat(chunks);
}

interface Variant {
  readonly id: string;
  readonly render: () => Uint8Array | Promise<Uint8Array>;
  letters: number;
  elapsedMs: number;
  bytes: number;
  pages: number;
}

const pageCount = (pdf: Uint8Array): number => Buffer.from(pdf).toString('latin1').match(/\/Type \/Page\b(?!s)/g)?.length ?? 0;

export async function runLetterRender(workDir: string): Promise<void> {
  const doc = sampleLetter(encodeIdentifyingCode(sampleIdentifyingFields));
  const variants: Variant[] = [
    { id: 'ours: functions/letters/render', render: () => renderLetterPdf(doc), letters: 0, elapsedMs: 0, bytes: 0, pages: 0 },
    { id: 'baseline: pdfkit + bwip-js PNG', render: () => pdfkitRender(doc, 'png'), letters: 0, elapsedMs: 0, bytes: 0, pages: 0 },
    { id: 'pdfkit, compress off, vector DataMatrix', render: () => pdfkitRender(doc, 'vector'), letters: 0, elapsedMs: 0, bytes: 0, pages: 0 },
  ];
  const [ours, baseline] = variants as [Variant, Variant, Variant];
  for (const v of variants) {
    const pdf = await v.render();
    v.bytes = pdf.length;
    v.pages = pageCount(pdf);
    for (let i = 0; i < warmUp; i++) await v.render();
  }
  console.log(`letter-render: ${warmUp} warm-up renders each; then ${rounds} rounds of a ${sliceMs} ms slice per variant, interleaved`);
  for (let round = 0; round < rounds; round++) {
    const shift = round % variants.length;
    for (const v of [...variants.slice(shift), ...variants.slice(0, shift)]) {
      const started = performance.now();
      let elapsed: number;
      do {
        await v.render();
        v.letters++;
        elapsed = performance.now() - started;
      } while (elapsed < sliceMs);
      v.elapsedMs += elapsed;
    }
  }
  const perSecond = (v: Variant) => (v.letters * 1000) / v.elapsedMs;
  console.log(
    table(
      ['variant (2-page letter + DataMatrix)', 'letters/s', 'ms/letter', 'letters', 'pages', 'PDF size'],
      variants.map((v) => [v.id, perSecond(v).toFixed(0), (v.elapsedMs / v.letters).toFixed(2), String(v.letters), String(v.pages), kib(v.bytes)]),
    ),
  );
  const throughputRatio = perSecond(ours) / perSecond(baseline);
  console.log(`letter-render: throughput ratio ${ratio(throughputRatio)} ${throughputRatio >= throughputTarget ? 'PASS' : 'FAIL'} (target >= ${throughputTarget})`);

  // Cold init: import time of each bundle in a fresh process.
  const dir = join(workDir, 'letter-render');
  mkdirSync(dir, { recursive: true });
  const [oursBundle, baselineBundle] = await Promise.all([
    bundle({ source: "export { renderLetterPdf } from './functions/letters/render/index.ts';" }, join(dir, 'ours', 'index.mjs')),
    bundle({ source: "export { default as PDFDocument } from 'pdfkit'; export { default as bwipjs } from 'bwip-js';" }, join(dir, 'baseline', 'index.mjs')),
  ]);
  const targets = [emptyTarget(dir), { id: 'ours', file: oursBundle.outfile }, { id: 'baseline', file: baselineBundle.outfile }];
  console.log(`letter-render: timing ${targets.length} imports x ${coldRuns} interleaved runs...`);
  const run = await timeImports(targets, coldRuns);
  for (const [id, message] of run.failures) throw new Error(`the ${id} bundle does not import: ${message}`);
  const o = run.timings.get('ours')!;
  const b = run.timings.get('baseline')!;
  console.log(`letter-render: ${contentionNote(run)}`);
  console.log(
    table(
      ['bundle', 'size', 'init ms (wall)', 'cpu ms', 'iqr ms'],
      [
        ['ours: functions/letters/render', kib(oursBundle.bytes), ms(o.initMs), ms(o.cpuMs), ms(o.iqrMs)],
        ['baseline: pdfkit + bwip-js', kib(baselineBundle.bytes), ms(b.initMs), ms(b.cpuMs), ms(b.iqrMs)],
      ],
    ),
  );
  console.log('');
  console.log(summaryLine('letter-render', perSecond(ours).toFixed(0), 'letters/s', throughputRatio, 'pdfkit+bwip-js-png'));
  console.log(summaryLine('letter-render-init', ms(o.initMs), 'ms', o.initMs / b.initMs, 'pdfkit+bwip-js-bundle-init'));
}
