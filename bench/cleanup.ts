/**
 * Things to undo when the run ends (child processes, temp dirs). `runCleanup` is awaited at the end of
 * a run; the synchronous variants also run on `exit` and on SIGINT/SIGTERM so nothing outlives us.
 */

type Async = () => Promise<void> | void;
type Sync = () => void;

const tasks: { async: Async; sync: Sync | undefined }[] = [];
let done = false;

export function onCleanup(task: Async, syncFallback?: Sync): void {
  tasks.push({ async: task, sync: syncFallback });
}

export async function runCleanup(): Promise<void> {
  if (done) return;
  done = true;
  for (const task of tasks.reverse()) {
    try {
      await task.async();
    } catch (error) {
      console.error(`cleanup failed: ${(error as Error).message}`);
    }
  }
}

function runSync(): void {
  if (done) return;
  done = true;
  for (const task of tasks.reverse()) {
    try {
      task.sync?.();
    } catch {
      // best effort on the way out
    }
  }
}

process.once('exit', runSync);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    runSync();
    process.exit(130);
  });
}
