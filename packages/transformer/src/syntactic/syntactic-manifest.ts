/**
 * The syntactic front: the manifest of a project read from its syntax alone (oxc's native parser;
 * no TypeScript loaded), for projects whose tasks are written out — the common case of a large
 * project. It gives the manifest the checker-based analyzer gives, or declines, and the extractor
 * then runs the checker: it never guesses.
 */
import { readFileSync } from "node:fs";
import { relative, sep } from "node:path";
import type { Manifest, ReturnDescriptor } from "@flytekit-ts/core/manifest";
import { moduleOf } from "../analyzer/module-of.js";
import { manifestJson, moduleEntries } from "../manifest/assemble-manifest.js";
import { manifestInputs } from "../manifest/manifest-inputs.js";
import type { CachedFindings } from "./cache-shard.js";
import { Decline } from "./decline.js";
import { fileFindings } from "./file-findings.js";
import { FileHashes } from "./file-hashes.js";
import { FindingsCache, inputsDigest, type ManifestCounts } from "./findings-cache.js";
import { readProjectConfig } from "./project-config.js";
import { SyntacticProject } from "./syntactic-project.js";
import { SyntacticTypeMapper } from "./type-mapper.js";

const posix = (path: string) => path.split(sep).join("/");

/** What the front knows of a module it read: its entries, and the return type of each of its tasks. */
type ReadModule = Pick<CachedFindings, "entries" | "returns">;

/** Options of {@link syntacticManifest}. */
export interface SyntacticOptions {
  /** Reuse the findings of modules unchanged since the last run (`findings-cache.ts`). @default true */
  cache?: boolean;
  /**
   * The manifest file the result goes to: when it is what this extractor last wrote from the same
   * inputs, it is read back instead of made again (`unchanged`). @default none
   */
  output?: string;
  /** Hash the compiled files (`false`: a compiler is writing them now; recorded as `""`). @default true */
  hashCompiled?: boolean;
}

/** The manifest, and how many modules' findings came from the cache. */
export interface SyntacticResult {
  /** The manifest (parsed from its text on first use). */
  readonly manifest: Manifest;
  /** The manifest as written: compact JSON and a newline (an up-to-date one is read back). */
  readonly text: string;
  /** What it lists. */
  readonly counts: ManifestCounts;
  readonly modules: number;
  readonly cached: number;
  /** `output` already holds this manifest: nothing to write. */
  readonly unchanged: boolean;
  /** `output` is known to hold another manifest (this extractor's, from other inputs). */
  readonly differs: boolean;
  /** Remembers that `text`, written to `written` (`output`, or a file renamed to it), was made from these inputs. */
  stamp(written: string): void;
}

/**
 * The manifest of the project `tsconfig` describes.
 * @throws Decline when its tasks need the checker.
 */
export function syntacticManifest(tsconfig: string, options: SyntacticOptions = {}): SyntacticResult {
  const config = readProjectConfig(tsconfig);
  const project = new SyntacticProject();
  const mapper = new SyntacticTypeMapper(project, config);
  const cache =
    options.cache === false
      ? undefined
      : new FindingsCache(
          config.configFile,
          [
            config.projectRoot,
            config.rootDir,
            config.outDir ?? null,
            config.strictNullChecks,
            config.exactOptionalPropertyTypes,
          ],
          options.output,
        );
  const hashes = cache?.fileHashes() ?? new FileHashes();
  const hashOf = (file: string) => hashes.hashOf(file);
  const pairs = config.fileNames.map((source) => ({ source, compiled: config.compiledOf(source) }));
  const inputs = manifestInputs(
    config.projectRoot,
    pairs,
    config.outDir,
    options.hashCompiled ?? true,
    hashOf,
  );
  const modules = config.fileNames.length;
  const output = options.output;
  const digest = cache === undefined ? "" : inputsDigest(inputs);
  const upToDate = output === undefined ? undefined : cache?.upToDate(output, digest, hashes);
  if (output !== undefined && upToDate !== undefined) {
    let text: string | undefined;
    let manifest: Manifest | undefined;
    return {
      get text() {
        text ??= readFileSync(output, "utf8");
        return text;
      },
      get manifest() {
        manifest ??= JSON.parse(this.text) as Manifest;
        return manifest;
      },
      counts: upToDate,
      modules,
      cached: modules,
      unchanged: true,
      differs: false,
      stamp: () => undefined,
    };
  }
  let cached = 0;
  // Each module's entries, and the return type of each task it declares (for the workflows that
  // return a call of it).
  const found = new Map<string, ReadModule | "reading">();
  const read = (fileName: string): ReadModule => {
    const known = found.get(fileName);
    if (known === "reading")
      throw new Decline(`${fileName}: modules whose workflows call each other's tasks`);
    if (known !== undefined) return known;
    const reused = cache?.reuse(fileName, hashOf, (key) => project.resolveAgain(key));
    if (reused !== undefined) {
      project.noteReads(Object.keys(reused.reads), Object.entries(reused.resolutions));
      cache?.keep(fileName, reused, true);
      found.set(fileName, reused);
      cached++;
      return reused;
    }
    found.set(fileName, "reading");
    const { value: findings, reads } = project.recording(() => {
      const module = project.module(fileName);
      const path = moduleOf(fileName, config.projectRoot).split(".").join("/");
      const place = {
        module: moduleOf(fileName, config.rootDir),
        sourceFile: `${path}${fileName.match(/\.[cm]?tsx?$/)?.[0] ?? ".ts"}`,
      };
      return fileFindings(mapper, module, place, (name) => {
        const imported = project.importedFrom(name, module);
        if (imported === undefined) return undefined;
        const { returns } = read(imported.file);
        return Object.hasOwn(returns, imported.name) ? returns[imported.name] : undefined;
      });
    });
    const returns: Record<string, ReturnDescriptor> = Object.fromEntries(
      findings.flatMap((finding) =>
        finding.kind === "function" && finding.signature !== undefined
          ? [[finding.identity.key, finding.signature.returns]]
          : [],
      ),
    );
    const entries = moduleEntries({
      sourceFile: posix(relative(config.projectRoot, fileName)),
      compiledFile: posix(relative(config.projectRoot, config.compiledOf(fileName))),
      findings,
    });
    cache?.keep(fileName, {
      reads: Object.fromEntries([...reads.files].map((file) => [file, hashOf(file) ?? ""])),
      resolutions: Object.fromEntries(reads.resolutions),
      returns,
      entries,
    });
    const module = { entries, returns };
    found.set(fileName, module);
    project.forget(fileName);
    return module;
  };
  const modulesRead = config.fileNames.map((fileName) => read(fileName).entries);
  const text = `${manifestJson(modulesRead, inputs)}\n`;
  cache?.save();
  const counts = {
    tasks: modulesRead.reduce((sum, module) => sum + module.tasks.length, 0),
    workflows: modulesRead.reduce((sum, module) => sum + module.workflows.length, 0),
  };
  let manifest: Manifest | undefined;
  const stamp = (written: string) => cache?.stamp(written, text, digest, counts, hashes);
  return {
    get manifest() {
      manifest ??= JSON.parse(text) as Manifest;
      return manifest;
    },
    text,
    counts,
    modules,
    cached,
    unchanged: false,
    differs: output !== undefined && cache?.outputDiffers(output, digest) === true,
    stamp,
  };
}
