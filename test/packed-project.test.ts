// The packages as a user gets them: packed with `npm pack`, installed from the tarballs (no
// workspace links) into projects outside the repository that the packed generator wrote, then
// built, run, tested and packaged with Node 24 and TypeScript 7, and with Node 22 and TypeScript 6
// (tspc); and the task image's install (production dependencies only) runs the archive's task.
import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { t, toLiteralMap } from "@flytekit-ts/core";
import { fromBinary, LiteralMapSchema, TaskSpecSchema, toBinary } from "@flytekit-ts/core/idl";
import { extract } from "tar-stream";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type Block, codeBlocks, shellCommands } from "./support/markdown.js";
import { printedObjects, runCommand } from "./support/run-command.js";

const root = join(import.meta.dirname, "..");
const PACKAGES = [
  "@flytekit-ts/core",
  "@flytekit-ts/runtime",
  "@flytekit-ts/cli",
  "@flytekit-ts/transformer",
  "create-flytekit-ts",
];
const folder = mkdtempSync(join(tmpdir(), "flytekit-ts-packed-"));
const packs = join(folder, "packs");
/** Each package's tarball, by package name. */
const tarballs = new Map<string, string>();

/** Runs a command and fails the test with its output when it fails. */
async function ok(
  command: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
) {
  const ran = await runCommand(command, args, cwd, env);
  expect(ran.code, `${command} ${args.join(" ")} in ${cwd}:\n${ran.output}`).toBe(0);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: terminal colours, removed
  return ran.output.replace(/\u001b\[[0-9;]*m/g, "");
}

/** Points a project's @flytekit-ts packages (direct and transitive) at the tarballs, as a user testing a release would. */
function useTarballs(project: string): void {
  const file = join(project, "package.json");
  const manifest = JSON.parse(readFileSync(file, "utf8"));
  const local = (name: string) => `file:${tarballs.get(name)}`;
  for (const section of ["dependencies", "devDependencies"])
    for (const name of Object.keys(manifest[section] ?? {}))
      if (tarballs.has(name)) manifest[section][name] = local(name);
  manifest.overrides = Object.fromEntries([...tarballs.keys()].map((name) => [name, local(name)]));
  writeFileSync(file, JSON.stringify(manifest, null, 2));
}

/** A gzipped tarball's entries: name to content. */
async function archiveEntries(tarball: string): Promise<Map<string, Uint8Array>> {
  const entries = new Map<string, Uint8Array>();
  const reader = extract();
  reader.on("entry", (header, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: unknown) => chunks.push(chunk as Buffer));
    stream.on("end", () => {
      entries.set(header.name, Buffer.concat(chunks));
      next();
    });
  });
  const done = new Promise<void>((resolve, reject) =>
    reader.on("finish", () => resolve()).on("error", reject),
  );
  reader.end(gunzipSync(readFileSync(tarball)));
  await done;
  return entries;
}

function folderSize(path: string): number {
  let size = 0;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const full = join(path, entry.name);
    if (entry.isDirectory()) size += folderSize(full);
    else if (entry.isFile()) size += statSync(full).size;
  }
  return size;
}

beforeAll(async () => {
  mkdirSync(packs);
  const args = ["pack", "--silent", "--pack-destination", packs, ...PACKAGES.flatMap((name) => ["-w", name])];
  const names = execFileSync("npm", args, { cwd: root, encoding: "utf8" }).trim().split("\n");
  for (const [i, name] of PACKAGES.entries()) tarballs.set(name, join(packs, names[i] as string));
}, 120_000);

afterAll(async () => {
  await rm(folder, { recursive: true, force: true, maxRetries: 3 });
}, 120_000);

