import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { interruption, whileRunning } from "./cleanup.js";

/** How long work in flight when a signal came gets to finish before its folder is swept again. */
const SETTLE_MS = 100;

/** A temporary folder that is removed by `remove()`, and also on SIGINT, SIGTERM and SIGHUP. */
export interface TemporaryFolder {
  readonly path: string;
  remove(): Promise<void>;
}

/**
 * Makes a folder `<prefix><random>` under the system's temporary folder (mkdtemp: mode 0700, a
 * name from the system's random source). Its removal is registered before it is made, so a signal
 * during `mkdtemp` still removes it; on a signal the folder is swept a second time once the work in
 * flight has settled (a recursive `mkdir` or a copy that was already running could re-create what
 * the first sweep removed).
 */
export async function createTemporaryFolder(prefix: string): Promise<TemporaryFolder> {
  let made: Promise<string | undefined> = Promise.resolve(undefined);
  const remove = whileRunning(async () => {
    const path = await made.catch(() => undefined);
    if (path === undefined) return;
    await rm(path, { recursive: true, force: true });
    if (interruption() !== undefined) {
      await sleep(SETTLE_MS);
      await rm(path, { recursive: true, force: true });
    }
  });
  made = mkdtemp(join(tmpdir(), prefix));
  let path: string | undefined;
  try {
    path = await made;
  } catch (error) {
    await remove();
    throw error;
  }
  return { path: path as string, remove };
}
