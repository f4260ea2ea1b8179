/**
 * DataMatrix ECC 200 (ISO/IEC 16022) encoder for printable-ASCII payloads: ASCII encodation (digit pairs
 * packed into one codeword), the smallest square symbol that holds the data (10x10 to 132x132), pad
 * codewords, Reed-Solomon error correction over GF(256) with interleaved blocks, the standard module
 * placement and the finder and timing patterns. Returns the module grid, which the PDF draws as vectors.
 *
 * Why not a library (measured on this machine, node 24, per symbol for a ~75-character payload, 36x36):
 * - bwip-js 4.11 `datamatrix()` with a custom drawing: ~8.5 ms per symbol (it runs the PostScript
 *   barcode writer), more than the whole per-letter budget of the 4x target (~6 ms); its raw-matrix
 *   API (`toRaw`) is only on the default export, which bundles every symbology (1.8 MB).
 * - @zxing/library 0.23 `DataMatrixWriter`: ~0.2 ms per symbol, fast enough, but its package root does
 *   not tree-shake (460 KB bundle, ~100 ms import) and a deep CJS import is untyped (90 KB, ~30 ms).
 * - this module: ~0.07 ms per symbol, a few KB, nothing done at import.
 * Correctness is checked by test/unit/letter-render.test.ts, which decodes symbols of every size with
 * ZXing's DataMatrix reader.
 */

export interface DataMatrixSymbol {
  /** Modules per side (the symbol is square). */
  readonly size: number;
  /** size * size modules, row 0 at the top; 1 is dark. */
  readonly modules: Uint8Array;
}

/** [symbol size, data region size, data codewords, error correction codewords, interleaved blocks] */
const symbols: readonly (readonly [number, number, number, number, number])[] = [
  [10, 8, 3, 5, 1], [12, 10, 5, 7, 1], [14, 12, 8, 10, 1], [16, 14, 12, 12, 1], [18, 16, 18, 14, 1],
  [20, 18, 22, 18, 1], [22, 20, 30, 20, 1], [24, 22, 36, 24, 1], [26, 24, 44, 28, 1], [32, 14, 62, 36, 1],
  [36, 16, 86, 42, 1], [40, 18, 114, 48, 1], [44, 20, 144, 56, 1], [48, 22, 174, 68, 1], [52, 24, 204, 84, 2],
  [64, 14, 280, 112, 2], [72, 16, 368, 144, 4], [80, 18, 456, 192, 4], [88, 20, 576, 224, 4], [96, 22, 696, 272, 4],
  [104, 24, 816, 336, 6], [120, 18, 1050, 408, 6], [132, 20, 1304, 496, 8],
];

// GF(256) with the DataMatrix field polynomial x^8 + x^5 + x^3 + x^2 + 1 (301).
const exp = new Uint8Array(512);
const log = new Uint8Array(256);
for (let i = 0, x = 1; i < 255; i++) {
  exp[i] = x;
  log[x] = i;
  x <<= 1;
  if (x & 0x100) x ^= 301;
}
for (let i = 255; i < 512; i++) exp[i] = exp[i - 255]!;
const mul = (a: number, b: number): number => (a === 0 || b === 0 ? 0 : exp[log[a]! + log[b]!]!);

const generators = new Map<number, Uint8Array>();
/** Coefficients of prod(x + 2^i, i = 1..n) without the leading 1, highest power first. */
function generator(n: number): Uint8Array {
  let g = generators.get(n);
  if (g) return g;
  let poly = [1];
  for (let i = 1; i <= n; i++) {
    const next = new Array<number>(poly.length + 1).fill(0);
    for (let j = 0; j < poly.length; j++) {
      next[j]! ^= poly[j]!;
      next[j + 1]! ^= mul(poly[j]!, exp[i]!);
    }
    poly = next;
  }
  g = Uint8Array.from(poly.slice(1));
  generators.set(n, g);
  return g;
}

/** ASCII encodation: a pair of digits is one codeword (130 + value), any other character its code + 1. */
function encodeAscii(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const d = text.charCodeAt(i + 1);
    if (c >= 48 && c <= 57 && d >= 48 && d <= 57) {
      out.push(130 + (c - 48) * 10 + (d - 48));
      i++;
    } else if (c <= 127) out.push(c + 1);
    else throw new RangeError(`DataMatrix payload must be ASCII; found U+${c.toString(16).padStart(4, '0')}`);
  }
  return out;
}

function withErrorCorrection(data: number[], dataCount: number, eccCount: number, blocks: number): Uint8Array {
  const all = new Uint8Array(dataCount + eccCount);
  all.set(data);
  // Pad: 129 first, then the 253-state randomised pad character.
  for (let i = data.length; i < dataCount; i++) {
    if (i === data.length) all[i] = 129;
    else {
      const pad = 129 + (((149 * (i + 1)) % 253) + 1);
      all[i] = pad <= 254 ? pad : pad - 254;
    }
  }
  const perBlock = eccCount / blocks;
  const g = generator(perBlock);
  for (let b = 0; b < blocks; b++) {
    const ecc = new Uint8Array(perBlock);
    for (let i = b; i < dataCount; i += blocks) {
      const m = all[i]! ^ ecc[0]!;
      ecc.copyWithin(0, 1);
      ecc[perBlock - 1] = 0;
      if (m !== 0) for (let j = 0; j < perBlock; j++) ecc[j]! ^= mul(m, g[j]!);
    }
    for (let j = 0; j < perBlock; j++) all[dataCount + b + j * blocks] = ecc[j]!;
  }
  return all;
}

