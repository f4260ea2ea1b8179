import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: catalogue entries are relative to it. */
export const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** Where `npm start` keeps its data (gitignored). */
export const defaultDataDir = join(repoRoot, '.local');
