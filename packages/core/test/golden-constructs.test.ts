// flytekit 1.16.24's own output for dataclasses with optional fields (fixtures/flytekit-1.16.24-constructs,
// made from ref_constructs.py there): the LiteralType (its JSON schema in `metadata`) and the literal
// of sample values decode equal to what the same TypeScript structs give.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { create, type DescMessage, equals, fromBinary, type MessageShape, toJson } from "@bufbuild/protobuf";
import { describe, expect, test } from "vitest";
import { TaskSpecSchema } from "../src/gen/flyteidl/admin/task_pb.js";
import { WorkflowSpecSchema } from "../src/gen/flyteidl/admin/workflow_pb.js";
import { BindingDataSchema, LiteralSchema } from "../src/gen/flyteidl/core/literals_pb.js";
import { LiteralTypeSchema } from "../src/gen/flyteidl/core/types_pb.js";
import {
  fromLiteral,
  type Int,
  literalTypeOf,
  SerializationSettings,
  serializeTask,
  type TypeDescriptor,
  t,
  task,
  toLiteral,
  toWorkflowTemplate,
  workflow,
} from "../src/index.js";

const golden = join(import.meta.dirname, "fixtures", "flytekit-1.16.24-constructs");

function read<S extends DescMessage>(schema: S, name: string): MessageShape<S> {
  return fromBinary(schema, readFileSync(join(golden, name)));
}

/** Equal as messages; on a difference, the JSON of both shows where. */
function expectEqual<S extends DescMessage>(schema: S, actual: MessageShape<S>, expected: MessageShape<S>) {
  if (!equals(schema, actual, expected)) expect(toJson(schema, actual)).toEqual(toJson(schema, expected));
}

/** `Point(x: float, y: float, label: Optional[str] = None)` and `Shape`, as TypeScript interfaces would map. */
const point = t.struct("Point", { x: t.float, y: t.float, label: t.optional(t.string) });
const shape = t.struct("Shape", {
  name: t.string,
  points: t.list(point),
  tags: t.map(t.int),
  note: t.optional(t.string),
});

const samples: [string, TypeDescriptor, unknown][] = [
  ["point_label", point, { x: 1.5, y: 2.5, label: "p" }],
  ["point_nolabel", point, { x: 1.5, y: 2.5 }],
  ["shape", shape, { name: "s", points: [{ x: 1, y: 2, label: "a" }], tags: { a: 1, b: 2 } }],
  ["optional_point_value", t.optional(point), { x: 1.5, y: 2.5 }],
  ["optional_point_none", t.optional(point), undefined],
];

describe("structs with optional fields, as flytekit 1.16.24 writes them", () => {
  test.each(samples)(
    "%s: the LiteralType (JSON schema with default null) and the literal",
    (name, type, value) => {
      expectEqual(LiteralTypeSchema, literalTypeOf(type), read(LiteralTypeSchema, `${name}.literaltype.pb`));
      expectEqual(LiteralSchema, toLiteral(type, value), read(LiteralSchema, `${name}.literal.pb`));
    },
  );
});

describe("a task's docs, as flytekit 1.16.24 writes them into TaskSpec.description", () => {
  const settings = SerializationSettings.forImage("ghcr.io/org/img:v1", "v1", "p", "d");

  test("a documented task: short and long description (RST), input and output descriptions", () => {
    // What the transformer records for the JSDoc of the same task (see the transformer's jsdoc test).
    const documented = task(
      (a: Int, b: string): number => a * 1.5 + b.length * 0,
      {},
      {
        module: "ref_constructs",
        key: "documented",
        signature: {
          params: [
            { name: "a", type: t.int, description: "the value to scale" },
            { name: "b", type: t.string, description: "a label for the value" },
          ],
          returns: { kind: "single", type: t.float },
          returnsDescription: "the scaled value",
          shortDescription: "Scales a value.",
          longDescription: "The long description: a paragraph that says more than the summary line.",
        },
      },
    );
    const spec = serializeTask(documented, settings);
    const expected = read(TaskSpecSchema, "documented.taskspec.pb");
    expectEqual(TaskSpecSchema, { ...spec, template: undefined }, { ...expected, template: undefined });
    expect(spec.template?.interface).toEqual(expected.template?.interface);
  });

  test("a task without docs: an empty long description in RST, as for every flytekit function task", () => {
    const square = task(
      (x: Int): Int => (x * x) as Int,
      {},
      {
        module: "ref_constructs",
        key: "square",
        signature: { params: [{ name: "x", type: t.int }], returns: { kind: "single", type: t.int } },
      },
    );
    const expected = read(TaskSpecSchema, "square.taskspec.pb");
    expect(expected.description).toBeDefined();
    expectEqual(
      TaskSpecSchema,
      { ...serializeTask(square, settings), template: undefined },
      { ...expected, template: undefined },
    );
  });
});

