import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { afterAll, describe, expect, test } from "vitest";
import { LiteralMapSchema, TaskSpecSchema } from "../../core/src/idl.js";
import { t, toLiteralMap } from "../../core/src/index.js";
import { execute, runtimeDir } from "../../runtime/test/support/entrypoint.js";
import { readArchive, tsflyte } from "./support/cli.js";

/**
 * The manifest routes: a tspc build (the transformer attaches identity and interfaces, and writes
 * the manifest) and any other build (plain tsc here, standing for esbuild, tsx and swc) plus the
 * manifest. Both must package, run and execute alike, and no route may package without a task the
 * compiled output has.
 */
const repoRoot = join(runtimeDir, "..", "..");
const bin = (name: string) => join(repoRoot, "node_modules", ".bin", name);
const copies: string[] = [];
afterAll(() => {
  for (const copy of copies) rmSync(copy, { recursive: true, force: true });
});

/** A copy of an example's sources in a fresh folder beside the examples (so its packages resolve). */
function copyExample(name: string): string {
  const copy = mkdtempSync(join(repoRoot, "examples", `.tmp-${name}-`));
  copies.push(copy);
  for (const entry of ["package.json", "tsconfig.json", "src"]) {
    cpSync(join(repoRoot, "examples", name, entry), join(copy, entry), { recursive: true });
  }
  return copy;
}

const tspc = (dir: string) => execFileSync(bin("tspc"), ["-p", dir], { stdio: "pipe" });
/** TypeScript without the transformer: what esbuild, tsx or swc give too (JavaScript, types erased). */
const plainTsc = (dir: string) => execFileSync(bin("tsc"), ["-p", dir], { stdio: "pipe" });

function packageArchive(dir: string, ...flags: string[]) {
  const run = tsflyte(["package", "--force", "-o", "out.tgz", ...flags], { cwd: dir });
  return { ...run, archive: run.status === 0 ? readFileSync(join(dir, "out.tgz")) : undefined };
}

async function entryNames(dir: string): Promise<string[]> {
  return (await readArchive(join(dir, "out.tgz"))).map((entry) => entry.name);
}

describe("any build plus the manifest packages, runs and executes like tspc", () => {
  for (const example of ["hello", "plugin", "containers", "constructs"]) {
    test(`${example}: plain tsc + tsflyte extract gives the tspc archive, byte for byte`, () => {
      const withTspc = copyExample(example);
      tspc(withTspc);
      // tspc wrote the manifest as part of the build.
      expect(existsSync(join(withTspc, "flyte.manifest.json"))).toBe(true);
      const expected = packageArchive(withTspc);
      expect(expected.status, expected.stderr).toBe(0);

      const withTsc = copyExample(example);
      plainTsc(withTsc);
      expect(existsSync(join(withTsc, "flyte.manifest.json"))).toBe(false);
      const extracted = tsflyte(["extract"], { cwd: withTsc });
      expect(extracted.status, extracted.stderr).toBe(0);
      const actual = packageArchive(withTsc);
      expect(actual.status, actual.stderr).toBe(0);
      expect(actual.archive?.equals(expected.archive as Buffer)).toBe(true);
    });
  }

  test("hello: tsflyte run and tsflyte-execute on a plain tsc build give what they give on tspc's", async () => {
    const withTspc = copyExample("hello");
    tspc(withTspc);
    const withTsc = copyExample("hello");
    plainTsc(withTsc);
    expect(tsflyte(["extract"], { cwd: withTsc }).status).toBe(0);
    for (const args of [
      ["run", "hello", "greet", "--who", "world"],
      ["run", "hello", "survey", "--points", '[{"x": 1, "y": 2}]', "--coordinates", "[1, 2, 6]"],
    ]) {
      const a = tsflyte(args, { cwd: withTspc });
      const b = tsflyte(args, { cwd: withTsc });
      expect(a.status, a.stderr).toBe(0);
      expect(b.stdout).toBe(a.stdout);
    }
    // The container's command line from the registered template, run in each build.
    expect(packageArchive(withTspc).status).toBe(0);
    const greet = (await readArchive(join(withTspc, "out.tgz"))).find((e) => e.name.includes("hello.greet"));
    const template = fromBinary(TaskSpecSchema, (greet as { bytes: Uint8Array }).bytes).template;
    const args = template?.target.case === "container" ? template.target.value.args : [];
    const loaderArgs = args.slice(args.indexOf("--") + 1);
    expect(loaderArgs).toContain("greet");
    const inputs = toBinary(
      LiteralMapSchema,
      create(LiteralMapSchema, {
        literals: {
          who: {
            value: {
              case: "scalar",
              value: {
                value: { case: "primitive", value: { value: { case: "stringValue", value: "tsc" } } },
              },
            },
          },
        },
      }),
    );
    const fromTspc = execute(loaderArgs, inputs, { cwd: withTspc });
    const fromTsc = execute(loaderArgs, inputs, { cwd: withTsc });
    expect(fromTspc.status, fromTspc.stderr).toBe(0);
    expect(fromTsc.files).toEqual(["outputs.pb"]);
    expect(fromTsc.outputs()).toEqual(fromTspc.outputs());
  });
});

