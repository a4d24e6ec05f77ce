import { toBinary } from "@bufbuild/protobuf";
import { describe, expect, test } from "vitest";
import { ContainerError_Kind, ExecutionError_ErrorKind, LiteralMapSchema } from "../../core/src/idl.js";
import { fromLiteralMap, t, toLiteralMap } from "../../core/src/index.js";
import { execute } from "./support/entrypoint.js";

/** tsflyte-execute owns its process: whatever a task leaves behind, one document, then exit. */

const empty = toBinary(LiteralMapSchema, toLiteralMap(new Map(), {}));
const args = (key: string, module = "escapes") => ["task-module", module, "task-name", key];

function expectUserError(key: string, text: string) {
  const run = execute(args(key), empty);
  expect(run.status).toBe(0);
  expect(run.files).toEqual(["error.pb"]);
  const error = run.error().error;
  expect(error).toMatchObject({
    code: "USER:RuntimeError",
    kind: ContainerError_Kind.NON_RECOVERABLE,
    origin: ExecutionError_ErrorKind.USER,
  });
  expect(error?.message).toContain(text);
}

describe("errors that escape the task's await chain become its USER error document", () => {
  test("a rejected promise the task left behind", () => {
    expectUserError("floating", "Error: a promise left behind");
  });

  test("a throw in a timer while the task runs", () => {
    expectUserError("timerThrows", "Error: thrown in a timer");
  });

  test("a throw just after the task returned: error.pb only, never both", () => {
    for (let i = 0; i < 5; i++) expectUserError("throwsAfterReturn", "Error: thrown right after returning");
  });

  test("a promise that never settles: the event loop runs dry, and that is said", () => {
    expectUserError("neverSettles", "the task's promise never settled");
  });
});

describe("after the outcome is decided", () => {
  test("a throw long after the task returned is reported and ignored: outputs.pb, exit 0", () => {
    const run = execute(args("throwsLater"), empty);
    // The process exits once the document is written: the late timer never fires, or is ignored.
    expect(run.status).toBe(0);
    expect(run.files).toEqual(["outputs.pb"]);
  });

  test("an interval the task left open does not keep the process alive", () => {
    const started = Date.now();
    const run = execute(args("leavesInterval"), empty);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(run.status).toBe(0);
    expect(fromLiteralMap(new Map([["o0", t.int]]), run.outputs())).toEqual({ o0: 2 });
  });
});

describe("what error documents say", () => {
  test("worker is empty unless the pod's name is given (_F_WN), as flytekit leaves it", () => {
    const bare = execute(
      args("fails", "tasks"),
      toBinary(LiteralMapSchema, toLiteralMap(new Map([["x", t.int]]), { x: 1 })),
    );
    expect(bare.error().error?.worker).toBe("");
    const named = execute(
      args("fails", "tasks"),
      toBinary(LiteralMapSchema, toLiteralMap(new Map([["x", t.int]]), { x: 1 })),
      {
        env: { _F_WN: "pod-7" },
      },
    );
    expect(named.error().error?.worker).toBe("pod-7");
  });

  test("a multi-line secret never appears, whole, line by line or JSON-escaped", () => {
    const pem = [
      "-----BEGIN PRIVATE KEY-----",
      "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7",
      'Zq"quoted"Zq0xSecretLine',
      "-----END PRIVATE KEY-----",
    ].join("\n");
    const run = execute(args("leakyForms", "tasks"), empty, { env: { _FSEC_TLS_KEY: pem } });
    const message = run.error().error?.message ?? "";
    expect(message).toContain("bad key ***");
    for (const text of [message, run.stderr]) {
      for (const line of pem.split("\n")) expect(text).not.toContain(line);
      expect(text).not.toContain("MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7");
      expect(text).not.toContain('Zq\\"quoted\\"Zq0xSecretLine');
    }
  });

  test("a huge message is kept to a bound in the document and on stderr", () => {
    const inputs = toBinary(LiteralMapSchema, toLiteralMap(new Map([["n", t.int]]), { n: 5_000_000 }));
    const run = execute(args("hugeMessage", "tasks"), inputs);
    const message = run.error().error?.message ?? "";
    expect(message.length).toBeLessThan(200_000);
    expect(message).toContain("more characters)");
    expect(run.stderr.length).toBeLessThan(200_000);
  });
});
