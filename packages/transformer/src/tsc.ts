/**
 * The ts-patch source transformer: add `{ "transform": "@flytekit-ts/transformer/tsc" }` to
 * `compilerOptions.plugins` and build with `tspc` (never `ts-patch install`). Problems fail the
 * build as diagnostics with file and line.
 */
import type ts from "typescript";
import { projectRootOf, rootDirOf } from "./analyzer/root-dir.js";
import { createTaskTransformer, toDiagnostic } from "./emit/transform.js";

interface TransformerExtras {
  ts: typeof ts;
  addDiagnostic: (diagnostic: ts.Diagnostic) => number;
}

export default function flytekitTransformer(
  program: ts.Program,
  _config: unknown,
  extras: TransformerExtras,
): ts.TransformerFactory<ts.SourceFile> {
  const options = program.getCompilerOptions();
  return createTaskTransformer(
    extras.ts,
    program,
    { rootDir: rootDirOf(options), projectRoot: projectRootOf(options) },
    (diagnostic) => extras.addDiagnostic(toDiagnostic(extras.ts, diagnostic)),
  );
}
