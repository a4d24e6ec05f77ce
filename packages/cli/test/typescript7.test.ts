import { execFileSync, spawn } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, test, vi } from "vitest";
import { runtimeDir } from "../../runtime/test/support/entrypoint.js";
import { cli, tsflyte } from "./support/cli.js";

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

  test("tsflyte tsc: TypeScript 7's tsc and the manifest in one step; packaging needs nothing more", () => {
    const project = typescript7Project();
    const built = tsflyte(["tsc"], { cwd: project });
    expect(built.status, built.stderr).toBe(0);
    expect(built.stderr).toMatch(
      /Wrote flyte\.manifest\.json \(\d+ tasks?[^)]*; read (from the syntax|with the checker)\)/,
    );
    expect(existsSync(join(project, "dist", "hello.js"))).toBe(true);
    const manifest = JSON.parse(readFileSync(join(project, "flyte.manifest.json"), "utf8"));
    // Written while tsc wrote the compiled files: the sources carry the hashes, as with tspc.
    expect(Object.values(manifest.inputs.compiled).every((hash) => hash === "")).toBe(true);
    expect(Object.values(manifest.inputs.sources).every((hash) => /^[0-9a-f]{64}$/.test(String(hash)))).toBe(
      true,
    );
    // The same entries as `tsflyte extract` after a plain tsc.
    const { inputs: _, ...entries } = manifest;
    const extracted = tsflyte(["extract", "-o", "extracted.json"], { cwd: project });
    expect(extracted.status, extracted.stderr).toBe(0);
    const { inputs: __, ...extractedEntries } = JSON.parse(
      readFileSync(join(project, "extracted.json"), "utf8"),
    );
    expect(entries).toEqual(extractedEntries);
    // Fresh: packaging neither extracts again nor complains.
    const packaged = tsflyte(["package", "-o", "out.tgz", "--no-extract"], { cwd: project });
    expect(packaged.status, packaged.stderr).toBe(0);
    // Nothing changed: the manifest is left as it is.
    const again = tsflyte(["tsc"], { cwd: project });
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/flyte\.manifest\.json is up to date/);
    // tsc's options are passed on: --noEmit writes no JavaScript, -p names the tsconfig.
    rmSync(join(project, "dist"), { recursive: true });
    const checked = tsflyte(["tsc", "-p", "tsconfig.json", "--noEmit"], { cwd: project });
    expect(checked.status, checked.stderr).toBe(0);
    expect(existsSync(join(project, "dist"))).toBe(false);
    expect(tsflyte(["tsc", "--version"], { cwd: project }).stdout).toMatch(/Version 7\./);
  });

  test("tsflyte tsc exits with tsc's code on a type error, and reports the manifest's problems with file:line", () => {
    const project = typescript7Project();
    writeFileSync(join(project, "src", "typo.ts"), "export const n: number = 'one';\n");
    const typeError = tsflyte(["tsc"], { cwd: project });
    expect(typeError.status).toBe(2); // tsc: problems, outputs written
    expect(typeError.stdout).toMatch(/src\/typo\.ts\(1,14\): error TS2322/);
    expect(typeError.stderr).toMatch(/tsc exited with code 2/);
    // With noEmitOnError tsc writes no JavaScript: the manifest is not written either (a fresh
    // one would describe code that is not in dist).
    const tsconfigFile = join(project, "tsconfig.json");
    const tsconfig = JSON.parse(readFileSync(tsconfigFile, "utf8"));
    writeFileSync(
      tsconfigFile,
      JSON.stringify({ ...tsconfig, compilerOptions: { ...tsconfig.compilerOptions, noEmitOnError: true } }),
    );
    rmSync(join(project, "flyte.manifest.json"));
    const noEmit = tsflyte(["tsc"], { cwd: project });
    expect(noEmit.status).toBe(1);
    expect(noEmit.stderr).toMatch(/flyte\.manifest\.json was not written: tsc wrote no JavaScript/);
    expect(existsSync(join(project, "flyte.manifest.json"))).toBe(false);
    expect(readdirSync(project).filter((name) => name.endsWith(".tmp"))).toEqual([]);
    writeFileSync(tsconfigFile, JSON.stringify(tsconfig));
    rmSync(join(project, "src", "typo.ts"));
    writeFileSync(
      join(project, "src", "bad.ts"),
      'import { task } from "@flytekit-ts/core";\nconst hidden = task((a: number) => a);\nvoid hidden;\n',
    );
    const unbound = tsflyte(["tsc"], { cwd: project });
    expect(unbound.status).toBe(1);
    expect(unbound.stderr).toMatch(
      /src\/bad\.ts:2: flytekit-ts: a task must be bound to an exported module-level const/,
    );
  });

  test("tsflyte tsc without TypeScript says what to install; watch mode says it writes no manifest", async () => {
    const project = typescript7Project();
    rmSync(join(project, "node_modules", "typescript"));
    const missing = tsflyte(["tsc"], { cwd: project });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/npm install -D typescript \[MISSING_DEPENDENCY\]/);
    expect(existsSync(join(project, "flyte.manifest.json"))).toBe(false);

    link(project, "typescript", join(modules, "typescript-7"));
    // A signal ends tsflyte and the compiler it started (watch mode runs until stopped).
    const watching = spawn(process.execPath, [cli, "tsc", "--watch", "--preserveWatchOutput"], {
      cwd: project,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    watching.stdout.on("data", (chunk) => (output += chunk));
    watching.stderr.on("data", (chunk) => (output += chunk));
    await vi.waitFor(() => expect(output).toMatch(/Watching for file changes/), { timeout: 20_000 });
    expect(output).toMatch(/watch mode writes no flyte\.manifest\.json/);
    watching.kill("SIGTERM");
    const code = await new Promise((resolve) => watching.on("exit", (exitCode) => resolve(exitCode)));
    expect(code).toBe(143);
    // No compiler is left running in the project.
    const compilers = readdirSync("/proc")
      .filter((pid) => /^\d+$/.test(pid))
      .filter((pid) => {
        try {
          const cmdline = readFileSync(join("/proc", pid, "cmdline"), "utf8");
          return cmdline.includes("--preserveWatchOutput") && Number(pid) !== process.pid;
        } catch {
          return false;
        }
      });
    expect(compilers).toEqual([]);
  });
});
