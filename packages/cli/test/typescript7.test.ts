import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { runtimeDir } from "../../runtime/test/support/entrypoint.js";
import { tsflyte } from "./support/cli.js";

/**
 * A project outside this repository whose only TypeScript is 7 (npm's `latest`: no compiler API
 * in-process): it builds with TypeScript 7's `tsc`, and `tsflyte` extracts the manifest with the
 * TypeScript 6 the transformer pins. The archive equals the tspc build's byte for byte.
 */
const repoRoot = join(runtimeDir, "..", "..");
const modules = join(repoRoot, "node_modules");
const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function link(project: string, name: string, target: string): void {
  const path = join(project, "node_modules", name);
  mkdirSync(dirname(path), { recursive: true });
  symlinkSync(target, path, "dir");
}

/** examples/hello as a TypeScript 7 project in the system's temporary folder. */
function typescript7Project(): string {
  const project = mkdtempSync(join(tmpdir(), "flytekit-ts7-"));
  folders.push(project);
  cpSync(join(repoRoot, "examples", "hello", "src"), join(project, "src"), { recursive: true });
  const tsconfig = JSON.parse(readFileSync(join(repoRoot, "examples", "hello", "tsconfig.json"), "utf8"));
  delete tsconfig.compilerOptions.plugins;
  writeFileSync(join(project, "tsconfig.json"), JSON.stringify(tsconfig, null, 2));
  const hello = JSON.parse(readFileSync(join(repoRoot, "examples", "hello", "package.json"), "utf8"));
  writeFileSync(
    join(project, "package.json"),
    JSON.stringify({ name: "ts7-user", type: "module", private: true, flyte: hello.flyte }, null, 2),
  );
  link(project, "typescript", join(modules, "typescript-7"));
  link(project, "@types/node", join(modules, "@types", "node"));
  link(project, "@flytekit-ts/core", join(repoRoot, "packages", "core"));
  link(project, "@flytekit-ts/runtime", join(repoRoot, "packages", "runtime"));
  link(project, "@flytekit-ts/cli", join(repoRoot, "packages", "cli"));
  // The transformer as installed: a copy, so `typescript` resolves to the project's 7 from it.
  const transformer = join(project, "node_modules", "@flytekit-ts", "transformer");
  for (const entry of ["package.json", "dist"])
    cpSync(join(repoRoot, "packages", "transformer", entry), join(transformer, entry), { recursive: true });
  // Its dependencies, as npm installs them beside it.
  for (const dependency of ["typescript-6", "oxc-parser", "get-tsconfig"])
    link(project, dependency, join(modules, dependency));
  return project;
}

describe("a project whose only TypeScript is 7", () => {
  test("builds with TypeScript 7's tsc; tsflyte extracts, packages and runs it like the tspc build", () => {
    const project = typescript7Project();
    const version = execFileSync(
      process.execPath,
      [join(project, "node_modules", "typescript", "bin", "tsc"), "-v"],
      {
        encoding: "utf8",
      },
    );
    expect(version).toMatch(/Version 7\./);
    execFileSync(
      process.execPath,
      [join(project, "node_modules", "typescript", "bin", "tsc"), "-p", project],
      {
        stdio: "pipe",
      },
    );
    const packaged = tsflyte(["package", "-o", "out.tgz"], { cwd: project });
    expect(packaged.status, packaged.stderr).toBe(0);

    const tspcBuild = mkdtempSync(join(repoRoot, "examples", ".tmp-hello-"));
    folders.push(tspcBuild);
    for (const entry of ["package.json", "tsconfig.json", "src"])
      cpSync(join(repoRoot, "examples", "hello", entry), join(tspcBuild, entry), { recursive: true });
    execFileSync(join(modules, ".bin", "tspc"), ["-p", tspcBuild], { stdio: "pipe" });
    expect(tsflyte(["package", "-o", "out.tgz"], { cwd: tspcBuild }).status).toBe(0);
    expect(readFileSync(join(project, "out.tgz")).equals(readFileSync(join(tspcBuild, "out.tgz")))).toBe(
      true,
    );

    // The same manifest entries as TypeScript 6's (the files it was made from aside).
    const entries = (dir: string) => {
      const { inputs: _, ...rest } = JSON.parse(readFileSync(join(dir, "flyte.manifest.json"), "utf8"));
      return rest;
    };
    expect(entries(project)).toEqual(entries(tspcBuild));
    const run = tsflyte(["run", "hello", "greet", "--who", "seven"], { cwd: project });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ o0: "hello seven" });
  });

  test("build problems are reported with file:line, as with TypeScript 6", () => {
    const project = typescript7Project();
    writeFileSync(
      join(project, "src", "bad.ts"),
      'import { task } from "@flytekit-ts/core";\nconst hidden = task((a: number) => a);\nvoid hidden;\n',
    );
    const extracted = tsflyte(["extract"], { cwd: project });
    expect(extracted.status).not.toBe(0);
    expect(extracted.stderr).toMatch(
      /src\/bad\.ts:2: flytekit-ts: a task must be bound to an exported module-level const/,
    );
  });
});
