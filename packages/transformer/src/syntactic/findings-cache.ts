/**
 * What the syntactic front read in earlier runs, per module: its findings and every file (and
 * import resolution) they were made from, by content hash. A module whose files are all unchanged
 * is not parsed again; one that changed, or that reads a type or a task from one that did, is.
 * Kept in `node_modules/.cache/flytekit-ts/` (as other build tools keep theirs); a cache of
 * another extractor build, another tsconfig setting or an unreadable one is ignored.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Finding } from "../manifest/findings.js";

/** One module's findings and what they were made from. */
export interface CachedFindings {
  /** Every file read to make them (the module, the modules its types and tasks come from): sha256. */
  readonly reads: Readonly<Record<string, string>>;
  /** Every relative import resolved on the way: `<folder>\0<specifier>` -> file. */
  readonly resolutions: Readonly<Record<string, string>>;
  readonly findings: readonly Finding[];
}

interface CacheFile {
  readonly key: string;
  readonly modules: Readonly<Record<string, CachedFindings>>;
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** The nearest `node_modules` at or above `dir`, where the cache goes; none: no cache. */
function nodeModulesOf(dir: string): string | undefined {
  for (let current = dir; ; current = dirname(current)) {
    const candidate = join(current, "node_modules");
    if (existsSync(candidate)) return candidate;
    if (dirname(current) === current) return undefined;
  }
}

/** What the last run wrote: the manifest's hash and the inputs it was made from. */
interface Stamp {
  readonly key: string;
  readonly manifest: string;
  readonly inputs: string;
}

export class FindingsCache {
  readonly #file: string | undefined;
  readonly #stampFile: string | undefined;
  readonly #key: string;
  readonly #next: Record<string, CachedFindings> = {};
  /** Whether a module was read again (else the cache on disk already holds what is kept). */
  #changed = false;

  /**
   * @param configFile the tsconfig (one cache per project configuration).
   * @param settings what else the findings depend on (module roots, strictness).
   */
  constructor(configFile: string, settings: unknown) {
    const modules = nodeModulesOf(dirname(configFile));
    const base =
      modules === undefined
        ? undefined
        : join(modules, ".cache", "flytekit-ts", `syntactic-${sha256(configFile).slice(0, 16)}`);
    this.#file = base === undefined ? undefined : `${base}.json`;
    this.#stampFile = base === undefined ? undefined : `${base}.stamp.json`;
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

  /**
   * Is `output` the manifest this extractor wrote from exactly `inputs` (sources, compiled files
   * and their hashes)? Then it is what a new run would write: nothing to do.
   */
  upToDate(output: string, inputs: unknown): boolean {
    if (this.#stampFile === undefined || !existsSync(this.#stampFile) || !existsSync(output)) return false;
    try {
      const stamp = JSON.parse(readFileSync(this.#stampFile, "utf8")) as Stamp;
      return (
        stamp.key === this.#key &&
        stamp.inputs === sha256(JSON.stringify(inputs)) &&
        stamp.manifest === sha256(readFileSync(output, "utf8"))
      );
    } catch {
      return false;
    }
  }

  /** Remembers that `text`, written to the manifest, was made from `inputs`. */
  stamp(text: string, inputs: unknown): void {
    if (this.#stampFile === undefined) return;
    const stamp: Stamp = { key: this.#key, manifest: sha256(text), inputs: sha256(JSON.stringify(inputs)) };
    this.#write(this.#stampFile, JSON.stringify(stamp));
  }

  #write(file: string, text: string): void {
    try {
      mkdirSync(dirname(file), { recursive: true });
      const temporary = `${file}.${process.pid}.tmp`;
      writeFileSync(temporary, text);
      renameSync(temporary, file);
    } catch {
      // A read-only node_modules: the next run reads everything again.
    }
  }

  #read(): Readonly<Record<string, CachedFindings>> {
    if (this.#file === undefined || !existsSync(this.#file)) return {};
    try {
      const cache = JSON.parse(readFileSync(this.#file, "utf8")) as CacheFile;
      return cache.key === this.#key && typeof cache.modules === "object" && cache.modules !== null
        ? cache.modules
        : {};
    } catch {
      return {}; // unreadable: made again
    }
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
    if (!reused) this.#changed = true;
  }

  /** Writes what was kept, when it differs (atomically: a concurrent run reads the old or the new). */
  save(): void {
    if (this.#file === undefined) return;
    const unchanged = !this.#changed && Object.keys(this.#next).length === Object.keys(this.#previous).length;
    if (unchanged) return;
    this.#write(this.#file, JSON.stringify({ key: this.#key, modules: this.#next } satisfies CacheFile));
  }
}
