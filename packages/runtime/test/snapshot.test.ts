import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { toBinary } from "@bufbuild/protobuf";
import { beforeAll, describe, expect, test } from "vitest";
import { LiteralMapSchema, TaskTemplateSchema } from "../../core/src/idl.js";
import { t, toLiteralMap } from "../../core/src/index.js";
import { buildFixtureProject, execute, project, type Run, runtimeDir } from "./support/entrypoint.js";

const literalMap = (
  types: Record<string, ReturnType<typeof t.list> | typeof t.int | typeof t.string>,
  values: Record<string, unknown>,
) => toBinary(LiteralMapSchema, toLiteralMap(new Map(Object.entries(types)), values));
const empty = literalMap({}, {});

let dir = "";
let snapshotExecute: string[] = [];
beforeAll(() => {
  buildFixtureProject();
  dir = mkdtempSync(join(tmpdir(), "entrypoint-snapshot-"));
  const printed = execFileSync(process.execPath, [join(runtimeDir, "bin", "tsflyte-snapshot.js"), dir], {
    encoding: "utf8",
  });
  expect(printed.trim().split("\n")).toEqual([
    join(dir, "entrypoints.blob"),
    ...["tsflyte-execute", "tsflyte-map-execute", "tsflyte-fast-execute"].map((name) =>
      join(dir, "bin", name),
    ),
  ]);
  snapshotExecute = [join(dir, "bin", "tsflyte-execute")];
}, 60_000);

/** The same task run by the package's launcher and restored from the snapshot. */
function bothWays(loaderArgs: string[], inputs: Uint8Array, env: NodeJS.ProcessEnv = {}): [Run, Run] {
  return [
    execute(loaderArgs, inputs, { env }),
    execute(loaderArgs, inputs, { env, launcher: snapshotExecute }),
  ];
}

const args = (module: string, key: string) => ["task-module", module, "task-name", key];

