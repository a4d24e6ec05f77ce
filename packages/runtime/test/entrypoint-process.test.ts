import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
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
import { execute, project } from "./support/entrypoint.js";

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

describe("locations resolve only to the project's files or a package's entry points", () => {
  const templatePath = () => {
    const dir = mkdtempSync(join(tmpdir(), "template-"));
    const path = join(dir, "task.pb");
    writeFileSync(path, toBinary(TaskTemplateSchema, create(TaskTemplateSchema, { type: "x" })));
    return path;
  };
  const executorAt = (location: string) =>
    execute([templatePath(), location], empty, {
      resolver: "@flytekit-ts/runtime:defaultTaskTemplateResolver",
    });

  test("`..` in a package subpath is refused before anything is resolved", () => {
    for (const location of [
      "dockerode/../../../x/evil.mjs:x",
      "dockerode/./lib/docker.js:x",
      "dockerode//lib:x",
      "@scope/../x:y",
    ]) {
      const run = executorAt(location);
      expect(run.files, location).toEqual(["error.pb"]);
      expect(run.error().error?.message, location).toContain(`refusing location ${location}`);
    }
  });

  test("a subpath of a package without an exports map is refused; an exported entry point loads", () => {
    const internal = executorAt("dockerode/lib/docker.js:default");
    expect(internal.error().error?.message).toContain("package dockerode has no exports map");
    // An exported entry point resolves (and is then refused only for not being an executor class).
    const exported = executorAt("@flytekit-ts/core:FlyteError");
    expect(exported.error().error?.message).not.toContain("refusing location");
  });

  test("a compiled file listed in the manifest that links outside the project is refused", () => {
    // A copy of the project beside it (so packages resolve), with a manifest entry that is a link out.
    const copy = mkdtempSync(join(project, "..", ".tmp-linked-"));
    try {
      for (const entry of ["package.json", "dist"])
        cpSync(join(project, entry), join(copy, entry), { recursive: true });
      const outside = mkdtempSync(join(tmpdir(), "outside-"));
      writeFileSync(join(outside, "evil.js"), "export const add = 1; process.exitCode = 42;\n");
      symlinkSync(join(outside, "evil.js"), join(copy, "dist", "linked-evil.js"));
      const manifest = JSON.parse(readFileSync(join(project, "flyte.manifest.json"), "utf8")) as {
        tasks: { module: string; key: string; compiledFile: string }[];
      };
      const add = manifest.tasks.find((task) => task.key === "add");
      manifest.tasks.push({ ...add, module: "linked", key: "add", compiledFile: "dist/linked-evil.js" });
      writeFileSync(join(copy, "flyte.manifest.json"), JSON.stringify(manifest));
      const run = execute(args("add", "linked"), empty, { cwd: copy });
      expect(run.status).toBe(0);
      expect(run.error().error?.message).toContain("points outside the project (dist/linked-evil.js)");
      // The same entry as a real file inside the project loads.
      rmSync(join(copy, "dist", "linked-evil.js"));
      cpSync(join(copy, "dist", "tasks.js"), join(copy, "dist", "linked-evil.js"));
      expect(
        execute(
          args("add", "linked"),
          toBinary(
            LiteralMapSchema,
            toLiteralMap(
              new Map([
                ["a", t.int],
                ["b", t.int],
              ]),
              { a: 1, b: 2 },
            ),
          ),
          { cwd: copy },
        ).files,
      ).toEqual(["outputs.pb"]);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
