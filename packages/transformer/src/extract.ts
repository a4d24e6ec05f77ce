/**
 * The extractor: reads a TypeScript project and writes `flyte.manifest.json` without emitting: for
 * TypeScript 7, esbuild, tsx and swc users. The syntactic front reads it when its tasks are written
 * out; the TypeScript 6 checker otherwise. `tsflyte extract` runs it; the tspc front writes the
 * same manifest while it compiles.
 */
import { dirname, join, relative, resolve, sep } from "node:path";
import { FlyteError } from "@flytekit-ts/core/errors";
import { MANIFEST_FILE, type Manifest } from "@flytekit-ts/core/manifest";
import type ts from "typescript";
import { type Analysis, analyzeSourceFile } from "./analyzer/analyze.js";
import { compiler } from "./analyzer/compiler.js";
import { loadProject } from "./analyzer/load-project.js";
import { projectRootOf, rootDirOf } from "./analyzer/root-dir.js";
import { toDiagnostic } from "./emit/transform.js";
import { assembleManifest } from "./manifest/assemble-manifest.js";
import type { FileFindings, Finding } from "./manifest/findings.js";
import { manifestInputs } from "./manifest/manifest-inputs.js";
import { holdsText, type StagedFile, stageFile } from "./manifest/write-atomically.js";
import { Decline } from "./syntactic/decline.js";
import { syntacticManifest } from "./syntactic/syntactic-manifest.js";

/** Build-time problems found while extracting: every message with its file and line. */
export class ExtractError extends FlyteError {
  constructor(readonly problems: readonly string[]) {
    super("VALIDATION", `flytekit-ts found ${problems.length} problem(s):\n${problems.join("\n")}`);
  }
}

const posix = (path: string) => path.split(sep).join("/");

/** What the TypeScript 6 analysis of one file found, in the front-neutral form. */
function findingsOf(analysis: Analysis, sourceFile: ts.SourceFile): Finding[] {
  // Tasks local to a test module's functions run locally only: they are not listed.
  const listed = analysis.sites.filter((site) => !(site.kind === "function" && site.local === true));
  return listed.map((site): Finding => {
    if (site.kind === "class" || (site.kind === "instance" && !site.isTask))
      return { kind: "export", tracking: site.tracking };
    if (site.kind === "factory")
      return {
        kind: "function",
        identity: site.meta,
        signature: site.meta.signature,
        text: site.call.getText(sourceFile),
      };
    const name = site.name === undefined ? {} : { name: site.name };
    switch (site.kind) {
      case "workflow":
        return {
          kind: "workflow",
          identity: site.meta,
          ...name,
          signature: site.meta.signature,
          text: site.call.getText(sourceFile),
        };
      case "launchPlan":
        return { kind: "launchPlan", identity: site.tracking, ...name, text: site.call.getText(sourceFile) };
      case "function":
        return {
          kind: "function",
          identity: site.meta,
          ...name,
          signature: site.meta.signature,
          text: site.call.getText(sourceFile),
        };
      case "method":
        return {
          kind: "method",
          identity: site.meta,
          ...name,
          signature: site.meta.signature,
          text: site.classDeclaration.getText(sourceFile),
        };
      default:
        return {
          kind: "instance",
          identity: site.tracking,
          ...name,
          className: site.className,
          text: site.expression.getText(sourceFile),
        };
    }
  });
}

/** Options of {@link manifestOfProgram}. */
export interface ProgramManifestOptions {
  /** The analysis of a file (a front that analyzes anyway passes its cache). @default analyzes */
  analyze?: (sourceFile: ts.SourceFile) => Analysis;
  /** Hash the compiled files (`false` while compiling: they are being written). @default true */
  hashCompiled?: boolean;
}

/**
 * The manifest of a program's root files.
 * @throws ExtractError listing every diagnostic (file:line) when the project has problems.
 */
