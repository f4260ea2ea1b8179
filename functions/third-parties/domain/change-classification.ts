/**
 * Minor changes apply at once; everything else waits for confirmation by an outbound call (or written
 * notice on letterhead). The procedure defines minor as a simple spelling mistake in an organisation or
 * contact name or address, or a change of preferred contact method.
 */

/** Damerau-Levenshtein distance (optimal string alignment), enough to tell a typo from a new value. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** A spelling fix: the same text give or take two typed letters (case and spacing ignored), with the same numbers. */
export function isSpellingFix(before: string, after: string): boolean {
  const a = before.toLowerCase().replace(/\s+/g, ' ').trim();
  const b = after.toLowerCase().replace(/\s+/g, ' ').trim();
  if (a === b) return true;
  // A different number (house, flat, PO box) is a different address, never a typo.
  if (JSON.stringify(a.match(/\d+/g)) !== JSON.stringify(b.match(/\d+/g))) return false;
  return editDistance(a, b) <= Math.min(2, Math.floor(Math.max(a.length, b.length) / 4));
}

const spellingFields = new Set(['name', 'firstName', 'lastName', 'title']);

/**
 * Whether changing `before` into `after` (only the fields in `changes`) is minor. Addresses are minor
 * when only their lines carry spelling fixes: the postcode, the number of lines and which address is
 * primary stay the same.
 */
export function isMinorChange(before: Record<string, unknown>, changes: Record<string, unknown>): boolean {
  for (const [field, value] of Object.entries(changes)) {
    const old = before[field];
    if (JSON.stringify(old) === JSON.stringify(value)) continue;
    if (field === 'preferredContactMethod') continue;
    if (spellingFields.has(field) && typeof old === 'string' && typeof value === 'string' && isSpellingFix(old, value)) continue;
    if (field === 'addresses' && Array.isArray(old) && Array.isArray(value) && old.length === value.length && old.every((a, i) => addressSpellingFix(a, value[i]))) continue;
    if (field === 'address' && addressSpellingFix(old, value)) continue;
    return false;
  }
  return true;
}

type AddressLike = { lines: string[]; postcode: string; primary?: boolean };

function addressSpellingFix(before: unknown, after: unknown): boolean {
  const a = before as AddressLike | undefined;
  const b = after as AddressLike | undefined;
  if (!a || !b || a.postcode !== b.postcode || (a.primary ?? false) !== (b.primary ?? false) || a.lines.length !== b.lines.length) return false;
  return a.lines.every((line, i) => isSpellingFix(line, b.lines[i]!));
}