test("a task whose body calls tasks of other modules runs on a plain tsc build as on tspc's", () => {
  const nested = `import { Int, task } from "@flytekit-ts/core";
import { greet } from "./hello.js";

/** Doubles a number. */
export const double = task((x: Int): Int => Int(x * 2));

/** Calls other tasks, as plain functions, from its body. */
export const quadGreeting = task(async (x: Int): Promise<string> => greet(String(await double(await double(x)))));
`;
  const builds = [copyExample("hello"), copyExample("hello")];
  for (const dir of builds) writeFileSync(join(dir, "src", "nested.ts"), nested);
  tspc(builds[0] as string);
  plainTsc(builds[1] as string);
  expect(tsflyte(["extract"], { cwd: builds[1] as string }).status).toBe(0);
  const [a, b] = builds.map((dir) => tsflyte(["run", "nested", "quadGreeting", "--x", "3"], { cwd: dir }));
  expect(a?.status, a?.stderr).toBe(0);
  expect(JSON.parse(a?.stdout ?? "")).toEqual({ o0: "hello 12" });
  expect({ out: b?.stdout, status: b?.status }).toEqual({ out: a?.stdout, status: 0 });
});

test("constructs: a map task, a conditional on a reference task and a dynamic task run on a plain tsc build as on tspc's", async () => {
  const withTspc = copyExample("constructs");
  tspc(withTspc);
  const withTsc = copyExample("constructs");
  plainTsc(withTsc);
  expect(tsflyte(["extract"], { cwd: withTsc }).status).toBe(0);
  for (const args of [
    ["run", "--no-cache", "pipeline", "report", "--readings", "[4, 9, 16]"],
    ["run", "pipeline", "grade", "--score", "72"],
    ["run", "pipeline", "powers", "--n", "3"],
  ]) {
    const a = tsflyte(args, { cwd: withTspc });
    const b = tsflyte(args, { cwd: withTsc });
    expect(a.status, a.stderr).toBe(0);
    expect({ args, out: b.stdout, status: b.status }).toEqual({ args, out: a.stdout, status: 0 });
  }
  // On a cluster the dynamic task writes its graph (futures.pb): the same from either build.
  expect(packageArchive(withTspc).status).toBe(0);
  const powers = (await readArchive(join(withTspc, "out.tgz"))).find((e) =>
    e.name.includes("pipeline.powers"),
  );
  const container = fromBinary(TaskSpecSchema, (powers as { bytes: Uint8Array }).bytes).template?.target;
  const args = container?.case === "container" ? container.value.args : [];
  const env = Object.fromEntries(
    (container?.case === "container" ? container.value.env : []).map((pair) => [pair.key, pair.value]),
  );
  const loaderArgs = args.slice(args.indexOf("--") + 1);
  const inputs = toBinary(LiteralMapSchema, toLiteralMap(new Map([["n", t.int]]), { n: 2 }));
  const fromTspc = execute(loaderArgs, inputs, { cwd: withTspc, env });
  const fromTsc = execute(loaderArgs, inputs, { cwd: withTsc, env });
  expect(fromTspc.files, fromTspc.stderr).toEqual(["futures.pb"]);
  expect(fromTsc.files, fromTsc.stderr).toEqual(["futures.pb"]);
  expect(readFileSync(join(fromTsc.outputDir, "futures.pb"))).toEqual(
    readFileSync(join(fromTspc.outputDir, "futures.pb")),
  );
});

