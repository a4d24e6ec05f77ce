/**
 * The extractor: reads a TypeScript project (TypeScript 6 API) and writes `flyte.manifest.json`
 * without emitting: for esbuild/tsx users and TypeScript 7 users, whose compiler has no
 * transformer API. `tsflyte extract` runs it.
 */
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import type { SignatureDescriptor, TrackingInfo } from "@flytekit-ts/core";
import ts from "typescript";
import { type Analysis, analyzeSourceFile } from "./analyzer/analyze.js";
import { loadProject } from "./analyzer/load-project.js";
import { projectRootOf, rootDirOf } from "./analyzer/root-dir.js";
import { toDiagnostic } from "./emit/transform.js";

/** One task of the project, as the runtime resolver and `tsflyte package` read it. */
export interface ManifestTask {
  /** The task's name: its explicit `name`, else `module.key`. */
  readonly name: string;
  readonly module: string;
  readonly key: string;
  /** `function` (task()), `method` (@task), or `instance` (a TrackedInstance task such as ContainerTask). */
  readonly kind: "function" | "method" | "instance";
  /** The class of an instance task. */
  readonly className?: string;
  /** The compiled JavaScript file, relative to the project root. */
  readonly compiledFile: string;
  readonly sourceFile: string;
  readonly line: number;
  /** Parameter and return descriptors (function and method tasks). */
  readonly signature?: SignatureDescriptor;
  /** sha256 of the entry and its declaration's source text: changes when the task does. */
  readonly hash: string;
}

/** A workflow or launch plan of the project, as `tsflyte package` and `tsflyte run` read it. */
export interface ManifestWorkflow {
  /** The explicit `name` (a launch plan's first argument), else `module.key`. */
  readonly name: string;
  readonly module: string;
  readonly key: string;
  /** `workflow` (workflow()) or `launchPlan` (LaunchPlan.create). */
  readonly kind: "workflow" | "launchPlan";
  readonly compiledFile: string;
  readonly sourceFile: string;
  readonly line: number;
  /** Parameter and return descriptors (workflows). */
  readonly signature?: SignatureDescriptor;
  /** sha256 of the entry and its declaration's source text. */
  readonly hash: string;
}

/** An exported class tracked by the transformer (shim executors, resolvers). */
export interface ManifestExport extends TrackingInfo {
  readonly compiledFile: string;
}

export interface Manifest {
  readonly version: 1;
  readonly tasks: readonly ManifestTask[];
  /** Workflows and launch plans, by module and then source line (declaration order). */
  readonly workflows: readonly ManifestWorkflow[];
  readonly exports: readonly ManifestExport[];
}

/** Build-time problems found while extracting: every message with its file and line. */
export class ExtractError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`flytekit-ts found ${problems.length} problem(s):\n${problems.join("\n")}`);
  }
}

const posix = (path: string) => path.split(sep).join("/");

/**
 * Analyzes every source file of the project and returns the manifest.
 * @throws ExtractError listing every diagnostic (file:line) when the project has problems.
 */
export function extractManifest(tsconfig: string): Manifest {
  const parsed = loadProject(tsconfig);
  const program = ts.createProgram({
    rootNames: parsed.fileNames,
    options: parsed.options,
    projectReferences: parsed.projectReferences ?? [],
  });
  const rootDir = rootDirOf(parsed.options);
  const projectRoot = projectRootOf(parsed.options);
  const problems: string[] = [];
  const tasks: ManifestTask[] = [];
  const workflows: ManifestWorkflow[] = [];
  const exports: ManifestExport[] = [];
  for (const sourceFile of program.getSourceFiles()) {
    if (sourceFile.isDeclarationFile || !parsed.fileNames.includes(sourceFile.fileName)) continue;
    const analysis: Analysis = analyzeSourceFile(ts, program, sourceFile, { rootDir, projectRoot });
    for (const diagnostic of analysis.diagnostics) {
      const d = toDiagnostic(ts, diagnostic);
      const { line } = sourceFile.getLineAndCharacterOfPosition(d.start ?? 0);
      problems.push(
        `${posix(relative(projectRoot, sourceFile.fileName))}:${line + 1}: ${String(d.messageText)}`,
      );
    }
    const [output] = ts
      .getOutputFileNames(parsed, sourceFile.fileName, !ts.sys.useCaseSensitiveFileNames)
      .filter((f) => f.endsWith(".js"));
    const compiledFile = posix(relative(projectRoot, output ?? sourceFile.fileName));
    for (const site of analysis.sites) {
      if (site.kind === "class") {
        exports.push({ ...site.tracking, compiledFile });
        continue;
      }
      if (site.kind === "instance" && !site.isTask) {
        exports.push({ ...site.tracking, compiledFile });
        continue;
      }
      if (site.kind === "workflow" || site.kind === "launchPlan") {
        const identity = site.kind === "workflow" ? site.meta : site.tracking;
        const entry = {
          name: site.name ?? `${identity.module}.${identity.key}`,
          module: identity.module,
          key: identity.key,
          kind: site.kind,
          compiledFile,
          sourceFile: identity.sourceFile ?? posix(relative(projectRoot, sourceFile.fileName)),
          line: identity.line ?? 0,
          ...(site.kind === "workflow" ? { signature: site.meta.signature } : {}),
        };
        const hash = createHash("sha256")
          .update(JSON.stringify(entry))
          .update(site.call.getText(sourceFile))
          .digest("hex");
        workflows.push({ ...entry, hash });
        continue;
      }
      const identity = site.kind === "instance" ? site.tracking : site.meta;
      const node =
        site.kind === "function"
          ? site.call
          : site.kind === "instance"
            ? site.expression
            : site.classDeclaration;
      const entry = {
        name: site.name ?? `${identity.module}.${identity.key}`,
        module: identity.module,
        key: identity.key,
        kind: site.kind,
        ...(site.kind === "instance" ? { className: site.className } : {}),
        compiledFile,
        sourceFile: identity.sourceFile ?? posix(relative(projectRoot, sourceFile.fileName)),
        line: identity.line ?? 0,
        ...(site.kind === "instance" ? {} : { signature: site.meta.signature }),
      };
      const hash = createHash("sha256")
        .update(JSON.stringify(entry))
        .update(node.getText(sourceFile))
        .digest("hex");
      tasks.push({ ...entry, hash });
    }
  }
  if (problems.length > 0) throw new ExtractError(problems);
  const byModuleKey = (a: { module: string; key: string }, b: { module: string; key: string }) =>
    a.module === b.module ? (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) : a.module < b.module ? -1 : 1;
  const byModuleLine = (a: ManifestWorkflow, b: ManifestWorkflow) =>
    a.module === b.module ? a.line - b.line : a.module < b.module ? -1 : 1;
  return {
    version: 1,
    tasks: tasks.sort(byModuleKey),
    workflows: workflows.sort(byModuleLine),
    exports: exports.sort(byModuleKey),
  };
}

/** Extracts the manifest and writes it to `outFile` (default `flyte.manifest.json` beside the tsconfig). */
export function writeManifest(tsconfig: string, outFile?: string): { manifest: Manifest; file: string } {
  const manifest = extractManifest(tsconfig);
  const file = outFile ?? join(projectRootOf(loadProject(tsconfig).options), "flyte.manifest.json");
  writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
  return { manifest, file };
}
