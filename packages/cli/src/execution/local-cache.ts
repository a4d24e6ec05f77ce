import { createHash } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import type { Task } from "@flytekit-ts/core";
import { type LiteralMap, LiteralMapSchema } from "@flytekit-ts/core/idl";

/** `$XDG_CACHE_HOME/flytekit-ts/local-cache` (else `~/.cache/...`): flytekit's `~/.flyte/local-cache`. */
export function localCacheFolder(env: NodeJS.ProcessEnv = process.env): string {
  return (
    env.FLYTE_LOCAL_CACHE_DIR ??
    join(env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "flytekit-ts", "local-cache")
  );
}

/** Whether local runs use the cache: `FLYTE_LOCAL_CACHE_ENABLED` (flytekit's setting), default on. */
export function localCacheEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env.FLYTE_LOCAL_CACHE_ENABLED;
  return value === undefined || !["0", "false", "no", "off"].includes(value.toLowerCase());
}

/** What a task's caching says, if it caches. */
function cachingOf(task: Task): { version: string; ignored: readonly string[] } | undefined {
  const metadata = (
    task as {
      metadata?: { cache?: boolean; cacheVersion?: string; cacheIgnoreInputVars?: readonly string[] };
    }
  ).metadata;
  if (metadata?.cache !== true) return undefined;
  return { version: metadata.cacheVersion ?? "", ignored: metadata.cacheIgnoreInputVars ?? [] };
}

/**
 * The cache key of a run, as flytekit keys its local cache: the task's name, its cache version and
 * its input literals without the ignored inputs, encoded deterministically (map entries sorted).
 */
export function cacheKey(
  name: string,
  version: string,
  inputs: LiteralMap,
  ignored: readonly string[],
): string {
  const kept = Object.keys(inputs.literals)
    .filter((key) => !ignored.includes(key))
    .sort();
  const map = create(LiteralMapSchema);
  for (const key of kept) map.literals[key] = inputs.literals[key] as never;
  const hash = createHash("sha256").update(name).update("\0").update(version).update("\0");
  hash.update(toBinary(LiteralMapSchema, map));
  return hash.digest("hex");
}

/** A local run's cache lookup: the cached outputs, or how to store fresh ones. */
export interface CacheLookup {
  readonly hit: LiteralMap | undefined;
  store(outputs: LiteralMap): Promise<void>;
}

/**
 * The local cache of task outputs (flytekit's local cache): for a task with `cache: true`, outputs
 * stored on disk by {@link cacheKey}; a run with the same key reuses them instead of running.
 */
export class LocalCache {
  constructor(readonly folder: string = localCacheFolder()) {}

  /** The lookup for `task` on `inputs`, or `undefined` when the task does not cache. */
  async lookup(task: Task, inputs: LiteralMap): Promise<CacheLookup | undefined> {
    const caching = cachingOf(task);
    if (caching === undefined) return undefined;
    const key = cacheKey(task.name, caching.version, inputs, caching.ignored);
    const file = join(this.folder, `${key}.pb`);
    let hit: LiteralMap | undefined;
    try {
      hit = fromBinary(LiteralMapSchema, await readFile(file));
    } catch {
      hit = undefined;
    }
    return {
      hit,
      store: async (outputs) => {
        await mkdir(this.folder, { recursive: true });
        const partial = `${file}.${process.pid}.partial`;
        await writeFile(partial, toBinary(LiteralMapSchema, outputs));
        await rename(partial, file);
      },
    };
  }

  /** Removes every cached output (`tsflyte local-cache clear`). */
  async clear(): Promise<void> {
    await rm(this.folder, { recursive: true, force: true });
  }
}
