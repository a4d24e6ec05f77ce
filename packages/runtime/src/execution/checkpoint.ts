import { cp, mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { FlyteValidationError } from "@flytekit-ts/core";
import { isRemoteUri } from "@flytekit-ts/core/internal";
import { localPathOf } from "../files/blob-literals.js";
import { storeFor } from "../files/blob-transfer.js";

/** The local folder a previous checkpoint is restored into (flytekit's `prev_cp`). */
const RESTORED = "prev_cp";
/** The file `write(bytes)` saves (flytekit's `_dst_cp`). */
const WRITTEN = "_dst_cp";

/** Copies a local file or folder `from` to `to`: an object-store prefix or a local path. */
async function put(from: string, to: string): Promise<void> {
  if (isRemoteUri(to)) {
    const store = storeFor(to);
    if (store === undefined) throw new FlyteValidationError(`no store can write the checkpoint to ${to}`);
    await store.upload(from, to);
    return;
  }
  await cp(from, localPathOf(to), { recursive: true, force: true });
}

/**
 * A task's checkpoints (flytekit's `SyncCheckpoint`): what a previous attempt saved (`restore`,
 * `read`) and what this one saves for the next (`save`, `write`), at the prefixes propeller gives
 * (`--prev-checkpoint`, `--checkpoint-path`), object stores or local folders. Locally the current
 * checkpoint is a folder in the run's scratch directory and there is no previous one.
 */
export class Checkpoint {
  #restored: string | undefined;

  constructor(
    /** Where this attempt's checkpoint goes. */
    readonly destination: string,
    /** Where the previous attempt's checkpoint is, if there was one. */
    readonly source: string | undefined,
    /** A scratch folder of this execution. */
    private readonly workDir: string,
  ) {}

  /** Whether a previous attempt left a checkpoint. */
  prevExists(): boolean {
    return this.source !== undefined;
  }

  /**
   * Downloads the previous checkpoint (a folder) into `path` (default: a folder of the execution's
   * scratch directory) and returns where it is; `undefined` without one. Downloads once.
   */
  async restore(path?: string): Promise<string | undefined> {
    if (this.source === undefined) return undefined;
    if (this.#restored !== undefined) return this.#restored;
    const target = path ?? join(this.workDir, RESTORED);
    await mkdir(target, { recursive: true });
    if ((await stat(target)).isDirectory() === false)
      throw new FlyteValidationError("checkpoints are restored into a folder only");
    if (isRemoteUri(this.source)) {
      const store = storeFor(this.source);
      if (store === undefined)
        throw new FlyteValidationError(`no store can read the checkpoint at ${this.source}`);
      await store.download(this.source, target, true);
    } else {
      await cp(localPathOf(this.source), target, { recursive: true, force: true });
    }
    this.#restored = target;
    return target;
  }

  /** Saves a local file (as `<destination>/<its name>`) or folder (its content under `<destination>`). */
  async save(path: string): Promise<void> {
    const info = await stat(path);
    const base = this.destination.replace(/\/+$/, "");
    await put(path, info.isDirectory() ? base : `${base}/${basename(path)}`);
  }

  /** The previous checkpoint's bytes, when it is one file; `undefined` without one. @throws when it holds several files */
  async read(): Promise<Uint8Array | undefined> {
    const folder = await this.restore();
    if (folder === undefined) return undefined;
    const files = await readdir(folder);
    if (files.length === 0) return undefined;
    if (files.length > 1)
      throw new FlyteValidationError(`expected exactly one checkpoint file, found ${files.length}`);
    return new Uint8Array(await readFile(join(folder, files[0] as string)));
  }

  /** Saves `bytes` as this attempt's checkpoint (replacing what `write` saved before). */
  async write(bytes: Uint8Array): Promise<void> {
    const file = join(this.workDir, WRITTEN);
    await writeFile(file, bytes);
    await this.save(file);
  }
}