export function manifestOfProgram(
  tsInstance: typeof ts,
  program: ts.Program,
  options: ProgramManifestOptions = {},
): Manifest {
  const compilerOptions = program.getCompilerOptions();
  const parsed: ts.ParsedCommandLine = {
    options: compilerOptions,
    fileNames: [...program.getRootFileNames()],
    errors: [],
  };
  const rootDir = rootDirOf(compilerOptions);
  const projectRoot = projectRootOf(compilerOptions);
  const analyze =
    options.analyze ??
    ((sourceFile: ts.SourceFile) =>
      analyzeSourceFile(tsInstance, program, sourceFile, { rootDir, projectRoot }));
  const outputOf = (fileName: string) =>
    tsInstance
      .getOutputFileNames(parsed, fileName, !tsInstance.sys.useCaseSensitiveFileNames)
      .find((f) => f.endsWith(".js"));
  const roots = new Set(parsed.fileNames);
  const problems: string[] = [];
  const files: FileFindings[] = [];
  for (const sourceFile of program.getSourceFiles()) {
    if (sourceFile.isDeclarationFile || !roots.has(sourceFile.fileName)) continue;
    const analysis = analyze(sourceFile);
    for (const diagnostic of analysis.diagnostics) {
      const d = toDiagnostic(tsInstance, diagnostic);
      const { line } = sourceFile.getLineAndCharacterOfPosition(d.start ?? 0);
      problems.push(
        `${posix(relative(projectRoot, sourceFile.fileName))}:${line + 1}: ${String(d.messageText)}`,
      );
    }
    files.push({
      sourceFile: posix(relative(projectRoot, sourceFile.fileName)),
      compiledFile: posix(relative(projectRoot, outputOf(sourceFile.fileName) ?? sourceFile.fileName)),
      findings: findingsOf(analysis, sourceFile),
    });
  }
  if (problems.length > 0) throw new ExtractError(problems);
  const pairs = parsed.fileNames.map((source) => ({ source, compiled: outputOf(source) }));
  return assembleManifest(
    files,
    manifestInputs(projectRoot, pairs, compilerOptions.outDir, options.hashCompiled ?? true),
  );
}

/** Which front read the project. */
export type ExtractFront = "syntactic" | "checker";

/** Options of {@link extractManifest}. */
export interface ExtractOptions {
  /**
   * `auto` reads the syntax first (oxc, no TypeScript loaded) and runs the checker when the
   * syntax does not decide (an inferred return type, a factory, a class, a type outside the README's
   * vocabulary); `checker` always runs it. Both give the same manifest. @default "auto"
   */
  front?: "auto" | "checker";
  /**
   * Let the syntactic front reuse what it read of unchanged modules in the last run (kept in
   * `node_modules/.cache/flytekit-ts/`). @default true
   */
  cache?: boolean;
  /** Where the manifest goes (`writeManifest`'s file): an up-to-date one is read back. */
  output?: string;
  /**
   * Hash the compiled files into the manifest's inputs. `false` while a compiler writes them at
   * the same time (`tsflyte tsc`): they are recorded without a hash (`""`), as tspc records them,
   * and a freshness check then compares the sources only. @default true
   */
  hashCompiled?: boolean;
}

/** What {@link extractManifestWithFront} did. */
export interface Extraction {
  /** The manifest (the syntactic front's is parsed from its text on first use). */
  readonly manifest: Manifest;
  /** The manifest as written: compact JSON and a final newline ({@link manifestText}). */
  readonly text: string;
  /** How many tasks and workflows (and launch plans) it lists. */
  readonly counts: { readonly tasks: number; readonly workflows: number };
  readonly front: ExtractFront;
  /** Why the syntactic front left the project to the checker (file and what), when it did. */
  readonly declined?: string;
  /** The syntactic front's modules, and how many of them it took from its cache. */
  readonly modules?: { readonly read: number; readonly cached: number };
  /** The output file already held this manifest, made from the same files by this extractor. */
  readonly unchanged?: boolean;
  /**
   * The output file is known to hold another manifest (the syntactic front's record of what it
   * wrote there, from other files): it is written without comparing.
   */
  readonly differs?: boolean;
  /**
   * Records that the manifest was written to `written` (the file itself, or the temporary file
   * renamed to it: the syntactic front's up-to-date check compares its size, time and inode).
   */
  readonly stamp?: (written: string) => void;
}

const countsOf = (manifest: Manifest) => ({
  tasks: manifest.tasks.length,
  workflows: manifest.workflows.length,
});

/** The checker front's extraction (why the syntactic front declined, when it did). */
function checkerExtraction(tsconfig: string, hashCompiled: boolean, declined?: string): Extraction {
  const manifest = checkerManifest(tsconfig, hashCompiled);
  let text: string | undefined;
  return {
    ...(declined === undefined ? {} : { declined }),
    manifest,
    get text() {
      text ??= manifestText(manifest);
      return text;
    },
    counts: countsOf(manifest),
    front: "checker",
  };
}

