/**
 * Cleanups that must run even when the process is interrupted: containers to remove, temporary
 * folders to delete. While any is pending, SIGINT and SIGTERM run them all before the process exits
 * with the signal, so Ctrl-C never leaves a container or a temporary folder behind.
 */

type Cleanup = () => Promise<void>;

const pending = new Set<Cleanup>();
const SIGNALS = ["SIGINT", "SIGTERM"] as const;
let installed = false;

async function onSignal(signal: NodeJS.Signals): Promise<void> {
  const all = [...pending];
  pending.clear();
  await Promise.allSettled(all.map((cleanup) => cleanup()));
  uninstall();
  // Exit as the signal would have, unless the embedding program handles it itself.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function install(): void {
  if (installed) return;
  installed = true;
  for (const signal of SIGNALS) process.on(signal, onSignal);
}

function uninstall(): void {
  if (!installed) return;
  installed = false;
  for (const signal of SIGNALS) process.off(signal, onSignal);
}

/**
 * Registers `cleanup` to run on SIGINT/SIGTERM until the returned function is called. Calling it
 * runs the cleanup now (once) and unregisters it.
 */
export function whileRunning(cleanup: Cleanup): () => Promise<void> {
  let done = false;
  const once: Cleanup = async () => {
    if (done) return;
    done = true;
    await cleanup();
  };
  pending.add(once);
  install();
  return async () => {
    pending.delete(once);
    if (pending.size === 0) uninstall();
    await once();
  };
}