describe("the packed packages", () => {
  test.each(PACKAGES)(
    "%s is publishable: not private, README, LICENSE, every export and bin in the tarball",
    async (name) => {
      const tarball = tarballs.get(name) as string;
      const entries = [...(await archiveEntries(tarball)).keys()].map((entry) =>
        entry.replace(/^package\//, ""),
      );
      const manifest = JSON.parse(
        readFileSync(join(root, "packages", name.replace("@flytekit-ts/", ""), "package.json"), "utf8"),
      );
      expect(manifest.private).toBeUndefined();
      expect(manifest.engines.node).toBe(">=22.12");
      expect(manifest.license).toBe("Apache-2.0");
      expect(manifest.repository.url).toMatch(/^git\+https:/);
      expect(manifest.publishConfig).toEqual({ access: "public", provenance: true });
      expect(entries).toEqual(expect.arrayContaining(["package.json", "README.md", "LICENSE"]));
      const targets = Object.values(
        manifest.exports as Record<string, string | Record<string, string>>,
      ).flatMap((target) => (typeof target === "string" ? [target] : Object.values(target)));
      for (const target of [...targets, ...Object.values((manifest.bin ?? {}) as Record<string, string>)])
        expect(entries, `${name}: ${target}`).toContain(target.replace(/^\.\//, ""));
      // Nothing of the repository's own: sources, tests, build info.
      expect(entries.filter((entry) => /^(src|test)\/|tsbuildinfo$/.test(entry))).toEqual([]);
    },
  );
});

describe("a project outside the repository, from the packed generator", () => {
  const tools = join(folder, "tools");
  const app = join(folder, "my-project");
  const app6 = join(folder, "app6");

  test('the README\'s "Use it in your project" (TypeScript 7, Node 24): create, install, start, test, package', async () => {
    const block = codeBlocks(readFileSync(join(root, "README.md"), "utf8")).find((b) =>
      b.text.startsWith("npm create flytekit-ts@latest"),
    );
    const commands = shellCommands(block as Block);
    expect(commands).toEqual([
      "npm create flytekit-ts@latest my-project",
      "cd my-project",
      "npm install",
      "npm start",
      "npm test",
      "npm run package",
    ]);
    // What `npm create flytekit-ts@latest` runs: the packed create-flytekit-ts's bin.
    mkdirSync(tools);
    writeFileSync(
      join(tools, "package.json"),
      JSON.stringify({ name: "tools", private: true, dependencies: { "create-flytekit-ts": "0.1.0" } }),
    );
    useTarballs(tools);
    await ok("npm", ["install", "--no-audit", "--no-fund"], tools);
    const printed = new Map<string, string>();
    let cwd = folder;
    for (const command of commands) {
      const [program, ...args] = command.split(" ");
      if (command.startsWith("npm create flytekit-ts@latest ")) {
        await ok(join(tools, "node_modules", ".bin", "create-flytekit-ts"), args.slice(2), cwd);
      } else if (program === "cd") {
        cwd = join(cwd, args[0] as string);
      } else {
        if (command === "npm install") useTarballs(cwd);
        printed.set(
          command,
          await ok(
            program as string,
            [...args, ...(command === "npm install" ? ["--no-audit", "--no-fund"] : [])],
            cwd,
          ),
        );
      }
    }
    expect(cwd).toBe(app);
    expect(readdirSync(app).sort()).toEqual(
      [
        ".dockerignore",
        ".gitignore",
        "Dockerfile",
        "README.md",
        "flyte-package.tgz",
        "flyte.manifest.json",
        "dist",
        "node_modules",
        "package-lock.json",
        "package.json",
        "src",
        "test",
        "tsconfig.json",
        "vitest.config.ts",
      ].sort(),
    );
    expect(printed.get("npm install")).not.toMatch(/EBADENGINE|ERESOLVE/);
    expect(
      JSON.parse(readFileSync(join(app, "node_modules", "typescript", "package.json"), "utf8")).version,
    ).toMatch(/^7\./);
    expect(printedObjects(printed.get("npm start") as string)).toEqual([{ o0: "Hello, world!" }, { o0: 10 }]);
    expect(printed.get("npm test")).toMatch(/Tests\s+3 passed/);
    expect([...(await archiveEntries(join(app, "flyte-package.tgz"))).keys()].sort()).toEqual([
      "0_hello.greet_1.pb",
      "1_hello.letters_1.pb",
      "2_hello.greetingLetters_2.pb",
      "3_hello.greetingLetters_3.pb",
    ]);
  }, 600_000);

  test("tsflyte init --typescript 6 (tspc, Node 22): install, start, test", async () => {
    expect(existsSync(join(app, "node_modules")), "the TypeScript 7 project was made first").toBe(true);
    await ok(join(app, "node_modules", ".bin", "tsflyte"), ["init", "app6", "--typescript", "6"], folder);
    useTarballs(app6);
    const node22 = ["bash", join(root, "scripts", "with-node.sh")];
    const env = { ...process.env, FLYTE_NODE_MAJOR: "22" };
    const install = await ok(
      node22[0] as string,
      [...node22.slice(1), "npm", "install", "--no-audit", "--no-fund"],
      app6,
      env,
    );
    expect(install).toMatch(/with-node: node v22\./);
    expect(install).not.toMatch(/EBADENGINE|ERESOLVE/);
    expect(
      JSON.parse(readFileSync(join(app6, "node_modules", "typescript", "package.json"), "utf8")).version,
    ).toMatch(/^6\./);
    const started = await ok(node22[0] as string, [...node22.slice(1), "npm", "start"], app6, env);
    expect(printedObjects(started)).toEqual([{ o0: "Hello, world!" }, { o0: 10 }]);
    expect(await ok(node22[0] as string, [...node22.slice(1), "npm", "test"], app6, env)).toMatch(
      /Tests\s+3 passed/,
    );
  }, 600_000);

  test("the task image's install: production dependencies only, small, no clients or install scripts; it runs the archive's task", async () => {
    expect(existsSync(join(app, "flyte-package.tgz")), "the TypeScript 7 project was packaged first").toBe(
      true,
    );
    // What the generated Dockerfile copies and installs.
    const image = join(folder, "image");
    mkdirSync(image);
    for (const file of ["package.json", "package-lock.json", "flyte.manifest.json"])
      writeFileSync(join(image, file), readFileSync(join(app, file)));
    execFileSync("cp", ["-r", join(app, "dist"), join(image, "dist")]);
    await ok("npm", ["ci", "--omit=dev", "--ignore-scripts", "--no-audit", "--no-fund"], image);
    const modules = join(image, "node_modules");
    const installed = readdirSync(modules).flatMap((entry) =>
      entry.startsWith("@")
        ? readdirSync(join(modules, entry)).map((name) => `${entry}/${name}`)
        : entry.startsWith(".")
          ? []
          : [entry],
    );
    expect(installed).toContain("@flytekit-ts/runtime");
    for (const unwanted of [
      "dockerode",
      "ssh2",
      "cpu-features",
      "@grpc/grpc-js",
      "@aws-sdk/client-s3",
      "@google-cloud/storage",
      "commander",
      "typescript",
    ])
      expect(installed).not.toContain(unwanted);
    for (const name of installed) {
      const scripts = JSON.parse(readFileSync(join(modules, name, "package.json"), "utf8")).scripts ?? {};
      expect(
        Object.keys(scripts).filter((script) => ["preinstall", "install", "postinstall"].includes(script)),
        name,
      ).toEqual([]);
    }
    expect(folderSize(modules)).toBeLessThanOrEqual(20 * 1024 * 1024);

    // The greet task's template from the archive, run as propeller runs it.
    const archive = await archiveEntries(join(app, "flyte-package.tgz"));
    const spec = fromBinary(TaskSpecSchema, archive.get("0_hello.greet_1.pb") as Uint8Array);
    const args = spec.template?.target.case === "container" ? spec.template.target.value.args : [];
    const run = join(folder, "run");
    mkdirSync(run);
    writeFileSync(
      join(run, "inputs.pb"),
      toBinary(LiteralMapSchema, toLiteralMap(new Map([["name", t.string]]), { name: "image" })),
    );
    const rendered = args.map((arg) =>
      arg
        .replace("{{.input}}", join(run, "inputs.pb"))
        .replace("{{.outputPrefix}}", join(run, "out"))
        .replace("{{.rawOutputDataPrefix}}", join(run, "raw"))
        .replace("{{.checkpointOutputPrefix}}", join(run, "checkpoint"))
        .replace("{{.prevCheckpointPrefix}}", '""'),
    );
    expect(rendered[0]).toBe("tsflyte-execute");
    await ok(join(modules, ".bin", "tsflyte-execute"), rendered.slice(1), image, { PATH: process.env.PATH });
    const outputs = fromBinary(LiteralMapSchema, readFileSync(join(run, "out", "outputs.pb")));
    const value = outputs.literals.o0?.value;
    expect(
      value?.case === "scalar" && value.value.value.case === "primitive"
        ? value.value.value.value.value.value
        : undefined,
    ).toBe("Hello, image!");

    // The generated Dockerfile's snapshot step, then the same task from the snapshot's launcher.
    const snapshot = join(folder, "opt-flytekit-ts");
    await ok(join(modules, ".bin", "tsflyte-snapshot"), [snapshot], image, { PATH: process.env.PATH });
    const restoredArgs = rendered.slice(1).map((arg) => arg.replace(join(run, "out"), join(run, "restored")));
    await ok(join(snapshot, "bin", "tsflyte-execute"), restoredArgs, image, { PATH: process.env.PATH });
    expect(readFileSync(join(run, "restored", "outputs.pb"))).toEqual(
      readFileSync(join(run, "out", "outputs.pb")),
    );
  }, 300_000);
});
