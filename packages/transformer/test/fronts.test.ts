import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, test } from "vitest";
import { ExtractError, extractManifest, writeManifest } from "../src/extract.js";
import { packageDir } from "./support/compile.js";

const project = join(packageDir, "test", "fixtures", "project");
const outDir = join(project, "dist");
const bin = (name: string) => join(packageDir, "..", "..", "node_modules", ".bin", name);

async function tspcSummary(): Promise<unknown[]> {
  const load = async (module: string) =>
    (await import(pathToFileURL(join(outDir, `${module}.js`)).href)) as Record<string, unknown>;
  const { summarize } = (await import(
    pathToFileURL(join(project, "test", "summary.ts")).href
  )) as typeof import("./fixtures/project/test/summary.js");
  return summarize({
    math: await load("math"),
    containers: await load("containers"),
    etl: await load("etl"),
    "plugins.sql": await load("plugins/sql"),
    factories: await load("factories"),
    reports: await load("reports"),
  });
}

beforeAll(() => {
  if (!existsSync(join(outDir, "math.js"))) execFileSync(bin("tspc"), ["-p", project], { stdio: "pipe" });
}, 120_000);

describe("the three fronts agree on every task", () => {
  test("the extractor's manifest matches the tspc build", async () => {
    const manifest = extractManifest(join(project, "tsconfig.json"));
    const built = (await tspcSummary()) as {
      module: string;
      key: string;
      name: string;
      inputs?: unknown;
      returns?: unknown;
    }[];
    const tasks = manifest.tasks.map((t) => ({
      module: t.module,
      key: t.key,
      name: t.name,
      inputs: t.signature?.params,
      returns: t.signature?.returns,
    }));
    const byKey = (list: { module: string; key: string }[]) =>
      [...list].sort((a, b) => `${a.module}:${a.key}`.localeCompare(`${b.module}:${b.key}`));
    expect(byKey(tasks)).toEqual(
      byKey(built.map(({ module, key, name, inputs, returns }) => ({ module, key, name, inputs, returns }))),
    );
    const add = manifest.tasks.find((t) => t.key === "add");
    expect(add).toMatchObject({
      kind: "function",
      compiledFile: "dist/math.js",
      sourceFile: "src/math.ts",
      line: 15,
    });
    expect(add?.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.tasks.find((t) => t.key === "square")).toMatchObject({
      kind: "instance",
      className: "ContainerTask",
      name: "square",
    });
    expect(manifest.exports.map((e) => `${e.module}:${e.key}`)).toEqual([
      "plugins.sql:SqlExecutor",
      "plugins.sql:SqlTask",
    ]);
  });

  test("vitest with the Vite plugin loads the same tasks as the tspc build", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "flyte-vite-")), "summary.json");
    try {
      execFileSync(bin("vitest"), ["run", "--root", project, "--reporter=dot"], {
        stdio: "pipe",
        env: { ...process.env, FLYTE_SUMMARY_OUT: out },
      });
      expect(JSON.parse(readFileSync(out, "utf8"))).toEqual(await tspcSummary());
    } finally {
      rmSync(join(out, ".."), { recursive: true, force: true });
    }
  }, 120_000);

  test("writeManifest writes flyte.manifest.json; problems fail with every file:line", () => {
    const dir = mkdtempSync(join(packageDir, "test", ".tmp-"));
    try {
      writeFileSync(
        join(dir, "tsconfig.json"),
        JSON.stringify({
          compilerOptions: { rootDir: "src", outDir: "dist", strict: true, module: "nodenext", types: [] },
          include: ["src"],
        }),
      );
      writeFileSync(join(dir, "package.json"), '{ "type": "module" }');
      execFileSync("mkdir", ["-p", join(dir, "src")]);
      writeFileSync(
        join(dir, "src", "ok.ts"),
        'import { task } from "@flytekit-ts/core";\nexport const hi = task((who: string) => "hi " + who);\n',
      );
      const { file, manifest } = writeManifest(join(dir, "tsconfig.json"));
      expect(file).toBe(join(dir, "flyte.manifest.json"));
      expect(JSON.parse(readFileSync(file, "utf8"))).toEqual(manifest);
      expect(manifest.tasks.map((t) => t.name)).toEqual(["ok.hi"]);
      writeFileSync(
        join(dir, "src", "bad.ts"),
        'import { task } from "@flytekit-ts/core";\nconst a = task((x: unknown) => x);\nvoid a;\n',
      );
      let error: unknown;
      try {
        extractManifest(join(dir, "tsconfig.json"));
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ExtractError);
      expect((error as ExtractError).problems).toEqual([
        "src/bad.ts:2: flytekit-ts: a task must be bound to an exported module-level const (export const name = task(...)): this task a is not exported",
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("vite build writes the manifest", () => {
  test("when vite build finishes, flyte.manifest.json is the extractor's manifest of the program", async () => {
    const copy = mkdtempSync(join(packageDir, "test", "fixtures", ".tmp-vite-"));
    try {
      for (const entry of ["package.json", "tsconfig.json", "src"])
        cpSync(join(project, entry), join(copy, entry), { recursive: true });
      const { build } = await import("vite");
      const { flyteTasks } = await import("../src/vite.js");
      await build({
        root: copy,
        configFile: false,
        logLevel: "silent",
        plugins: [flyteTasks({ tsconfig: join(copy, "tsconfig.json") })],
        build: {
          outDir: join(copy, "dist-vite"),
          lib: { entry: join(copy, "src", "etl.ts"), formats: ["es"], fileName: "etl" },
          rollupOptions: { external: (id) => !id.startsWith(".") && !id.startsWith("/") },
        },
      });
      expect(existsSync(join(copy, "dist-vite", "etl.js"))).toBe(true);
      const written = readFileSync(join(copy, "flyte.manifest.json"), "utf8");
      expect(JSON.parse(written)).toEqual(extractManifest(join(copy, "tsconfig.json")));
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  }, 120_000);
});
