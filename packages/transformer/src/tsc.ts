/**
 * The ts-patch source transformer: add `{ "transform": "@flytekit-ts/transformer/tsc" }` to
 * `compilerOptions.plugins` and build with `tspc` (never `ts-patch install`). Problems fail the
 * build as diagnostics with file and line. Each build also writes the project's
 * `flyte.manifest.json` (when the project has no problems), so it is fresh after every build.
 */
import { join } from "node:path";
import { MANIFEST_FILE } from "@flytekit-ts/core/manifest";
import type ts from "typescript";
import { type Analysis, analyzeSourceFile } from "./analyzer/analyze.js";
import { projectRootOf, rootDirOf } from "./analyzer/root-dir.js";
import { createTaskTransformer, toDiagnostic } from "./emit/transform.js";
import { ExtractError, manifestOfProgram, manifestText } from "./extract.js";
import { holdsText, writeAtomically } from "./manifest/write-atomically.js";

interface TransformerExtras {
  ts: typeof ts;
  addDiagnostic: (diagnostic: ts.Diagnostic) => number;
}

/** Options in the plugin entry: `{ "transform": "@flytekit-ts/transformer/tsc", "manifest": false }`. */
interface FlytekitTransformerConfig {
  /** Write `flyte.manifest.json` beside the tsconfig on each build. @default true */
  manifest?: boolean;
}

/** Writes `text` to `file` unless it holds it already (a build that changed nothing leaves it alone). */
function writeIfChanged(file: string, text: string): void {
  if (!holdsText(file, text)) writeAtomically(file, text);
}

export default function flytekitTransformer(
  program: ts.Program,
  config: FlytekitTransformerConfig | undefined,
  extras: TransformerExtras,
): ts.TransformerFactory<ts.SourceFile> {
  const options = program.getCompilerOptions();
  const analyzeOptions = { rootDir: rootDirOf(options), projectRoot: projectRootOf(options) };
  // One analysis per file, shared by the manifest and the emit.
  const analyses = new Map<ts.SourceFile, Analysis>();
  const analyze = (sourceFile: ts.SourceFile): Analysis => {
    let analysis = analyses.get(sourceFile);
    if (analysis === undefined) {
      analysis = analyzeSourceFile(extras.ts, program, sourceFile, analyzeOptions);
      analyses.set(sourceFile, analysis);
    }
    return analysis;
  };
  if (config?.manifest !== false && typeof options.configFilePath === "string") {
    try {
      const manifest = manifestOfProgram(extras.ts, program, { analyze, hashCompiled: false });
      writeIfChanged(join(projectRootOf(options), MANIFEST_FILE), manifestText(manifest));
    } catch (error) {
      // The problems are reported as diagnostics by the emit below; the build fails on them.
      if (!(error instanceof ExtractError)) throw error;
    }
  }
  return createTaskTransformer(
    extras.ts,
    program,
    analyzeOptions,
    (diagnostic) => extras.addDiagnostic(toDiagnostic(extras.ts, diagnostic)),
    analyze,
  );
}