/** The standard ECC 200 placement of codeword bits in the nrow x ncol mapping matrix (ISO/IEC 16022 Annex F). */
function place(codewords: Uint8Array, nrow: number, ncol: number): Uint8Array {
  const grid = new Int8Array(nrow * ncol).fill(-1);
  const module = (row: number, col: number, chr: number, bit: number): void => {
    if (row < 0) {
      row += nrow;
      col += 4 - ((nrow + 4) % 8);
    }
    if (col < 0) {
      col += ncol;
      row += 4 - ((ncol + 4) % 8);
    }
    grid[row * ncol + col] = (codewords[chr]! >> (8 - bit)) & 1;
  };
  const utah = (row: number, col: number, chr: number): void => {
    module(row - 2, col - 2, chr, 1);
    module(row - 2, col - 1, chr, 2);
    module(row - 1, col - 2, chr, 3);
    module(row - 1, col - 1, chr, 4);
    module(row - 1, col, chr, 5);
    module(row, col - 2, chr, 6);
    module(row, col - 1, chr, 7);
    module(row, col, chr, 8);
  };
  const corner = (chr: number, cells: readonly (readonly [number, number])[]): void => cells.forEach(([r, c], i) => module(r, c, chr, i + 1));
  const [n, m] = [nrow, ncol];
  let chr = 0;
  let row = 4;
  let col = 0;
  do {
    if (row === n && col === 0) corner(chr++, [[n - 1, 0], [n - 1, 1], [n - 1, 2], [0, m - 2], [0, m - 1], [1, m - 1], [2, m - 1], [3, m - 1]]);
    if (row === n - 2 && col === 0 && m % 4 !== 0) corner(chr++, [[n - 3, 0], [n - 2, 0], [n - 1, 0], [0, m - 4], [0, m - 3], [0, m - 2], [0, m - 1], [1, m - 1]]);
    if (row === n - 2 && col === 0 && m % 8 === 4) corner(chr++, [[n - 3, 0], [n - 2, 0], [n - 1, 0], [0, m - 2], [0, m - 1], [1, m - 1], [2, m - 1], [3, m - 1]]);
    if (row === n + 4 && col === 2 && m % 8 === 0) corner(chr++, [[n - 1, 0], [n - 1, m - 1], [0, m - 3], [0, m - 2], [0, m - 1], [1, m - 3], [1, m - 2], [1, m - 1]]);
    do {
      if (row < n && col >= 0 && grid[row * m + col] === -1) utah(row, col, chr++);
      row -= 2;
      col += 2;
    } while (row >= 0 && col < m);
    row += 1;
    col += 3;
    do {
      if (row >= 0 && col < m && grid[row * m + col] === -1) utah(row, col, chr++);
      row += 2;
      col -= 2;
    } while (row < n && col >= 0);
    row += 3;
    col += 1;
  } while (row < n || col < m);
  // Sizes whose mapping matrix is not filled get a fixed pattern in the bottom-right corner.
  if (grid[n * m - 1] === -1) {
    grid[n * m - 1] = 1;
    grid[(n - 1) * m - 2] = 1;
    grid[n * m - 2] = 0;
    grid[(n - 1) * m - 1] = 0;
  }
  return Uint8Array.from(grid);
}

/** Encodes printable ASCII text as the smallest square ECC 200 symbol that holds it. */
export function encodeDataMatrix(text: string): DataMatrixSymbol {
  const data = encodeAscii(text);
  const spec = symbols.find(([, , dataCount]) => dataCount >= data.length);
  if (!spec) throw new RangeError(`DataMatrix payload too long: ${data.length} codewords`);
  const [size, region, dataCount, eccCount, blocks] = spec;
  const codewords = withErrorCorrection(data, dataCount, eccCount, blocks);
  const mapSize = (size / (region + 2)) * region;
  const mapping = place(codewords, mapSize, mapSize);
  const modules = new Uint8Array(size * size);
  for (let y = 0; y < size; y++) {
    const ry = y % (region + 2);
    for (let x = 0; x < size; x++) {
      const rx = x % (region + 2);
      let dark: number;
      if (ry === region + 1 || rx === 0) dark = 1; // solid L: bottom row and left column of each region
      else if (ry === 0) dark = (x + 1) & 1; // top timing row: dark on even columns
      else if (rx === region + 1) dark = ry & 1; // right timing column: dark on odd rows
      else dark = mapping[(Math.floor(y / (region + 2)) * region + ry - 1) * mapSize + Math.floor(x / (region + 2)) * region + rx - 1]!;
      modules[y * size + x] = dark;
    }
  }
  return { size, modules };
}
