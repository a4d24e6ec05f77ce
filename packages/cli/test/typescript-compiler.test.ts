import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { runtimeDir } from "../../runtime/test/support/entrypoint.js";
import { readCompilerArguments } from "../src/project/compiler-arguments.js";
import { typescriptCompiler } from "../src/project/typescript-compiler.js";

/** How `tsflyte tsc` reads tsc's command line, and which compiler it starts. */
const modules = join(runtimeDir, "..", "..", "node_modules");
const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), "flytekit-tsc-"));
  folders.push(dir);
  writeFileSync(join(dir, "package.json"), '{ "name": "p", "private": true }\n');
  return dir;
}

describe("tsc's command line, as tsflyte tsc reads it", () => {
  test("-p/--project names a tsconfig or its folder; other options pass", () => {
    const dir = folder();
    mkdirSync(join(dir, "app"));
    expect(readCompilerArguments([], dir)).toEqual({});
    expect(readCompilerArguments(["--noEmit", "--target", "es2022"], dir)).toEqual({});
    expect(readCompilerArguments(["-p", "app"], dir)).toEqual({ project: join(dir, "app", "tsconfig.json") });
    expect(readCompilerArguments(["--Project", "app/tsconfig.build.json"], dir)).toEqual({
      project: join(dir, "app", "tsconfig.build.json"),
    });
  });

  test("help, version and the like print only; watch, build mode and files write no manifest, saying why", () => {
    const dir = folder();
    for (const printing of [["--help"], ["-v"], ["--showConfig"], ["--init"], ["-p"]])
      expect(readCompilerArguments(printing, dir)).toEqual({ noManifest: "" });
    expect(readCompilerArguments(["-p", ".", "--watch"], dir).noManifest).toMatch(/watch mode writes no/);
    expect(readCompilerArguments(["-b"], dir).noManifest).toMatch(/build mode \(project references\)/);
    expect(readCompilerArguments(["src/a.ts", "--outDir", "dist"], dir).noManifest).toMatch(
      /files on the command line \(src\/a\.ts\)/,
    );
  });
});

describe("the project's compiler", () => {
  test("TypeScript 7 starts its native tsc directly; older TypeScript its script under this Node.js", () => {
    const seven = folder();
    mkdirSync(join(seven, "node_modules"));
    symlinkSync(join(modules, "typescript-7"), join(seven, "node_modules", "typescript"), "dir");
    const native = typescriptCompiler(seven);
    expect(native.version).toMatch(/^7\./);
    expect(native.prefix).toEqual([]);
    expect(native.command).toMatch(/@typescript[/\\]typescript-[a-z0-9]+-[a-z0-9]+[/\\]lib[/\\]tsc(\.exe)?$/);

    const six = folder();
    mkdirSync(join(six, "node_modules"));
    symlinkSync(join(modules, "typescript-6"), join(six, "node_modules", "typescript"), "dir");
    const script = typescriptCompiler(six);
    expect(script.version).toMatch(/^6\./);
    expect(script.command).toBe(process.execPath);
    expect(script.prefix[0]).toMatch(/typescript-6[/\\]bin[/\\]tsc$/);
  });

  test("no TypeScript: a MISSING_DEPENDENCY error that says what to install", () => {
    // The system's temporary folder: no node_modules above it.
    expect(() => typescriptCompiler(folder())).toThrow(
      expect.objectContaining({
        code: "MISSING_DEPENDENCY",
        message: expect.stringMatching(/npm install -D typescript/),
      }),
    );
  });
});
