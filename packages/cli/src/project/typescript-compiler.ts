/**
 * The project's TypeScript compiler as a command to start. TypeScript 7's `tsc` is a native
 * program behind a Node.js launcher (`bin/tsc` finds the platform package `@typescript/typescript-
 * <platform>-<arch>` and replaces itself with its `lib/tsc`); we start that program directly, as
 * the launcher does, which spares a second Node.js start. Older TypeScript runs its `tsc` script
 * under this Node.js. This file is the one place that knows TypeScript 7's package layout.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { FlyteMissingDependencyError } from "@flytekit-ts/core/errors";

/** How to start the project's `tsc`. */
export interface TypeScriptCompiler {
  /** The installed TypeScript's version. */
  readonly version: string;
  /** The program to start. */
  readonly command: string;
  /** Arguments before the user's (the script, when `command` is Node.js). */
  readonly prefix: readonly string[];
}

interface TypeScriptPackage {
  readonly name?: string;
  readonly version?: string;
  readonly bin?: Readonly<Record<string, string>> | string;
}

/** TypeScript 7's native `tsc`, from its platform package, when it is installed. */
function nativeCompiler(packageJson: string, name: string): string | undefined {
  const base = name.startsWith("@") ? (name.split("/")[1] ?? name) : name;
  const platformPackage = `@typescript/${base}-${process.platform}-${process.arch}`;
  try {
    const platformJson = createRequire(packageJson).resolve(`${platformPackage}/package.json`);
    const program = join(dirname(platformJson), "lib", process.platform === "win32" ? "tsc.exe" : "tsc");
    return existsSync(program) ? program : undefined;
  } catch {
    return undefined; // not installed for this platform: the launcher says why
  }
}

/**
 * The `tsc` of the TypeScript that `from` (the project's folder) resolves.
 * @throws FlyteMissingDependencyError when the project has no TypeScript.
 */
export function typescriptCompiler(from: string): TypeScriptCompiler {
  let packageJson: string;
  try {
    packageJson = createRequire(join(from, "package.json")).resolve("typescript/package.json");
  } catch (error) {
    throw new FlyteMissingDependencyError(
      "typescript",
      `tsflyte tsc compiles with the project's TypeScript, and none is installed in ${from}: npm install -D typescript`,
      { cause: error },
    );
  }
  const manifest = JSON.parse(readFileSync(packageJson, "utf8")) as TypeScriptPackage;
  const version = manifest.version ?? "unknown";
  if (Number(version.split(".")[0]) >= 7) {
    const program = nativeCompiler(packageJson, manifest.name ?? "typescript");
    if (program !== undefined) return { version, command: program, prefix: [] };
  }
  const script = typeof manifest.bin === "string" ? manifest.bin : (manifest.bin?.tsc ?? "bin/tsc");
  return { version, command: process.execPath, prefix: [join(dirname(packageJson), script)] };
}
