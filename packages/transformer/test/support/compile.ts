import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { type Analysis, analyzeSourceFile } from "../../src/analyzer/analyze.js";
import { createTaskTransformer, toDiagnostic } from "../../src/emit/transform.js";

export const packageDir = fileURLToPath(new URL("../..", import.meta.url));

/** Compiler options of the fixtures: a `src` rootDir, ESM, strict. */
export const fixtureOptions: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2023,
  lib: ["lib.es2023.d.ts", "lib.esnext.decorators.d.ts"],
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  types: [],
  skipLibCheck: true,
};

export interface Compiled {
  /** Emitted JavaScript by source path relative to src (`math.ts` -> text). */
  readonly outputs: Map<string, string>;
  /** flytekit-ts diagnostics as `file:line: message`. */
  readonly diagnostics: string[];
  readonly analyses: Map<string, Analysis>;
}

/**
 * Writes `files` (paths relative to `src/`) into a temporary project inside this package (so
 * `@flytekit-ts/core` resolves through the workspace), compiles them with the transformer and
 * returns the emitted JavaScript and the diagnostics.
 */
export function compileWithTransformer(
  files: Record<string, string>,
  options: ts.CompilerOptions = {},
): Compiled {
  const root = mkdtempSync(join(packageDir, "test", ".tmp-"));
  try {
    writeFileSync(join(root, "package.json"), '{ "type": "module" }\n');
    const names = Object.entries(files).map(([name, text]) => {
      const path = join(root, "src", name);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
      return path;
    });
    const compilerOptions = {
      ...fixtureOptions,
      rootDir: join(root, "src"),
      outDir: join(root, "dist"),
      ...options,
    };
    const program = ts.createProgram(names, compilerOptions);
    const outputs = new Map<string, string>();
    const diagnostics: string[] = [];
    const analyses = new Map<string, Analysis>();
    const transformer = createTaskTransformer(
      ts,
      program,
      { rootDir: join(root, "src"), projectRoot: root },
      (diagnostic) => {
        const d = toDiagnostic(ts, diagnostic);
        const { line } = d.file?.getLineAndCharacterOfPosition(d.start ?? 0) ?? { line: 0 };
        diagnostics.push(`${d.file?.fileName.slice(root.length + 1)}:${line + 1}: ${String(d.messageText)}`);
      },
      (sourceFile) => {
        const analysis = analyzeSourceFile(ts, program, sourceFile, {
          rootDir: join(root, "src"),
          projectRoot: root,
        });
        analyses.set(sourceFile.fileName.slice(join(root, "src").length + 1), analysis);
        return analysis;
      },
    );
    const typeErrors = ts
      .getPreEmitDiagnostics(program)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    if (typeErrors.length > 0) throw new Error(`fixture does not type-check:\n${typeErrors.join("\n")}`);
    program.emit(
      undefined,
      (fileName, text) => {
        if (fileName.endsWith(".js"))
          outputs.set(fileName.slice(join(root, "dist").length + 1).replace(/\.js$/, ".ts"), text);
      },
      undefined,
      false,
      { before: [transformer] },
    );
    return { outputs, diagnostics, analyses };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
