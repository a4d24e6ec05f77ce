import { randomBytes } from "node:crypto";
import { mkdir, rm } from "node:fs/promises";
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
 * Makes a folder `<prefix><random>` under the system's temporary folder. Its removal is registered
 * before it is made, so a signal during `mkdir` still removes it; on a signal the folder is swept a
 * second time once the work in flight has settled (a recursive `mkdir` or a copy that was already
 * running could re-create what the first sweep removed).
 */
export async function createTemporaryFolder(prefix: string): Promise<TemporaryFolder> {
  const path = join(tmpdir(), `${prefix}${randomBytes(8).toString("hex")}`);
  let made: Promise<unknown> = Promise.resolve();
  const remove = whileRunning(async () => {
    await made.catch(() => undefined);
    await rm(path, { recursive: true, force: true });
    if (interruption() !== undefined) {
      await sleep(SETTLE_MS);
      await rm(path, { recursive: true, force: true });
    }
  });
  made = mkdir(path, { mode: 0o700 });
  try {
    await made;
  } catch (error) {
    await remove();
    throw error;
  }
  return { path, remove };
}
