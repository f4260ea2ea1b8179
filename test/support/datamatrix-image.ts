import { BinaryBitmap, DataMatrixReader, DecodeHintType, HybridBinarizer, RGBLuminanceSource } from '@zxing/library';

/** Reads a DataMatrix module grid (row 0 at the top, 1 = dark) with ZXing, as a scanner would see it printed. */
export function readDataMatrixModules(size: number, modules: Uint8Array): string {
  const scale = 4;
  const quiet = 2;
  const width = (size + 2 * quiet) * scale;
  const luminance = new Uint8ClampedArray(width * width).fill(255);
  for (let y = 0; y < size * scale; y++) {
    for (let x = 0; x < size * scale; x++) {
      if (modules[Math.floor(y / scale) * size + Math.floor(x / scale)]) luminance[(y + quiet * scale) * width + x + quiet * scale] = 0;
    }
  }
  const bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(luminance, width, width)));
  return new DataMatrixReader().decode(bitmap, new Map([[DecodeHintType.PURE_BARCODE, true]])).getText();
}