function checkerManifest(tsconfig: string, hashCompiled: boolean): Manifest {
  const ts = compiler();
  const parsed = loadProject(tsconfig);
  const program = ts.createProgram({
    rootNames: parsed.fileNames,
    options: parsed.options,
    projectReferences: parsed.projectReferences ?? [],
  });
  return manifestOfProgram(ts, program, { hashCompiled });
}

/**
 * The manifest and the front that read it.
 * @throws ExtractError listing every diagnostic (file:line) when the project has problems.
 */
export function extractManifestWithFront(tsconfig: string, options: ExtractOptions = {}): Extraction {
  const hashCompiled = options.hashCompiled ?? true;
  if (options.front === "checker") return checkerExtraction(tsconfig, hashCompiled);
  try {
    const read = syntacticManifest(tsconfig, {
      hashCompiled,
      ...(options.cache === false ? { cache: false } : {}),
      ...(options.output === undefined ? {} : { output: options.output }),
    });
    // An up-to-date manifest is read back only when asked for: its getter is kept, not called.
    return {
      get manifest() {
        return read.manifest;
      },
      get text() {
        return read.text;
      },
      counts: read.counts,
      front: "syntactic",
      modules: { read: read.modules, cached: read.cached },
      ...(read.unchanged ? { unchanged: true } : {}),
      ...(read.differs ? { differs: true } : {}),
      stamp: read.stamp,
    };
  } catch (error) {
    if (!(error instanceof Decline)) throw error;
    // Reasons name files relative to the project, as diagnostics do.
    const declined = error.reason.split(`${dirname(resolve(tsconfig))}${sep}`).join("");
    return checkerExtraction(tsconfig, hashCompiled, declined);
  }
}

/**
 * Analyzes every source file of the project and returns the manifest.
 * @throws ExtractError listing every diagnostic (file:line) when the project has problems.
 */
export function extractManifest(tsconfig: string, options: ExtractOptions = {}): Manifest {
  return extractManifestWithFront(tsconfig, options).manifest;
}

/**
 * The manifest's text as written: compact JSON and a final newline. It is a build output read by
 * tools (a large project's manifest is megabytes: indenting it would triple its size and the time
 * to write it); `jq . flyte.manifest.json` shows it indented.
 */
export function manifestText(manifest: Manifest): string {
  return `${JSON.stringify(manifest)}\n`;
}

/** An extraction to write, or not ({@link prepareManifest}). */
export interface PreparedManifest extends Extraction {
  /** Where it goes. */
  readonly file: string;
  /** Writes it, unless the file holds it already (then `unchanged`). */
  write(): Extraction & { file: string };
  /** Leaves the file as it was. */
  discard(): void;
}

/**
 * Extracts the manifest for `outFile` (default `flyte.manifest.json` beside the tsconfig) without
 * writing it yet: `tsflyte tsc` writes it only once the compiler has written its JavaScript.
 */
export function prepareManifest(
  tsconfig: string,
  outFile?: string,
  options: ExtractOptions = {},
): PreparedManifest {
  // The project root is the tsconfig's folder (what projectRootOf gives for a loaded config).
  const file = resolve(outFile ?? join(dirname(resolve(tsconfig)), MANIFEST_FILE));
  const extraction = extractManifestWithFront(tsconfig, { ...options, output: file });
  // Not spread: that would read an up-to-date manifest back that nobody may ask for.
  const withFile = (unchanged: boolean) =>
    Object.defineProperties({} as Extraction & { file: string }, {
      ...Object.getOwnPropertyDescriptors(extraction),
      ...(unchanged ? { unchanged: { value: true, enumerable: true } } : {}),
      file: { value: file, enumerable: true },
    });
  // Written now beside the file, put in place by `write` (a rename, when the compiler is done).
  let unchanged = extraction.unchanged === true;
  let staged: StagedFile | undefined;
  if (!unchanged) {
    const text = extraction.text;
    unchanged = extraction.differs !== true && holdsText(file, text);
    if (!unchanged) staged = stageFile(file, text);
    extraction.stamp?.(staged?.path ?? file);
  }
  return Object.defineProperties(withFile(false) as PreparedManifest, {
    write: {
      value: () => {
        staged?.commit();
        // Up to date: not written again (its time stays, a watcher is not woken).
        return withFile(unchanged);
      },
    },
    discard: { value: () => staged?.discard() },
  });
}

/** Extracts the manifest and writes it to `outFile` (default `flyte.manifest.json` beside the tsconfig). */
export function writeManifest(
  tsconfig: string,
  outFile?: string,
  options: ExtractOptions = {},
): Extraction & { file: string } {
  return prepareManifest(tsconfig, outFile, options).write();
}
