import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fromBinary, toBinary } from "@bufbuild/protobuf";
import { describe, expect, test } from "vitest";
import { ErrorDocumentSchema, LiteralMapSchema } from "../../core/src/idl.js";
import { type TypeDescriptor, t, toLiteralMap } from "../../core/src/index.js";
import { arrayJobIndex, elementInputs, parseMapLoaderArgs } from "../src/map/map-execute.js";
import { project, runtimeDir } from "./support/entrypoint.js";

/** The real tsflyte-map-execute in the fixture project, as propeller runs one array job. */
function mapExecute(inputs: Record<string, unknown>, loaderArgs: string[], env: Record<string, string>) {
  const work = mkdtempSync(join(tmpdir(), "map-execute-"));
  const types = new Map<string, TypeDescriptor>([
    ["a", t.list(t.int)],
    ["b", t.int],
  ]);
  writeFileSync(join(work, "inputs.pb"), toBinary(LiteralMapSchema, toLiteralMap(types, inputs)));
  const out = join(work, "out");
  const run = spawnSync(
    process.execPath,
    [
      join(runtimeDir, "bin", "tsflyte-map-execute.js"),
      "--inputs",
      join(work, "inputs.pb"),
      "--output-prefix",
      out,
      "--raw-output-data-prefix",
      "{{.rawOutputDataPrefix}}",
      "--resolver",
      "@flytekit-ts/runtime:mapTaskResolver",
      "--",
      ...loaderArgs,
    ],
    { cwd: project, env: { PATH: process.env.PATH, ...env }, encoding: "utf8" },
  );
  return { run, out };
}

const loader = [
  "vars",
  "b",
  "resolver",
  "@flytekit-ts/runtime:defaultTaskResolver",
  "task-module",
  "tasks",
  "task-name",
  "add",
];

describe("tsflyte-map-execute (flytekit's pyflyte-map-execute)", () => {
  test("runs the mapped task on the array job's element (BATCH_JOB_ARRAY_INDEX_VAR_NAME + offset), bound inputs whole", () => {
    const { run, out } = mapExecute({ a: [1, 2, 3], b: 10 }, loader, {
      BATCH_JOB_ARRAY_INDEX_VAR_NAME: "JOB_INDEX",
      JOB_INDEX: "1",
      BATCH_JOB_ARRAY_INDEX_OFFSET: "1",
    });
    expect(run.status, run.stderr).toBe(0);
    const outputs = fromBinary(LiteralMapSchema, readFileSync(join(out, "outputs.pb")));
    const o0 = outputs.literals.o0?.value;
    expect(
      o0?.case === "scalar" && o0.value.value.case === "primitive"
        ? o0.value.value.value.value.value
        : undefined,
    ).toBe(13n);
  });

  test("an element that does not exist: the error document (SYSTEM), no outputs", () => {
    const { run, out } = mapExecute({ a: [1], b: 10 }, loader, {
      BATCH_JOB_ARRAY_INDEX_VAR_NAME: "JOB_INDEX",
      JOB_INDEX: "4",
    });
    // As tsflyte-execute: the error document is the result (exit 0 unless FLYTE_FAIL_ON_ERROR).
    expect(run.status, run.stderr).toBe(0);
    expect(existsSync(join(out, "outputs.pb"))).toBe(false);
    const document = fromBinary(ErrorDocumentSchema, readFileSync(join(out, "error.pb")));
    expect(document.error?.code).toBe("SYSTEM");
    expect(document.error?.message).toContain("map task input a has 1 elements, no element 4");
  });

  test("loader args, the index and the element's inputs", () => {
    expect(parseMapLoaderArgs(["vars", "", "resolver", "r", "task-module", "m"])).toEqual({
      bound: [],
      resolver: "r",
      loaderArgs: ["task-module", "m"],
    });
    expect(() => parseMapLoaderArgs(["task-module", "m"])).toThrow("map task loader args must be");
    expect(arrayJobIndex({})).toBe(0);
    expect(
      arrayJobIndex({ BATCH_JOB_ARRAY_INDEX_VAR_NAME: "I", I: "3", BATCH_JOB_ARRAY_INDEX_OFFSET: "2" }),
    ).toBe(5);
    expect(() => arrayJobIndex({ BATCH_JOB_ARRAY_INDEX_VAR_NAME: "I", I: "x" })).toThrow(
      "not a non-negative integer",
    );
    const inputs = toLiteralMap(
      new Map<string, TypeDescriptor>([
        ["a", t.list(t.int)],
        ["b", t.int],
      ]),
      { a: [5, 6], b: 1 },
    );
    expect(() => elementInputs(inputs, 0, [])).toThrow("map task input b is not a list");
    expect(Object.keys(elementInputs(inputs, 1, ["b"]).literals).sort()).toEqual(["a", "b"]);
  });
});
