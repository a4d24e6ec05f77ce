import { dirname, resolve } from "node:path";
import type ts from "typescript";

/** The folder module names are relative to: `rootDir`, else the tsconfig's folder, else the cwd. */
export function rootDirOf(options: ts.CompilerOptions): string {
  if (options.rootDir !== undefined) return resolve(options.rootDir);
  const config = options.configFilePath;
  return typeof config === "string" ? dirname(config) : process.cwd();
}

/** The project root: the tsconfig's folder, else the cwd. */
export function projectRootOf(options: ts.CompilerOptions): string {
  const config = options.configFilePath;
  return typeof config === "string" ? dirname(config) : process.cwd();
}