describe("the manifest is always fresh, or the command says so", () => {
  const shout = "\nexport const shout = task((text: string): string => text.toUpperCase());\n";

  test("a task added and rebuilt is packaged; renamed, the old name is gone", async () => {
    const dir = copyExample("hello");
    tspc(dir);
    const source = join(dir, "src", "hello.ts");
    writeFileSync(source, readFileSync(source, "utf8") + shout);
    // Rebuilt without the transformer: the manifest tspc wrote is stale now.
    plainTsc(dir);
    const added = packageArchive(dir);
    expect(added.status, added.stderr).toBe(0);
    expect(added.stderr).toMatch(/flyte\.manifest\.json was stale \(src\/hello\.ts \(changed\)/);
    expect((await entryNames(dir)).some((name) => name.includes("hello.shout"))).toBe(true);

    writeFileSync(source, readFileSync(source, "utf8").replace("const shout", "const yell"));
    plainTsc(dir);
    expect(packageArchive(dir).status).toBe(0);
    const names = await entryNames(dir);
    expect(names.some((name) => name.includes("hello.yell"))).toBe(true);
    expect(names.some((name) => name.includes("hello.shout"))).toBe(false);

    // With tspc the build itself refreshes the manifest: nothing is stale.
    writeFileSync(source, readFileSync(source, "utf8").replace("const yell", "const holler"));
    tspc(dir);
    const rebuilt = packageArchive(dir);
    expect(rebuilt.stderr).not.toMatch(/stale/);
    expect((await entryNames(dir)).some((name) => name.includes("hello.holler"))).toBe(true);
  });

  test("a new compiled file is noticed; tsflyte run sees the new task", () => {
    const dir = copyExample("hello");
    tspc(dir);
    writeFileSync(join(dir, "src", "extra.ts"), `import { task } from "@flytekit-ts/core";${shout}`);
    plainTsc(dir);
    const run = tsflyte(["run", "extra", "shout", "--text", "hey"], { cwd: dir });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/was stale \(.*(dist\/extra\.js \(new\)|src\/extra\.ts)/);
    expect(JSON.parse(run.stdout)).toEqual({ o0: "HEY" });
  });

  test("--no-extract: a stale manifest is an error naming the changed files; a fresh one is used", () => {
    const dir = copyExample("hello");
    tspc(dir);
    expect(packageArchive(dir, "--no-extract").status).toBe(0);
    const source = join(dir, "src", "hello.ts");
    writeFileSync(source, readFileSync(source, "utf8") + shout);
    plainTsc(dir);
    const stale = packageArchive(dir, "--no-extract");
    expect(stale.status).not.toBe(0);
    expect(stale.stderr).toMatch(/flyte\.manifest\.json is stale: .*src\/hello\.ts \(changed\)/);
    expect(stale.stderr).toMatch(/tsflyte extract/);
  });

  test("a manifest from an older flytekit-ts (no inputs recorded) is extracted again", async () => {
    const dir = copyExample("hello");
    tspc(dir);
    const file = join(dir, "flyte.manifest.json");
    const { inputs: _, ...old } = JSON.parse(readFileSync(file, "utf8"));
    writeFileSync(file, JSON.stringify({ ...old, version: 1 }));
    const run = packageArchive(dir);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/was stale \(the manifest records no input files/);
    expect(JSON.parse(readFileSync(file, "utf8")).version).toBe(2);
  });
});
