/**
 * Cleanups that must run even when the process is interrupted: containers to remove, temporary
 * folders to delete. While any is pending, SIGINT, SIGTERM and SIGHUP run them all before the
 * process ends with the signal, so Ctrl-C, `kill` or a closed terminal never leaves a container or a
 * temporary folder behind.
 *
 * A cleanup is registered before its resource is created (a container whose creation is still in
 * flight, a folder about to be made): a signal that arrives meanwhile waits for the creation to
 * settle and then removes what it made.
 */

type Cleanup = () => Promise<void>;

const pending = new Set<Cleanup>();
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
let installed = false;
let interruptedBy: NodeJS.Signals | undefined;
let cleaning: Promise<void> | undefined;

/** The signal being handled, once one arrived: work that fails from now on failed because of it. */
export function interruption(): NodeJS.Signals | undefined {
  return interruptedBy;
}

async function runAll(): Promise<void> {
  // Cleanups registered while these run (a creation that settles late) run in the next round; a
  // turn of the event loop after the last round lets work in flight register what it started.
  do {
    while (pending.size > 0) {
      const all = [...pending];
      pending.clear();
      await Promise.allSettled(all.map((cleanup) => cleanup()));
    }
    await new Promise((resolve) => setImmediate(resolve));
  } while (pending.size > 0);
}

function onSignal(signal: NodeJS.Signals): void {
  interruptedBy ??= signal;
  // A second signal while cleaning waits for the same cleanup instead of cutting it short.
  cleaning ??= runAll().finally(() => {
    uninstall();
    // End as the signal would have, unless the embedding program handles it itself.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  });
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
 * Registers `cleanup` to run on SIGINT/SIGTERM/SIGHUP until the returned function is called.
 * Calling it runs the cleanup now (once) and unregisters it.
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
    if (pending.size === 0 && cleaning === undefined) uninstall();
    await once();
  };
}
