import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { create, toBinary } from "@bufbuild/protobuf";
import { describe, expect, test } from "vitest";
import {
  ContainerError_Kind,
  ExecutionError_ErrorKind,
  LiteralMapSchema,
  TaskTemplateSchema,
} from "../../core/src/idl.js";
import { fromLiteralMap, t, toLiteralMap } from "../../core/src/index.js";
import { entrypoint, execute, project, runtimeDir } from "./support/entrypoint.js";

const fixture = (name: string) => readFileSync(join(runtimeDir, "test", "fixtures", name));
const literalMap = (
  types: Record<string, Parameters<typeof toLiteralMap>[0] extends ReadonlyMap<string, infer D> ? D : never>,
  values: Record<string, unknown>,
) => toBinary(LiteralMapSchema, toLiteralMap(new Map(Object.entries(types)), values));
const empty = literalMap({}, {});

/** Protobuf's varint encoding of a length. */
function varint(n: number): Buffer {
  const out: number[] = [];
  let rest = n;
  while (rest >= 0x80) {
    out.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  out.push(rest);
  return Buffer.from(out);
}

/**
 * A LiteralMap with one string input of `length` "a"s, encoded by hand: no JavaScript string can be
 * that long, so no encoder can write it. Each level is field 1 (or the map entry's key 1 and value
 * 2), length-delimited; the string is Primitive.string_value, field 3.
 */
function stringInputOfLength(name: string, length: number): Buffer {
  // Headers from the innermost out; the string's bytes are written once, in place.
  const primitiveSize = 1 + varint(length).length + length;
  const scalarSize = 1 + varint(primitiveSize).length + primitiveSize;
  const literalSize = 1 + varint(scalarSize).length + scalarSize;
  const keySize = 2 + Buffer.byteLength(name);
  const entrySize = keySize + 1 + varint(literalSize).length + literalSize;
  const head = Buffer.concat([
    Buffer.from([0x0a]),
    varint(entrySize),
    Buffer.from([0x0a, Buffer.byteLength(name)]),
    Buffer.from(name),
    Buffer.from([0x12]),
    varint(literalSize),
    Buffer.from([0x0a]),
    varint(scalarSize),
    Buffer.from([0x0a]),
    varint(primitiveSize),
    Buffer.from([0x1a]),
    varint(length),
  ]);
  const out = Buffer.allocUnsafe(head.length + length);
  head.copy(out);
  out.fill(0x61, head.length);
  return out;
}

const args = (key: string, module = "tasks") => ["task-module", module, "task-name", key];

describe("tsflyte-execute on a compiled project", () => {
  test("success: flytekit's inputs for add(2, 3) give flytekit's outputs.pb, byte for byte", () => {
    const run = execute(args("add"), fixture("add.inputs.pb"));
    expect(run.status).toBe(0);
    expect(run.files).toEqual(["outputs.pb"]);
    expect(readFileSync(join(run.outputDir, "outputs.pb"))).toEqual(fixture("add.outputs.pb"));
    expect(fromLiteralMap(new Map([["o0", t.int]]), run.outputs())).toEqual({ o0: 5 });
  });

  test("a task without outputs writes an empty outputs.pb", () => {
    const run = execute(args("noop"), empty);
    expect(run.files).toEqual(["outputs.pb"]);
    expect(readFileSync(join(run.outputDir, "outputs.pb")).length).toBe(0);
  });

  test("a user error: USER, non-recoverable, trace and message; exit 0 unless FLYTE_FAIL_ON_ERROR", () => {
    const inputs = literalMap({ x: t.int }, { x: 7 });
    const run = execute(args("fails"), inputs);
    expect(run.status).toBe(0);
    expect(run.files).toEqual(["error.pb"]);
    const error = run.error().error;
    expect(error).toMatchObject({
      code: "USER:RuntimeError",
      kind: ContainerError_Kind.NON_RECOVERABLE,
      origin: ExecutionError_ErrorKind.USER,
    });
    expect(error?.message).toMatch(/^Trace:\n\n {4}Error: boom 7\n +at /);
    expect(error?.message).toMatch(/\nMessage:\n\n {4}Error: boom 7$/);
    expect(Number(error?.timestamp?.seconds)).toBeGreaterThan(1_700_000_000);
    expect(error?.worker).toBe("");
    expect(execute(args("fails"), inputs, { env: { FLYTE_FAIL_ON_ERROR: "1" } }).status).toBe(1);
  });

  test("a recoverable user error", () => {
    const error = execute(args("flaky"), empty).error().error;
    expect(error).toMatchObject({
      code: "USER:Recoverable",
      kind: ContainerError_Kind.RECOVERABLE,
      origin: ExecutionError_ErrorKind.USER,
    });
    expect(error?.message).toContain("FlyteRecoverableError: try again");
  });

  test("an input of the wrong type, or one the task does not declare: SYSTEM, non-recoverable", () => {
    const wrong = execute(args("add"), literalMap({ a: t.string, b: t.int }, { a: "x", b: 1 })).error().error;
    expect(wrong).toMatchObject({
      code: "SYSTEM",
      kind: ContainerError_Kind.NON_RECOVERABLE,
      origin: ExecutionError_ErrorKind.SYSTEM,
    });
    expect(wrong?.message).toContain(
      'Task tasks.add: input "a": expected int, got a literal with stringValue "x"',
    );
    // flytekit refuses literals the task does not declare ("Received more input values ...").
    const extra = execute(args("add"), literalMap({ a: t.int, b: t.int, c: t.int }, { a: 1, b: 2, c: 3 }));
    expect(extra.files).toEqual(["error.pb"]);
    expect(extra.error().error).toMatchObject({
      code: "SYSTEM",
      kind: ContainerError_Kind.NON_RECOVERABLE,
      origin: ExecutionError_ErrorKind.SYSTEM,
    });
    expect(extra.error().error?.message).toContain(
      'Task tasks.add: received 3 input values, more than its 2 inputs allow: "c" (its inputs: a, b)',
    );
  });

  test("a missing input fails the call as the task's error (USER), as flytekit's missing argument", () => {
    const missing = execute(args("add"), literalMap({ a: t.int }, { a: 1 })).error().error;
    expect(missing?.message).toContain('Task tasks.add: input "b" is missing and has no default');
    expect(missing).toMatchObject({
      code: "USER:RuntimeError",
      kind: ContainerError_Kind.NON_RECOVERABLE,
      origin: ExecutionError_ErrorKind.USER,
    });
  });

  test("a datetime outside a Date's range is a conversion error (SYSTEM), never an Invalid Date", () => {
    const inputs = toBinary(
      LiteralMapSchema,
      create(LiteralMapSchema, {
        literals: {
          when: {
            value: {
              case: "scalar",
              value: {
                value: {
                  case: "primitive",
                  value: { value: { case: "datetime", value: { seconds: 9_000_000_000_000n } } },
                },
              },
            },
          },
        },
      }),
    );
    const run = execute(args("echoDate"), inputs);
    expect(run.files).toEqual(["error.pb"]);
    expect(run.error().error).toMatchObject({
      code: "SYSTEM",
      kind: ContainerError_Kind.NON_RECOVERABLE,
      origin: ExecutionError_ErrorKind.SYSTEM,
    });
    expect(run.error().error?.message).toContain("9000000000000 seconds is outside the range of a Date");
  });

  test("a string no JavaScript string can hold is a non-recoverable conversion error", () => {
    // Just over V8's limit of 2^29 - 24 characters, so no retry could ever read it.
    const patched = stringInputOfLength("a", 2 ** 29);
    const run = execute(args("greet"), patched);
    expect(run.files).toEqual(["error.pb"]);
    expect(run.error().error).toMatchObject({
      code: "SYSTEM",
      kind: ContainerError_Kind.NON_RECOVERABLE,
    });
    expect(run.error().error?.message.length).toBeLessThan(200_000);
  }, 60_000);

  test("an output of the wrong type: SYSTEM, non-recoverable", () => {
    const error = execute(args("wrongOutput"), empty).error().error;
    expect(error).toMatchObject({ code: "SYSTEM", kind: ContainerError_Kind.NON_RECOVERABLE });
    expect(error?.message).toContain('output "o0": expected int, got string "not an int"');
  });

  test("corrupt inputs.pb: SYSTEM, recoverable", () => {
    const run = execute(args("add"), new Uint8Array([0xff, 0xff, 0xff]));
    expect(run.files).toEqual(["error.pb"]);
    expect(run.error().error).toMatchObject({
      code: "SYSTEM",
      kind: ContainerError_Kind.RECOVERABLE,
      origin: ExecutionError_ErrorKind.SYSTEM,
    });
  });

  test("an unknown module or key lists the nearest names", () => {
    const module = execute(args("add", "taskz"), empty).error().error;
    expect(module?.origin).toBe(ExecutionError_ErrorKind.USER);
    expect(module?.message).toContain(
      "no task add in module taskz of the project manifest; nearest: tasks add",
    );
    const key = execute(args("ad"), empty).error().error;
    expect(key?.message).toMatch(/no task ad in module tasks of the project manifest; nearest: tasks add/);
  });

  test("loader args that try to leave the project are refused", () => {
    for (const module of ["../etc/passwd", "/abs/path", "file:///x", "a..b"]) {
      const run = execute(args("add", module), empty);
      expect(run.files).toEqual(["error.pb"]);
      expect(run.error().error?.message).toContain("refusing module");
    }
  });

  test("the task template resolver loads a shim task from its template and executor", async () => {
    const { greet } = (await import(join(project, "dist", "plugin.js"))) as {
      greet: { serializeToModel: (s: unknown) => unknown };
    };
    const { SerializationSettings } = await import("@flytekit-ts/core");
    const template = greet.serializeToModel(SerializationSettings.forImage("i:1", "v1"));
    const templatePath = join(project, "dist", "task.pb");
    writeFileSync(templatePath, toBinary(TaskTemplateSchema, template as never));
    const run = execute([templatePath, "plugin:Greeter"], literalMap({ who: t.string }, { who: "flyte" }), {
      resolver: "@flytekit-ts/runtime:defaultTaskTemplateResolver",
    });
    expect(run.stderr).toBe("");
    expect(run.files).toEqual(["outputs.pb"]);
    expect(fromLiteralMap(new Map([["o0", t.string]]), run.outputs())).toEqual({ o0: "hello, flyte" });
  });

  test("a custom resolver exported by the project, found by its location", () => {
    const run = execute(["add"], fixture("add.inputs.pb"), { resolver: "resolvers:byName" });
    expect(run.files).toEqual(["outputs.pb"]);
    expect(readFileSync(join(run.outputDir, "outputs.pb"))).toEqual(fixture("add.outputs.pb"));
    const unknown = execute(["nope"], empty, { resolver: "resolvers:byName" });
    expect(unknown.error().error?.message).toContain("Error: no task nope");
  });

  test("IgnoreOutputs writes nothing", () => {
    const run = execute(args("quiet"), empty);
    expect(run.status).toBe(0);
    expect(run.files).toEqual([]);
  });

  test("the distributed error strategy names the file error-<uuid>.pb", () => {
    const run = execute(args("flaky"), empty, { env: { _F_DES: "1" } });
    expect(run.files).toHaveLength(1);
    expect(run.files[0]).toMatch(/^error-[0-9a-f]{32}\.pb$/);
    expect(run.error(run.files[0]).error?.code).toBe("USER:Recoverable");
  });

  test("secrets never reach error documents or logs", () => {
    const run = execute(args("leaky"), empty, { env: { _FSEC_DB_PASSWORD: "hunter2-secret" } });
    const message = run.error().error?.message ?? "";
    expect(message).toContain("the password is ***");
    expect(message).not.toContain("hunter2-secret");
    expect(run.stderr).not.toContain("hunter2-secret");
  });

  test("usage errors exit 2; no loader args or an unknown resolver exit 1 without an error document", () => {
    expect(execute([], empty, { extraArgs: ["--bogus", "x"] }).status).toBe(2);
    const noArgs = execute([], empty);
    expect(noArgs.status).toBe(1);
    expect(noArgs.files).toEqual([]);
    const badResolver = execute(args("add"), empty, { resolver: "nope:thing" });
    expect(badResolver.status).toBe(1);
    expect(badResolver.files).toEqual([]);
  });

  test("--help prints the options and loader args, exit 0, nothing written", () => {
    const help = spawnSync(process.execPath, [entrypoint, "--help"], { encoding: "utf8" });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: tsflyte-execute --inputs PATH --output-prefix PATH/);
    for (const option of [
      "--inputs",
      "--output-prefix",
      "--raw-output-data-prefix",
      "--resolver",
      "task-module MODULE task-name KEY",
    ])
      expect(help.stdout).toContain(option);
    const bad = execute([], empty, { extraArgs: ["--bogus", "x"] });
    expect(bad.stderr).toMatch(/no such option: --bogus \(tsflyte-execute --help lists the options\)/);
  });

  test("tasks see their execution context: ids, secrets, prefixes", () => {
    const run = execute(["task-module", "context", "task-name", "whoami"], empty, {
      env: { _F_NM: "exec-1", FLYTE_INTERNAL_TASK_NAME: "context.whoami", _FSEC_DB_PASSWORD: "pw" },
      extraArgs: [],
    });
    expect(run.stderr).toBe("");
    expect(fromLiteralMap(new Map([["o0", t.string]]), run.outputs())).toEqual({
      o0: "exec-1/context.whoami/pw/none",
    });
  });

  test("preExecute and postExecute wrap an instance task's execute", () => {
    const run = execute(
      ["task-module", "context", "task-name", "doubled"],
      literalMap({ x: t.int }, { x: 1 }),
      {
        env: { _F_PRJ: "proj" },
      },
    );
    expect(fromLiteralMap(new Map([["o0", t.int]]), run.outputs())).toEqual({ o0: (1 + 4) * 2 });
  });

  test("--test loads the resolver and stops", () => {
    const run = execute(args("add"), empty, { extraArgs: ["--test"] });
    expect(run.status).toBe(0);
    expect(run.files).toEqual([]);
  });
});
