/**
 * What the syntactic front read in earlier runs, per module: its manifest entries (as JSON texts),
 * its tasks' return types, and every file (and import resolution) they were made from, by content
 * hash. A module whose files are all unchanged is not parsed again; one that changed, or that
 * reads a type or a task from one that did, is.
 * Kept in `node_modules/.cache/flytekit-ts/` (as other build tools keep theirs); a cache of
 * another extractor build, another tsconfig setting or an unreadable one is ignored.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeAtomically } from "../manifest/write-atomically.js";
import { type CachedFindings, decodeShard, encodeShard } from "./cache-shard.js";
import { FileHashes, type FileStamp, matchesStamp } from "./file-hashes.js";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** What the up-to-date record keeps of a manifest's inputs (sources, compiled files, hashes). */
export const inputsDigest = (inputs: unknown): string => sha256(JSON.stringify(inputs));

/** The nearest `node_modules` at or above `dir`, where the cache goes; none: no cache. */
function nodeModulesOf(dir: string): string | undefined {
  for (let current = dir; ; current = dirname(current)) {
    const candidate = join(current, "node_modules");
    if (existsSync(candidate)) return candidate;
    if (dirname(current) === current) return undefined;
  }
}

/** How many tasks and workflows a manifest lists. */
export interface ManifestCounts {
  readonly tasks: number;
  readonly workflows: number;
}

/**
 * What the last run wrote: the manifest (its file's stamp), the hash of the inputs it was made
 * from, what it lists, and the stamp of every file hashed (the next run reads only changed files).
 */
interface Stamp {
  readonly key: string;
  readonly manifest: FileStamp;
  readonly inputs: string;
  readonly counts: ManifestCounts;
  readonly files: Readonly<Record<string, FileStamp>>;
}

/**
 * The cache is kept in this many files, each holding the modules whose path hashes to it: a run
 * that reads one module again rewrites one of them, not the whole project's entries.
 */
const SHARDS = 16;
const shardOf = (fileName: string) => Number.parseInt(sha256(fileName).slice(0, 4), 16) % SHARDS;

export class FindingsCache {
  /** The cache files' common start (`<start>.<shard>.cache`, see `cache-shard.ts`). */
  readonly #base: string | undefined;
  readonly #stampFile: string | undefined;
  readonly #key: string;
  readonly #next: Record<string, CachedFindings> = {};
  /** The shards holding a module read again (the others on disk already hold what is kept). */
  readonly #changed = new Set<number>();

  /**
   * @param configFile the tsconfig (one cache per project configuration).
   * @param settings what else the findings depend on (module roots, strictness).
   * @param output the manifest file written (one stamp per file: `-o` elsewhere keeps this one).
   */
  constructor(configFile: string, settings: unknown, output: string | undefined) {
    const modules = nodeModulesOf(dirname(configFile));
    const base =
      modules === undefined
        ? undefined
        : join(modules, ".cache", "flytekit-ts", `syntactic-${sha256(configFile).slice(0, 16)}`);
    this.#base = base;
    this.#stampFile =
      base === undefined || output === undefined
        ? undefined
        : `${base}.stamp-${sha256(output).slice(0, 16)}.json`;
    // This build of the extractor (a rebuilt one may read differently) and the settings.
    const self = fileURLToPath(import.meta.url);
    this.#key = sha256(JSON.stringify([statSync(self).mtimeMs, statSync(self).size, settings]));
  }

