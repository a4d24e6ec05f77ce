import { clone, toBinary } from "@bufbuild/protobuf";
import { describe, expect, test } from "vitest";
import { TaskSpecSchema } from "../src/gen/flyteidl/admin/task_pb.js";
import { LiteralTypeSchema } from "../src/gen/flyteidl/core/types_pb.js";
import {
  ContainerTask,
  encodeTaskSpec,
  type InputsInit,
  Interface,
  literalTypeOf,
  type OutputsInit,
  SerializationSettings,
  serializeTask,
  t,
} from "../src/index.js";

const point = t.struct("Point", { x: t.int, y: t.optional(t.float), tags: t.list(t.string) });

describe("interface literal types", () => {
  test("one frozen LiteralType per distinct type is shared between interfaces", () => {
    const a = new Interface({ inputs: { p: point } }).toModel();
    const b = new Interface({ inputs: { q: structuredClone(point) } }).toModel();
    const typeA = a.inputs?.variables.p?.type;
    expect(typeA).toBe(b.inputs?.variables.q?.type);
    expect(Object.isFrozen(typeA)).toBe(true);
    // Mutating a shared type fails loudly instead of changing other templates.
    expect(() => {
      (typeA as { metadata: unknown }).metadata = undefined;
    }).toThrow(TypeError);
    // Variables themselves are fresh messages.
    expect(a.inputs?.variables.p).not.toBe(b.inputs?.variables.q);
  });

  test("literalTypeOf still returns a fresh, mutable message", () => {
    const fresh = literalTypeOf(point);
    expect(Object.isFrozen(fresh)).toBe(false);
    expect(fresh).not.toBe(literalTypeOf(point));
  });
});

describe("encodeTaskSpec: toBinary with shared literal types encoded once", () => {
  const settings = SerializationSettings.forImage("ghcr.io/org/img:v1", "v1", "p", "d");
  const container = (name: string, inputs: InputsInit, outputs: OutputsInit) =>
    new ContainerTask({ name, image: "alpine:3.20", command: ["true"], inputs, outputs });
  const specs = [
    container(
      "structs",
      { p: point, n: t.map(t.list(point)) },
      { o0: point, o1: t.union(t.int, t.string, t.none) },
    ),
    container("nothing", {}, {}),
    container("files", { f: t.file("csv"), e: t.enum(["a", "b"]) }, { o0: t.directory() }),
  ].map((each) => serializeTask(each, settings));

  test.each(specs.map((spec) => [spec.template?.id?.name, spec] as const))(
    "%s: the same bytes as toBinary, twice over (cold and cached)",
    (_, spec) => {
      const expected = toBinary(TaskSpecSchema, spec);
      expect(Buffer.from(encodeTaskSpec(spec)).equals(Buffer.from(expected))).toBe(true);
      expect(Buffer.from(encodeTaskSpec(spec)).equals(Buffer.from(expected))).toBe(true);
    },
  );

  test("the spec is left as it was, and a type changed after serializing is encoded as changed", () => {
    const spec = clone(TaskSpecSchema, specs[0] as (typeof specs)[0]);
    const before = toBinary(TaskSpecSchema, spec);
    encodeTaskSpec(spec);
    expect(Buffer.from(toBinary(TaskSpecSchema, spec)).equals(Buffer.from(before))).toBe(true);
    // A clone is not frozen: its types are the caller's to change, and encoding follows them.
    const variable = spec.template?.interface?.inputs?.variables.p;
    if (variable?.type === undefined) throw new Error("no type");
    variable.type.metadata = { changed: true };
    const changed = encodeTaskSpec(spec);
    expect(Buffer.from(changed).equals(Buffer.from(toBinary(TaskSpecSchema, spec)))).toBe(true);
    expect(Buffer.from(changed).equals(Buffer.from(before))).toBe(false);
    expect(toBinary(LiteralTypeSchema, variable.type).length).toBeGreaterThan(0);
  });
});
