// Attribute access on promises (flytekit's `s.points`, `s.tags["a"]`, `s.points[0]`): the output
// reference's attr_path, the size of flytekit 1.16.24's specs for the same workflows (its
// `pyflyte package` listing), local runs, types, and errors.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { toBinary, toJson } from "@bufbuild/protobuf";
import { describe, expect, test } from "vitest";
import { WorkflowSpecSchema } from "../src/gen/flyteidl/admin/workflow_pb.js";
import {
  fromLiteralMap,
  type Int,
  SerializationSettings,
  serializeWorkflow,
  type TypeDescriptor,
  t,
  task,
  toLiteralMap,
  workflow,
} from "../src/index.js";
import { runInProcess, runWorkflow } from "../src/internal.js";

interface Point {
  x: number;
  y: number;
  label?: string;
}
interface Shape {
  name: string;
  points: Point[];
  tags: Record<string, Int>;
  note?: string;
}
const point = t.struct("Point", { x: t.float, y: t.float, label: t.optional(t.string) });
const shape = t.struct("Shape", {
  name: t.string,
  points: t.list(point),
  tags: t.map(t.int),
  note: t.optional(t.string),
});
const meta = (key: string, params: [string, TypeDescriptor][], returns: TypeDescriptor) => ({
  module: "ref_constructs",
  key,
  signature: {
    params: params.map(([name, type]) => ({ name, type })),
    returns: { kind: "single" as const, type: returns },
  },
});

const makeShape = task(
  (name: string): Shape => ({ name, points: [{ x: 1, y: 2 }], tags: { a: 1 as Int } }),
  {},
  meta("make_shape", [["name", t.string]], shape),
);
const countPoints = task(
  (points: Point[]): Int => points.length as Int,
  {},
  meta("count_points", [["points", t.list(point)]], t.int),
);
const add = task(
  (a: Int, b: Int): Int => (a + b) as Int,
  {},
  meta(
    "add",
    [
      ["a", t.int],
      ["b", t.int],
    ],
    t.int,
  ),
);
const pointX = task((p: Point): number => p.x, {}, meta("point_x", [["p", point]], t.float));

const attrAccess = workflow(
  (name: string) => countPoints(makeShape(name).points),
  {},
  meta("attr_access", [["name", t.string]], t.int),
);
const attrAccessMore = workflow(
  (name: string) => {
    const s = makeShape(name);
    // With noUncheckedIndexedAccess a map entry and a list element may be missing: `!` says they are not.
    const total = add(s.tags.a!, countPoints(s.points));
    const x = pointX(s.points[0]!);
    return [total, x] as const;
  },
  {},
  {
    module: "ref_constructs",
    key: "attr_access_more",
    signature: {
      params: [{ name: "name", type: t.string }],
      returns: { kind: "tuple" as const, types: [t.int, t.float] },
    },
  },
);

const listing = readFileSync(
  join(import.meta.dirname, "fixtures", "flytekit-1.16.24-constructs", "package-fast-contents.txt"),
  "utf8",
);
const flytekitSize = (name: string) =>
  Number(new RegExp(`_ref_constructs\\.${name}_2\\.pb\\s+(\\d+) bytes`).exec(listing)?.[1]);
const packaged = new SerializationSettings({ imageConfig: undefined as never });

describe("attribute access, as flytekit 1.16.24 writes it", () => {
  test("the binding's attr_path: a field as a string, a map key as a string, a list index as an int", () => {
    const spec = toJson(WorkflowSpecSchema, serializeWorkflow(attrAccessMore as never, packaged)) as {
      template: { nodes: { inputs: { var: string; binding: { promise: { attrPath?: unknown[] } } }[] }[] };
    };
    const [, counting, adding, pointing] = spec.template.nodes;
    expect(counting?.inputs[0]?.binding.promise.attrPath).toEqual([{ stringValue: "points" }]);
    expect(adding?.inputs.find((input) => input.var === "a")?.binding.promise.attrPath).toEqual([
      { stringValue: "tags" },
      { stringValue: "a" },
    ]);
    expect(pointing?.inputs[0]?.binding.promise.attrPath).toEqual([
      { stringValue: "points" },
      { intValue: 0 },
    ]);
  });

  test.each([
    ["attr_access", attrAccess],
    ["attr_access_more", attrAccessMore],
  ])("%s: the WorkflowSpec is the size flytekit's package wrote", (name, flow) => {
    expect(toBinary(WorkflowSpecSchema, serializeWorkflow(flow as never, packaged)).length).toBe(
      flytekitSize(name),
    );
  });

  test("runs locally: parts are read from the struct's msgpack, list elements and map entries", async () => {
    const outputs = await runWorkflow(
      attrAccessMore as never,
      toLiteralMap(new Map([["name", t.string]]), { name: "s" }),
      runInProcess,
    );
    expect(
      await fromLiteralMap(
        new Map<string, TypeDescriptor>([
          ["o0", t.int],
          ["o1", t.float],
        ]),
        outputs,
      ),
    ).toEqual({ o0: 2, o1: 1 });
    const one = await runWorkflow(
      attrAccess as never,
      toLiteralMap(new Map([["name", t.string]]), { name: "s" }),
      runInProcess,
    );
    expect(await fromLiteralMap(new Map<string, TypeDescriptor>([["o0", t.int]]), one)).toEqual({ o0: 1 });
  });

  test("a field the struct does not have, or an index into a struct: a compile error naming the path", () => {
    const wrong = workflow(
      (name: string) => countPoints((makeShape(name) as unknown as { corners: Point[] }).corners),
      {},
      meta("wrong", [["name", t.string]], t.int),
    );
    expect(() => serializeWorkflow(wrong as never, packaged)).toThrow(
      /output o0 of node n0 \(ref_constructs\.make_shape\) \(Shape\) has no field "corners"/,
    );
    const mistyped = workflow(
      (name: string) => countPoints(makeShape(name).tags as never),
      {},
      meta("mistyped", [["name", t.string]], t.int),
    );
    expect(() => serializeWorkflow(mistyped as never, packaged)).toThrow(
      /expects list<Point> but got output o0 of node n0 \(ref_constructs\.make_shape\)\.tags \(map<string, int>\)/,
    );
  });
});
