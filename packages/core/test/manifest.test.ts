import { describe, expect, test } from "vitest";
import { FlyteValidationError, task, workflow } from "../src/index.js";
import { adoptManifestEntry, MANIFEST_VERSION, type ManifestTask, parseManifest } from "../src/internal.js";

const entry: ManifestTask = {
  name: "math.add",
  module: "math",
  key: "add",
  kind: "function",
  compiledFile: "dist/math.js",
  sourceFile: "src/math.ts",
  line: 3,
  signature: {
    params: [
      { name: "a", type: { kind: "simple", simple: "integer" } },
      { name: "b", type: { kind: "simple", simple: "integer" } },
    ],
    returns: { kind: "single", type: { kind: "simple", simple: "integer" } },
  } as never,
  hash: "x",
};
const manifest = { version: MANIFEST_VERSION, tasks: [entry], workflows: [], exports: [] };

describe("parseManifest", () => {
  test("reads a valid manifest; a version 1 manifest without workflows gets an empty list", () => {
    expect(parseManifest(JSON.stringify(manifest)).tasks[0]?.key).toBe("add");
    const old = parseManifest(JSON.stringify({ version: 1, tasks: [], exports: [] }));
    expect(old.workflows).toEqual([]);
    expect(old.inputs).toBeUndefined();
  });

  test.each([
    ["not json", "{", /is not JSON/],
    ["no version", JSON.stringify({ tasks: [] }), /version should be a number/],
    [
      "a newer version",
      JSON.stringify({ ...manifest, version: MANIFEST_VERSION + 1 }),
      /newer than the 2 this @flytekit-ts\/core reads/,
    ],
    ["tasks not a list", JSON.stringify({ ...manifest, tasks: {} }), /tasks should be a list/],
    [
      "a task without a module",
      JSON.stringify({ ...manifest, tasks: [{ ...entry, module: 3 }] }),
      /tasks\[0\]\.module should be a string/,
    ],
    [
      "an unknown kind",
      JSON.stringify({ ...manifest, tasks: [{ ...entry, kind: "lambda" }] }),
      /tasks\[0\]\.kind should be one of "function", "method", "instance"/,
    ],
    [
      "a broken signature",
      JSON.stringify({ ...manifest, tasks: [{ ...entry, signature: { params: 1 } }] }),
      /tasks\[0\]\.signature should be a signature/,
    ],
    [
      "inputs with a non-string hash",
      JSON.stringify({ ...manifest, inputs: { sources: { "a.ts": 1 }, compiled: {}, outDirs: [] } }),
      /inputs\.sources\["a\.ts"\] should be a string/,
    ],
  ])("%s: a validation error naming the field", (_, text, message) => {
    expect(() => parseManifest(text, "flyte.manifest.json")).toThrow(FlyteValidationError);
    expect(() => parseManifest(text, "flyte.manifest.json")).toThrow(message);
  });
});

describe("adoptManifestEntry", () => {
  test("a task built without the transformer takes the entry's identity and interface", () => {
    const add = task((a: number, b: number) => a + b);
    expect(add.tracking).toBeUndefined();
    adoptManifestEntry(add, entry);
    expect(add.name).toBe("math.add");
    expect(Object.keys(add.interface.inputs?.variables ?? {})).toEqual(["a", "b"]);
    expect(add.tracking).toMatchObject({ module: "math", key: "add", line: 3 });
  });

  test("what the transformer attached is kept", () => {
    const add = task(
      (a: number) => a,
      { name: "explicit" },
      {
        module: "other",
        key: "add",
        signature: {
          params: [{ name: "a", type: { kind: "simple", simple: "float" } }],
          returns: { kind: "single", type: { kind: "simple", simple: "float" } },
        } as never,
      },
    );
    adoptManifestEntry(add, entry);
    expect(add.tracking?.module).toBe("other");
    expect(Object.keys(add.interface.inputs?.variables ?? {})).toEqual(["a"]);
  });

  test("a workflow adopts its signature; plain values are left alone", () => {
    const flow = workflow((a: number) => a);
    expect(flow.interfaceKnown).toBe(false);
    adoptManifestEntry(flow, { ...entry, kind: "workflow", key: "flow", name: "math.flow" } as never);
    expect(flow.interfaceKnown).toBe(true);
    expect(flow.name).toBe("math.flow");
    expect(() => adoptManifestEntry(42, entry)).not.toThrow();
  });
});
