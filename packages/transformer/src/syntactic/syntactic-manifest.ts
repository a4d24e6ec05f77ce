/**
 * The syntactic front: the manifest of a project read from its syntax alone (oxc's native parser;
 * no TypeScript loaded), for projects whose tasks are written out — the common case of a large
 * project. It gives the manifest the checker-based analyzer gives, or declines, and the extractor
 * then runs the checker: it never guesses.
 */
import { readFileSync } from "node:fs";
import { relative, sep } from "node:path";
import type { Manifest } from "@flytekit-ts/core/manifest";
import { moduleOf } from "../analyzer/module-of.js";
import { assembleManifest } from "../manifest/assemble-manifest.js";
import type { FileFindings, Finding } from "../manifest/findings.js";
import { manifestInputs } from "../manifest/manifest-inputs.js";
import { Decline } from "./decline.js";
import { fileFindings } from "./file-findings.js";
import { FileHashes } from "./file-hashes.js";
import { FindingsCache, type ManifestCounts } from "./findings-cache.js";
import { readProjectConfig } from "./project-config.js";
import { SyntacticProject } from "./syntactic-project.js";
import { SyntacticTypeMapper } from "./type-mapper.js";

const posix = (path: string) => path.split(sep).join("/");

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
  /** The manifest (read back from `output` on first use when it is up to date). */
  readonly manifest: Manifest;
  /** What it lists. */
  readonly counts: ManifestCounts;
  readonly modules: number;
  readonly cached: number;
  /** `output` already holds this manifest: nothing to write. */
  readonly unchanged: boolean;
  /** Remembers that `text`, the manifest now written to `output`, was made from these inputs. */
  stamp(text: string): void;
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
          [config.projectRoot, config.rootDir, config.strictNullChecks, config.exactOptionalPropertyTypes],
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
    (file) => hashOf(file) ?? "",
  );
  const modules = config.fileNames.length;
  const output = options.output;
  const upToDate = output === undefined ? undefined : cache?.upToDate(output, inputs, hashes);
  if (output !== undefined && upToDate !== undefined) {
    let manifest: Manifest | undefined;
    return {
      get manifest() {
        manifest ??= JSON.parse(readFileSync(output, "utf8")) as Manifest;
        return manifest;
      },
      counts: upToDate,
      modules,
      cached: modules,
      unchanged: true,
      stamp: () => undefined,
    };
  }
  let cached = 0;
  const found = new Map<string, readonly Finding[] | "reading">();
  const findingsOf = (fileName: string): readonly Finding[] => {
    const known = found.get(fileName);
    if (known === "reading")
      throw new Decline(`${fileName}: modules whose workflows call each other's tasks`);
    if (known !== undefined) return known;
    const reused = cache?.reuse(fileName, hashOf, (key) => project.resolveAgain(key));
    if (reused !== undefined) {
      project.noteReads(Object.keys(reused.reads), Object.entries(reused.resolutions));
      cache?.keep(fileName, reused, true);
      found.set(fileName, reused.findings);
      cached++;
      return reused.findings;
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
        const task = findingsOf(imported.file).find(
          (finding) => finding.kind === "function" && finding.identity.key === imported.name,
        );
        return task?.kind === "export" ? undefined : task?.signature?.returns;
      });
    });
    cache?.keep(fileName, {
      reads: Object.fromEntries([...reads.files].map((file) => [file, hashOf(file) ?? ""])),
      resolutions: Object.fromEntries(reads.resolutions),
      findings,
    });
    found.set(fileName, findings);
    project.forget(fileName);
    return findings;
  };
  const files: FileFindings[] = config.fileNames.map((fileName) => ({
    sourceFile: posix(relative(config.projectRoot, fileName)),
    compiledFile: posix(relative(config.projectRoot, config.compiledOf(fileName))),
    findings: findingsOf(fileName),
  }));
  const manifest = assembleManifest(files, inputs);
  cache?.save();
  const counts = { tasks: manifest.tasks.length, workflows: manifest.workflows.length };
  const stamp = (text: string) => {
    if (output !== undefined) cache?.stamp(output, text, inputs, counts, hashes);
  };
  return { manifest, counts, modules, cached, unchanged: false, stamp };
}