describe("tsflyte-snapshot: the entrypoints restored from a V8 startup snapshot", () => {
  test("write the same outputs.pb, byte for byte, as the launcher", () => {
    const cases: [string[], Uint8Array][] = [
      [args("tasks", "add"), literalMap({ a: t.int, b: t.int }, { a: 2, b: 40 })],
      [args("tasks", "greet"), literalMap({ a: t.string }, { a: "snapshot" })],
      [args("tasks", "noop"), empty],
    ];
    for (const [loader, inputs] of cases) {
      const [plain, restored] = bothWays(loader, inputs);
      expect(restored.stderr).toBe("");
      expect(restored.status).toBe(0);
      expect(restored.files).toEqual(["outputs.pb"]);
      expect(readFileSync(join(restored.outputDir, "outputs.pb"))).toEqual(
        readFileSync(join(plain.outputDir, "outputs.pb")),
      );
    }
  });

  test("write the same error documents (user errors, bad outputs, unknown tasks)", () => {
    for (const [loader, inputs] of [
      [args("tasks", "fails"), literalMap({ x: t.int }, { x: 7 })],
      [args("tasks", "wrongOutput"), empty],
      [args("tasks", "nosuch"), empty],
    ] as const) {
      const [plain, restored] = bothWays([...loader], inputs);
      expect(restored.files).toEqual(["error.pb"]);
      const [a, b] = [plain.error().error, restored.error().error];
      expect({ code: b?.code, kind: b?.kind, origin: b?.origin }).toEqual({
        code: a?.code,
        kind: a?.kind,
        origin: a?.origin,
      });
      expect(b?.message.split("\n")[0]).toBe(a?.message.split("\n")[0]);
    }
  });

  test("tasks meet the snapshot's execution context (ids, secrets) and instance tasks' hooks", () => {
    const env = { _F_NM: "exec-1", FLYTE_INTERNAL_TASK_NAME: "context.whoami", _FSEC_DB_PASSWORD: "pw" };
    const [plain, restored] = bothWays(args("context", "whoami"), empty, env);
    expect(restored.stderr).toBe("");
    expect(readFileSync(join(restored.outputDir, "outputs.pb"))).toEqual(
      readFileSync(join(plain.outputDir, "outputs.pb")),
    );
    const doubled = execute(args("context", "doubled"), literalMap({ x: t.int }, { x: 1 }), {
      launcher: snapshotExecute,
    });
    expect(doubled.stderr).toBe("");
    expect(doubled.files).toEqual(["outputs.pb"]);
  });

  test("a project module with top-level await loads through import()", () => {
    const copy = mkdtempSync(join(tmpdir(), "snapshot-tla-"));
    try {
      for (const entry of ["package.json", "flyte.manifest.json", "dist"])
        cpSync(join(project, entry), join(copy, entry), { recursive: true });
      symlinkSync(join(runtimeDir, "..", "..", "node_modules"), join(copy, "node_modules"));
      const tasks = join(copy, "dist", "tasks.js");
      writeFileSync(tasks, `await Promise.resolve();\n${readFileSync(tasks, "utf8")}`);
      const run = execute(args("tasks", "add"), literalMap({ a: t.int, b: t.int }, { a: 1, b: 2 }), {
        cwd: copy,
        launcher: snapshotExecute,
      });
      expect(run.stderr).toBe("");
      expect(run.files).toEqual(["outputs.pb"]);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  test("tsflyte-map-execute runs its element from the snapshot", () => {
    const run = execute(
      ["vars", "b", "resolver", "@flytekit-ts/runtime:defaultTaskResolver", ...args("tasks", "add")],
      literalMap({ a: t.list(t.int), b: t.int }, { a: [1, 2, 3], b: 10 }),
      {
        launcher: [join(dir, "bin", "tsflyte-map-execute")],
        resolver: "@flytekit-ts/runtime:mapTaskResolver",
        env: { BATCH_JOB_ARRAY_INDEX_VAR_NAME: "FLYTE_K8S_ARRAY_INDEX", FLYTE_K8S_ARRAY_INDEX: "2" },
      },
    );
    expect(run.stderr).toBe("");
    const plain = execute(
      ["task-module", "tasks", "task-name", "add"],
      literalMap({ a: t.int, b: t.int }, { a: 3, b: 10 }),
    );
    expect(readFileSync(join(run.outputDir, "outputs.pb"))).toEqual(
      readFileSync(join(plain.outputDir, "outputs.pb")),
    );
  });

  test("tsflyte-fast-execute unpacks the code and runs the task restored from the snapshot too", () => {
    const work = mkdtempSync(join(tmpdir(), "snapshot-fast-"));
    try {
      // Outside the repository: without the snapshot's packages the task could not import core.
      const bundle = join(work, "fast.tar.gz");
      execFileSync("tar", ["-czf", bundle, "-C", project, "dist", "flyte.manifest.json", "package.json"]);
      const inputs = join(work, "inputs.pb");
      writeFileSync(inputs, literalMap({ a: t.int, b: t.int }, { a: 20, b: 22 }));
      const run = spawnSync(
        join(dir, "bin", "tsflyte-fast-execute"),
        [
          "--additional-distribution",
          bundle,
          "--dest-dir",
          join(work, "code"),
          "--",
          "tsflyte-execute",
          "--inputs",
          inputs,
          "--output-prefix",
          join(work, "out"),
          "--resolver",
          "@flytekit-ts/runtime:defaultTaskResolver",
          "--",
          ...args("tasks", "add"),
        ],
        { cwd: work, encoding: "utf8", env: { PATH: process.env.PATH } },
      );
      expect(run.stderr).toBe("");
      expect(run.status).toBe(0);
      const plain = execute(args("tasks", "add"), literalMap({ a: t.int, b: t.int }, { a: 20, b: 22 }));
      expect(readFileSync(join(work, "out", "outputs.pb"))).toEqual(
        readFileSync(join(plain.outputDir, "outputs.pb")),
      );
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  test("tasks that leave errors, timers or unsettled promises behind end as with the launcher", () => {
    for (const key of ["floating", "timerThrows", "throwsAfterReturn", "neverSettles", "leavesInterval"]) {
      const [plain, restored] = bothWays(args("escapes", key), empty);
      expect({ key, status: restored.status, files: restored.files }).toEqual({
        key,
        status: plain.status,
        files: plain.files,
      });
      if (plain.files.includes("error.pb")) {
        const [a, b] = [plain.error().error, restored.error().error];
        expect({ key, code: b?.code, kind: b?.kind }).toEqual({ key, code: a?.code, kind: a?.kind });
      }
    }
  });

  test("a plugin task runs from its template and executor; package locations resolve as with the launcher", async () => {
    const { greet } = (await import(join(project, "dist", "plugin.js"))) as {
      greet: { serializeToModel: (s: unknown) => unknown };
    };
    const { SerializationSettings } = await import("@flytekit-ts/core");
    const work = mkdtempSync(join(tmpdir(), "snapshot-template-"));
    const template = join(work, "task.pb");
    writeFileSync(
      template,
      toBinary(
        TaskTemplateSchema,
        greet.serializeToModel(SerializationSettings.forImage("i:1", "v1")) as never,
      ),
    );
    const options = {
      resolver: "@flytekit-ts/runtime:defaultTaskTemplateResolver",
      launcher: snapshotExecute,
    };
    const shim = execute(
      [template, "plugin:Greeter"],
      literalMap({ who: t.string }, { who: "flyte" }),
      options,
    );
    expect(shim.stderr).toBe("");
    expect(shim.files).toEqual(["outputs.pb"]);
    // An exported entry point of a package resolves (refused only for not being an executor class).
    const exported = [{}, options].map(
      (how) =>
        execute([template, "@flytekit-ts/core:FlyteError"], empty, { ...how, resolver: options.resolver })
          .error()
          .error?.message.split("\n")[0],
    );
    expect(exported[1]).not.toContain("refusing location");
    expect(exported[1]).toBe(exported[0]);
    rmSync(work, { recursive: true, force: true });
  });

  test("help, usage errors, and a launcher path it does not know", () => {
    for (const name of ["tsflyte-execute", "tsflyte-map-execute", "tsflyte-fast-execute"]) {
      const help = spawnSync(join(dir, "bin", name), ["--help"], { encoding: "utf8" });
      expect(help.status).toBe(0);
      expect(help.stdout).toMatch(new RegExp(`^Usage: ${name} `));
    }
    const bad = spawnSync(join(dir, "bin", "tsflyte-execute"), ["--bogus"], { encoding: "utf8" });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("no such option: --bogus");
    const unknown = spawnSync(
      process.execPath,
      ["--snapshot-blob", join(dir, "entrypoints.blob"), "/somewhere/else.js"],
      { encoding: "utf8" },
    );
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("its first argument is the launcher's path");
    const noDir = spawnSync(process.execPath, [join(runtimeDir, "bin", "tsflyte-snapshot.js")], {
      encoding: "utf8",
    });
    expect(noDir.status).toBe(2);
    expect(noDir.stderr).toContain("Usage: tsflyte-snapshot DIR");
    expect(readdirSync(dir).sort()).toEqual(["bin", "entrypoints.blob"]);
  });
});
