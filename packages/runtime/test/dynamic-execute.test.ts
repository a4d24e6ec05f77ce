import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fromBinary, toBinary } from "@bufbuild/protobuf";
import { beforeAll, describe, expect, test } from "vitest";
import { DynamicJobSpecSchema, LiteralMapSchema } from "../../core/src/idl.js";
import { SerializationSettings, t, toLiteralMap } from "../../core/src/index.js";
import { settingsToTransport } from "../../core/src/internal.js";
import { buildFixtureProject, execute } from "./support/entrypoint.js";

beforeAll(() => buildFixtureProject());

const inputs = (n: number) => toBinary(LiteralMapSchema, toLiteralMap(new Map([["n", t.int]]), { n }));
const transported = settingsToTransport(
  SerializationSettings.forImage("ghcr.io/acme/app:1.0", "v0", "proj", "dev"),
);

describe("tsflyte-execute of a dynamic task", () => {
  test("writes futures.pb (the graph: dn0..dn2, the tasks serialized with the registered settings), no outputs.pb", () => {
    const run = execute(["task-module", "fanout", "task-name", "fanOut"], inputs(3), {
      env: { _F_SS_C: transported, FLYTE_INTERNAL_TASK_VERSION: "v9" },
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.files).toEqual(["futures.pb"]);
    const spec = fromBinary(DynamicJobSpecSchema, readFileSync(join(run.outputDir, "futures.pb")));
    expect(spec.nodes.map((node) => node.id)).toEqual(["dn0", "dn1", "dn2"]);
    expect(spec.minSuccesses).toBe(3n);
    // The project and domain it was registered with; the version propeller says the task runs as.
    expect(spec.tasks.map((template) => template.id)).toMatchObject([
      { project: "proj", domain: "dev", name: "fanout.square", version: "v9" },
    ]);
    const args = spec.tasks[0]?.target.case === "container" ? spec.tasks[0].target.value.args : [];
    expect(args.slice(-4)).toEqual(["task-module", "fanout", "task-name", "square"]);
  });

  test("without the settings it was registered with: the error document (SYSTEM), nothing else", () => {
    const run = execute(["task-module", "fanout", "task-name", "fanOut"], inputs(2));
    expect(run.files).toEqual(["error.pb"]);
    expect(run.error().error?.message).toContain("has no _F_SS_C in its environment");
  });
});