describe("workflow bindings, as flytekit 1.16.24 writes them", () => {
  test("a binding to a workflow input points at the global input node: node_id left out", () => {
    const total = task(
      (xs: Int[]): Int => xs.reduce((a, b) => a + b, 0) as Int,
      {},
      {
        module: "ref_constructs",
        key: "total",
        signature: {
          params: [{ name: "xs", type: t.list(t.int) }],
          returns: { kind: "single", type: t.int },
        },
      },
    );
    const flow = workflow(
      (xs: Int[]) => total(xs),
      {},
      {
        module: "ref_constructs",
        key: "flow",
        signature: {
          params: [{ name: "xs", type: t.list(t.int) }],
          returns: { kind: "single", type: t.int },
        },
      },
    );
    const ours = toWorkflowTemplate(
      flow,
      SerializationSettings.forImage("ghcr.io/org/img:v1", "v1", "p", "d"),
    );
    // The real `squares` workflow binds its map node's `x` to the workflow input `xs` this way.
    const real = read(WorkflowSpecSchema, "squares.workflowspec.pb").template?.nodes[0]?.inputs[0]?.binding;
    const binding = ours.nodes[0]?.inputs[0]?.binding;
    expect(binding && toJson(BindingDataSchema, binding)).toEqual(real && toJson(BindingDataSchema, real));
    expect(binding && toJson(BindingDataSchema, binding)).toEqual({ promise: { var: "xs" } });
  });
});

describe("untyped dicts (JsonObject, Record<string, unknown>), as flytekit 1.16.24 writes its `dict`", () => {
  const sample = { a: 1, b: [1, 2], c: { d: "x" } };

  test("the LiteralType (STRUCT with the msgpack annotation) and the literal: msgpack bytes equal flytekit's", () => {
    expectEqual(
      LiteralTypeSchema,
      literalTypeOf(t.dict),
      read(LiteralTypeSchema, "untyped_dict.literaltype.pb"),
    );
    const ours = toLiteral(t.dict, sample);
    const theirs = read(LiteralSchema, "untyped_dict.literal.pb");
    expectEqual(LiteralSchema, ours, theirs);
    const bytes = (literal: typeof ours) =>
      literal.value.case === "scalar" && literal.value.value.value.case === "binary"
        ? Buffer.from(literal.value.value.value.value.value).toString("hex")
        : "";
    expect(bytes(ours)).toBe("83a16101a162920102a16381a164a178");
    expect(bytes(ours)).toBe(bytes(theirs));
    // Read back: flytekit's literal is the same object.
    expect(fromLiteral(t.dict, theirs)).toEqual(sample);
  });

  test("a task taking and returning a dict: the interface flytekit writes", () => {
    const untyped = task(
      (d: Record<string, unknown>): Record<string, unknown> => d,
      {},
      {
        module: "ref_constructs",
        key: "untyped",
        signature: { params: [{ name: "d", type: t.dict }], returns: { kind: "single", type: t.dict } },
      },
    );
    const spec = serializeTask(untyped, SerializationSettings.forImage("ghcr.io/org/img:v1", "v1", "p", "d"));
    const expected = read(TaskSpecSchema, "untyped.taskspec.pb");
    expect(spec.template?.interface).toEqual(expected.template?.interface);
  });

  test("values a dict cannot hold are refused naming where they are; the older generic-struct literal is read too", () => {
    expect(() => toLiteral(t.dict, { when: new Date(0) }, 'input "d"')).toThrow(
      'input "d"["when"]: a dict holds JSON values (null, booleans, numbers, strings, arrays, plain objects), not a Date',
    );
    expect(() => toLiteral(t.dict, [1, 2], 'input "d"')).toThrow(
      'input "d": expected a dict (a plain object), got an array',
    );
    expect(() => toLiteral(t.dict, { f: () => 1 })).toThrow("not function");
    expect(toLiteral(t.dict, { x: 1.5, y: undefined, z: null })).toEqual(
      toLiteral(t.dict, { x: 1.5, z: null }),
    );
    const generic = create(LiteralSchema, {
      value: { case: "scalar", value: { value: { case: "generic", value: { a: 1, b: ["x"] } } } },
    });
    expect(fromLiteral(t.dict, generic)).toEqual({ a: 1, b: ["x"] });
    // A "__proto__" key is refused on read (never merged into a prototype), with a typed error.
    const hostile = toLiteral(t.dict, JSON.parse('{"__proto__": {"polluted": true}}'));
    expect(() => fromLiteral(t.dict, hostile, 'output "o0"')).toThrow(
      /output "o0": the dict's msgpack does not decode/,
    );
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });
});
