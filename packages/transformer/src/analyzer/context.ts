/** What every kind of site needs while one source file is analyzed: the checker, names, findings. */
import type ts from "typescript";
import { moduleOf } from "./module-of.js";
import type { AnalyzeOptions, FlyteDiagnostic, Site } from "./site-types.js";
import { isTestModule } from "./syntax.js";

type TS = typeof ts;

export interface AnalysisContext {
  readonly ts: TS;
  readonly checker: ts.TypeChecker;
  readonly sourceFile: ts.SourceFile;
  /** The file's module name (`etl.daily`). */
  readonly module: string;
  /** The file's path relative to the project root, as recorded in identities. */
  readonly sourceFileName: string;
  /** A test module: nested task definitions are allowed there, as flytekit allows them. */
  readonly testModule: boolean;
  readonly sites: Site[];
  readonly diagnostics: FlyteDiagnostic[];
  report(node: ts.Node, message: string): void;
  /** Claims an export key of the module; a second claim is reported and refused. */
  claimKey(key: string, node: ts.Node): boolean;
  /** Claims a task name; registration would overwrite one task with another of the same name. */
  claimName(name: string | undefined, node: ts.Node): void;
}

export function createContext(
  ts: TS,
  program: ts.Program,
  sourceFile: ts.SourceFile,
  options: AnalyzeOptions,
): AnalysisContext {
  const module = moduleOf(sourceFile.fileName, options.rootDir);
  const sourcePath = moduleOf(sourceFile.fileName, options.projectRoot ?? options.rootDir)
    .split(".")
    .join("/");
  const diagnostics: FlyteDiagnostic[] = [];
  const keys = new Map<string, ts.Node>();
  const names = new Map<string, ts.Node>();
  const report = (node: ts.Node, message: string) => {
    diagnostics.push({ node, message });
  };
  return {
    ts,
    checker: program.getTypeChecker(),
    sourceFile,
    module,
    sourceFileName: `${sourcePath}${sourceFile.fileName.match(/\.[cm]?tsx?$/)?.[0] ?? ".ts"}`,
    testModule: isTestModule(sourceFile.fileName),
    sites: [],
    diagnostics,
    report,
    claimKey(key, node) {
      if (keys.has(key)) {
        report(node, `duplicate task key ${JSON.stringify(key)} in module ${module}`);
        return false;
      }
      keys.set(key, node);
      return true;
    },
    claimName(name, node) {
      if (name === undefined) return;
      if (names.has(name)) report(node, `duplicate task name ${JSON.stringify(name)} in module ${module}`);
      else names.set(name, node);
    },
  };
}