  #previousModules: Readonly<Record<string, CachedFindings>> | undefined;
  /** The last run's modules, read on first use (an up-to-date manifest never needs them). */
  get #previous(): Readonly<Record<string, CachedFindings>> {
    this.#previousModules ??= this.#read();
    return this.#previousModules;
  }

  #lastStamp: Stamp | undefined | null = null;
  /** What the last run recorded, when it was this extractor with these settings. */
  get #stamp(): Stamp | undefined {
    if (this.#lastStamp === null) {
      this.#lastStamp = undefined;
      if (this.#stampFile !== undefined && existsSync(this.#stampFile)) {
        try {
          const stamp = JSON.parse(readFileSync(this.#stampFile, "utf8")) as Stamp;
          if (stamp.key === this.#key && Array.isArray(stamp.manifest)) this.#lastStamp = stamp;
        } catch {
          // unreadable: everything is read again
        }
      }
    }
    return this.#lastStamp;
  }

  /** Hashes of files, reusing the last run's for files whose size, time and inode are unchanged. */
  fileHashes(): FileHashes {
    return new FileHashes(this.#stamp?.files ?? {});
  }

  /**
   * Is `output` the manifest this extractor wrote from exactly these inputs ({@link inputsDigest})?
   * Then it is what a new run would write: nothing to do, and what it lists.
   */
  upToDate(output: string, inputs: string, hashes: FileHashes): ManifestCounts | undefined {
    const stamp = this.#stamp;
    if (stamp === undefined || stamp.inputs !== inputs) return undefined;
    const now = new FileHashes({ [output]: stamp.manifest });
    if (now.hashOf(output) !== stamp.manifest[3]) return undefined;
    // Touched files (same content): remember their new times, so the next run need not read them.
    if (hashes.changed || now.changed)
      this.#record(now.stamps()[output] ?? stamp.manifest, stamp.inputs, stamp.counts, hashes);
    return stamp.counts;
  }

  /**
   * Does `output` hold what this extractor wrote from other inputs (its size, time and inode as
   * stamped)? A manifest holds its inputs, so one made from these differs from it.
   */
  outputDiffers(output: string, inputs: string): boolean {
    const stamp = this.#stamp;
    if (stamp === undefined || stamp.inputs === inputs) return false;
    const stats = statSync(output, { throwIfNoEntry: false });
    return stats !== undefined && matchesStamp(stats, stamp.manifest);
  }

  /**
   * Remembers that `text`, written to `written` (the output, or a file renamed to it: the same
   * inode and times), was made from `inputs` ({@link inputsDigest}) and lists `counts`.
   */
  stamp(written: string, text: string, inputs: string, counts: ManifestCounts, hashes: FileHashes): void {
    const stats = statSync(written, { throwIfNoEntry: false });
    if (stats === undefined) return;
    this.#record([stats.size, stats.mtimeMs, stats.ino, sha256(text)], inputs, counts, hashes);
  }

  #record(manifest: FileStamp, inputs: string, counts: ManifestCounts, hashes: FileHashes): void {
    if (this.#stampFile === undefined) return;
    const stamp: Stamp = { key: this.#key, manifest, inputs, counts, files: hashes.stamps() };
    this.#write(this.#stampFile, JSON.stringify(stamp));
  }

  #write(file: string, text: string): void {
    try {
      writeAtomically(file, text);
    } catch {
      // A read-only node_modules: the next run reads everything again.
    }
  }

  #shardFile(shard: number): string {
    return `${this.#base}.${shard}.cache`;
  }

  #read(): Readonly<Record<string, CachedFindings>> {
    if (this.#base === undefined) return {};
    const modules: Record<string, CachedFindings> = {};
    for (let shard = 0; shard < SHARDS; shard++) {
      let shardModules: Record<string, CachedFindings> | undefined;
      try {
        shardModules = decodeShard(readFileSync(this.#shardFile(shard), "utf8"), this.#key);
      } catch {
        shardModules = undefined; // missing or unreadable
      }
      if (shardModules === undefined)
        this.#changed.add(shard); // made again
      else Object.assign(modules, shardModules);
    }
    return modules;
  }

  /** The earlier findings of `fileName`, when everything they were made from is unchanged. */
  reuse(
    fileName: string,
    hashOf: (file: string) => string | undefined,
    resolve: (key: string) => string | undefined,
  ): CachedFindings | undefined {
    const cached = this.#previous[fileName];
    if (cached === undefined) return undefined;
    for (const [file, hash] of Object.entries(cached.reads)) if (hashOf(file) !== hash) return undefined;
    for (const [key, file] of Object.entries(cached.resolutions)) if (resolve(key) !== file) return undefined;
    return cached;
  }

  /** Keeps `entry` for the next run (`reused`: the last run's, unchanged). */
  keep(fileName: string, entry: CachedFindings, reused = false): void {
    this.#next[fileName] = entry;
    if (!reused) this.#changed.add(shardOf(fileName));
  }

  /**
   * Writes the shards that differ from what is on disk: a module read again, or one gone
   * (atomically: a concurrent run reads the old or the new).
   */
  save(): void {
    if (this.#base === undefined) return;
    for (const fileName of Object.keys(this.#previous))
      if (this.#next[fileName] === undefined) this.#changed.add(shardOf(fileName));
    const shards = new Map<number, Record<string, CachedFindings>>();
    for (const shard of this.#changed) shards.set(shard, {});
    for (const [fileName, entry] of Object.entries(this.#next)) {
      const modules = shards.get(shardOf(fileName));
      if (modules !== undefined) modules[fileName] = entry;
    }
    for (const [shard, modules] of shards)
      this.#write(this.#shardFile(shard), encodeShard(this.#key, modules));
  }
}
