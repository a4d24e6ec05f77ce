/**
 * The Vite/Vitest plugin: runs the flytekit-ts transformer on the project's TypeScript files so
 * tests of user code run transformed, and lowers standard decorators (which Vite's own transpiler
 * leaves in place). One cached TypeScript language service per tsconfig.
 *
 * ```ts
 * // vitest.config.ts
 * import { defineConfig } from "vitest/config";
 * import { flyteTasks } from "@flytekit-ts/transformer/vite";
 * export default defineConfig({ plugins: [flyteTasks({ tsconfig: "./tsconfig.json" })] });
 * ```
 */
import { resolve } from "node:path";
import type ts from "typescript";
import { compiler } from "./analyzer/compiler.js";
import { loadProject } from "./analyzer/load-project.js";
import { projectRootOf, rootDirOf } from "./analyzer/root-dir.js";
import { createTaskTransformer, toDiagnostic } from "./emit/transform.js";
import { writeManifest } from "./extract.js";

/** Options of {@link flyteTasks}. */
export interface FlyteTasksOptions {
  /** The project's tsconfig. @default "./tsconfig.json" (from the current directory) */
  tsconfig?: string;
  /**
   * Write `flyte.manifest.json` (the tsconfig's program, as tspc and `tsflyte extract` write it)
   * when `vite build` finishes, so the build's manifest is fresh. Not in dev or Vitest runs.
   * @default true
   */
  manifest?: boolean;
}

/** The part of Vite's plugin interface this plugin implements. */
export interface FlyteVitePlugin {
  name: string;
  enforce: "pre";
  configResolved(config: { readonly command: string }): void;
  transform(code: string, id: string): { code: string; map: string | null } | null;
  closeBundle(): void;
}

interface Service {
  readonly service: ts.LanguageService;
  readonly files: Set<string>;
  readonly contents: Map<string, string>;
  readonly versions: Map<string, number>;
  readonly rootDir: string;
  readonly projectRoot: string;
}

function createService(tsconfig: string): Service {
  const ts = compiler();
  const parsed = loadProject(tsconfig);
  const files = new Set(parsed.fileNames.map((f) => resolve(f)));
  const contents = new Map<string, string>();
  const versions = new Map<string, number>();
  const options: ts.CompilerOptions = {
    ...parsed.options,
    noEmit: false,
    declaration: false,
    declarationMap: false,
    composite: false,
    sourceMap: true,
    inlineSourceMap: false,
    inlineSources: true,
  };
  const host: ts.LanguageServiceHost = {
    getScriptFileNames: () => [...files],
    getScriptVersion: (file) => String(versions.get(resolve(file)) ?? 0),
    getScriptSnapshot: (file) => {
      const text = contents.get(resolve(file)) ?? ts.sys.readFile(file);
      return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
    },
    getCurrentDirectory: () => projectRootOf(parsed.options),
    getCompilationSettings: () => options,
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: ts.sys.fileExists,
    readFile: ts.sys.readFile,
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  };
  return {
    service: ts.createLanguageService(host, ts.createDocumentRegistry()),
    files,
    contents,
    versions,
    rootDir: rootDirOf(parsed.options),
    projectRoot: projectRootOf(parsed.options),
  };
}

/** The Vite/Vitest plugin. Problems fail the transform with every message and its file:line. */
export function flyteTasks(options: FlyteTasksOptions = {}): FlyteVitePlugin {
  let service: Service | undefined;
  let building = false;
  const tsconfig = options.tsconfig ?? "tsconfig.json";
  return {
    name: "flytekit-ts",
    enforce: "pre",
    configResolved(config) {
      building = config.command === "build";
    },
    closeBundle() {
      if (building && options.manifest !== false) writeManifest(tsconfig);
    },
    transform(code, id) {
      const file = resolve(id.split("?")[0] ?? id);
      if (!/\.[cm]?tsx?$/.test(file) || file.endsWith(".d.ts")) return null;
      service ??= createService(tsconfig);
      const state = service;
      if (!state.files.has(file)) return null;
      if (state.contents.get(file) !== code) {
        state.contents.set(file, code);
        state.versions.set(file, (state.versions.get(file) ?? 0) + 1);
      }
      const program = state.service.getProgram();
      const sourceFile = program?.getSourceFile(file);
      if (program === undefined || sourceFile === undefined) return null;
      const ts = compiler();
      const problems: string[] = [];
      let js = "";
      let map: string | null = null;
      const transformer = createTaskTransformer(
        ts,
        program,
        { rootDir: state.rootDir, projectRoot: state.projectRoot },
        (diagnostic) => {
          const d = toDiagnostic(ts, diagnostic);
          const { line } = sourceFile.getLineAndCharacterOfPosition(d.start ?? 0);
          problems.push(`${file}:${line + 1}: ${String(d.messageText)}`);
        },
      );
      program.emit(
        sourceFile,
        (name, text) => {
          if (name.endsWith(".map")) map = text;
          else if (/\.[cm]?js$/.test(name)) js = text.replace(/\/\/# sourceMappingURL=.*\s*$/, "");
        },
        undefined,
        false,
        { before: [transformer] },
      );
      if (problems.length > 0) throw new Error(problems.join("\n"));
      return { code: js, map };
    },
  };
}
