// Dynamic tasks (flytekit's @dynamic): the futures.pb (DynamicJobSpec) flytekit 1.16.24 wrote for
// `fan_out(n=3)` calling `square` in a loop (fixtures/flytekit-1.16.24-constructs), local runs, and
// the settings the task carries to serialize its graph at run time.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { equals, fromBinary, toJson } from "@bufbuild/protobuf";
import { describe, expect, test } from "vitest";
import { DynamicJobSpecSchema } from "../src/gen/flyteidl/core/dynamic_job_pb.js";
import { BindingSchema } from "../src/gen/flyteidl/core/literals_pb.js";
import { NodeSchema } from "../src/gen/flyteidl/core/workflow_pb.js";
import { dynamic, type Int, SerializationSettings, serializeTask, t, task } from "../src/index.js";
import { dynamicJobSpec, settingsFromTransport } from "../src/internal.js";

const golden = join(import.meta.dirname, "fixtures", "flytekit-1.16.24-constructs");
const settings = SerializationSettings.forImage("ghcr.io/org/img:v1", "v1", "p", "d");

const square = task(
  (x: Int): Int => (x * x) as Int,
  {},
  {
    module: "ref_constructs",
    key: "square",
    signature: { params: [{ name: "x", type: t.int }], returns: { kind: "single", type: t.int } },
  },
);
const fanOut = dynamic(
  (n: Int): Int[] => {
    const out = [];
    for (let i = 0; i < n; i++) out.push(square(i as Int));
    return out as unknown as Int[];
  },
  {},
  {
    module: "ref_constructs",
    key: "fan_out",
    signature: { params: [{ name: "n", type: t.int }], returns: { kind: "single", type: t.list(t.int) } },
  },
);

describe("dynamic tasks, as flytekit 1.16.24 runs them", () => {
  test("fan_out(3): the nodes dn0..dn2, min_successes, the output collection, byte for byte; the task templates as ours", () => {
    const ours = dynamicJobSpec(fanOut.self as never, { n: 3 }, settings);
    const theirs = fromBinary(DynamicJobSpecSchema, readFileSync(join(golden, "fan_out.futures.pb")));
    expect(ours.nodes.length).toBe(3);
    ours.nodes.forEach((node, i) => {
      if (!equals(NodeSchema, node, theirs.nodes[i] as never))
        expect(toJson(NodeSchema, node)).toEqual(toJson(NodeSchema, theirs.nodes[i] as never));
    });
    expect(ours.minSuccesses).toBe(theirs.minSuccesses);
    for (const [i, binding] of ours.outputs.entries())
      expect(equals(BindingSchema, binding, theirs.outputs[i] as never)).toBe(true);
    // The graph's task: the same id and interface; its template is ours (tsflyte-execute).
    expect(ours.tasks.map((template) => template.id)).toEqual(theirs.tasks.map((template) => template.id));
    expect(ours.tasks[0]?.interface).toEqual(theirs.tasks[0]?.interface);
  });

  test("runs locally: the body builds the graph on the values, the graph runs", async () => {
    expect(await fanOut(3 as Int)).toEqual([0, 1, 4]);
    expect(await fanOut(0 as Int)).toEqual([]);
  });

  test("its container carries the serialization settings (_F_SS_C) its graph is serialized with at run time", () => {
    const template = serializeTask(fanOut.self, settings).template;
    const env = template?.target.case === "container" ? template.target.value.env : [];
    const value = env.find((pair) => pair.key === "_F_SS_C")?.value as string;
    const back = settingsFromTransport(value);
    expect([back.project, back.domain, back.version]).toEqual(["p", "d", "v1"]);
    expect(back.imageConfig.defaultImage?.fqn).toBe("ghcr.io/org/img");
    expect(() => settingsFromTransport("not settings")).toThrow(
      "_F_SS_C does not hold serialization settings",
    );
  });
});
