import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** The repository root: catalogue entries and the lock file are relative to it. */
export const repoRoot = fileURLToPath(new URL('..', import.meta.url));

export const fromRoot = (relative: string): string => join(repoRoot, relative);
