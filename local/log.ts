/** The local stack's own messages (not the handlers' logs), silenced by `quiet` in tests. */
let quiet = false;

export const setQuiet = (value: boolean): void => {
  quiet = value;
};

export const log = {
  info: (message: string): void => {
    if (!quiet) console.log(`[local] ${message}`);
  },
  warn: (message: string): void => {
    if (!quiet) console.warn(`[local] ${message}`);
  },
  /** Errors are shown even when quiet: they usually explain a failing test. */
  error: (message: string, error?: unknown): void => {
    console.error(`[local] ${message}`, error instanceof Error ? (error.stack ?? error.message) : (error ?? ''));
  },
};
