/**
 * A tsconfig as the syntactic front reads it (get-tsconfig: `extends`, comments, TypeScript's
 * include/exclude rules): the root files, where they compile to, and the options that change how
 * a type maps. Options whose effect the front does not reproduce decline.
 */
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve, sep } from "node:path";
import { createFilesMatcher, parseTsconfig } from "get-tsconfig";
import { Decline } from "./decline.js";

export interface ProjectConfig {
  readonly configFile: string;
  /** The tsconfig's folder. */
  readonly projectRoot: string;
  /** The folder module names are relative to (`rootDir`, else the tsconfig's folder). */
  readonly rootDir: string;
  readonly outDir: string | undefined;
  /** The root files (absolute), as TypeScript lists them. */
  readonly fileNames: readonly string[];
  /** `strictNullChecks` in effect: `x?: T` is then `T | undefined`. */
  readonly strictNullChecks: boolean;
  /** `exactOptionalPropertyTypes` in effect: `x?: T` is then `T`, and may be missing. */
  readonly exactOptionalPropertyTypes: boolean;
  /** The JavaScript file a root file compiles to. */
  compiledOf(source: string): string;
}

/** Options that change which files exist, how imports resolve or what a type is: the checker's. */
const UNSUPPORTED = ["allowJs", "checkJs", "paths", "baseUrl", "rootDirs", "outFile", "typeRoots"] as const;

/** The major version of the TypeScript the checker would use (the project's when it has the API). */
function checkerMajor(projectRoot: string): number {
  try {
    const require = createRequire(join(projectRoot, "package.json"));
    const manifest = require.resolve("typescript/package.json");
    const version = (JSON.parse(readFileSync(manifest, "utf8")) as { version: string }).version;
    const major = Number(version.split(".")[0]);
    // TypeScript 7 has no in-process API: the pinned 6 analyzes its projects.
    return major >= 7 ? 6 : major;
  } catch {
    return 6;
  }
}

/** Every file under `dir` that TypeScript could list (dot entries and node_modules are never listed). */
function walk(dir: string, out: string[]): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else if (entry.isFile() && /\.[cm]?tsx?$/.test(entry.name)) out.push(path);
  }
  return out;
}

export function readProjectConfig(tsconfig: string): ProjectConfig {
  const configFile = resolve(tsconfig);
  const projectRoot = dirname(configFile);
  let config: ReturnType<typeof parseTsconfig>;
  try {
    config = parseTsconfig(configFile);
  } catch (error) {
    throw new Decline(`${configFile}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const found = { path: configFile, config };
  const options = config.compilerOptions ?? {};
  for (const option of UNSUPPORTED)
    if (options[option] !== undefined) throw new Decline(`${configFile}: ${option}`);
  if (config.references !== undefined) throw new Decline(`${configFile}: project references`);
  // TypeScript 5's defaults (strict, rootDir) differ from 6's: its projects are the checker's.
  if (checkerMajor(projectRoot) !== 6) throw new Decline("the project's TypeScript is not 6 or 7");
  const matches = createFilesMatcher(found);
  const fileNames = walk(projectRoot, [])
    .filter((file) => matches(file) !== undefined)
    .map((file) => file.split(sep).join("/"));
  if (fileNames.some((file) => file.endsWith(".d.ts") || file.endsWith("x")))
    throw new Decline(`${configFile}: declaration or JSX files`);
  const rootDir = options.rootDir === undefined ? projectRoot : resolve(projectRoot, options.rootDir);
  const outDir = options.outDir === undefined ? undefined : resolve(projectRoot, options.outDir);
  const strictNullChecks = options.strictNullChecks ?? options.strict ?? true;
  return {
    configFile,
    projectRoot,
    rootDir,
    outDir,
    fileNames,
    strictNullChecks,
    exactOptionalPropertyTypes: strictNullChecks && options.exactOptionalPropertyTypes === true,
    compiledOf(source) {
      const js = source
        .replace(/\.ts$/, ".js")
        .replace(/\.mts$/, ".mjs")
        .replace(/\.cts$/, ".cjs");
      return outDir === undefined ? js : join(outDir, relative(rootDir, js));
    },
  };
}
