import { toBinary } from "@bufbuild/protobuf";
import { describe, expect, test } from "vitest";
import { TaskMetadataSchema } from "../src/gen/flyteidl/core/tasks_pb.js";
import { InstanceTask, type InstanceTaskOptions, SerializationSettings, TaskMetadata } from "../src/index.js";
import { ResourceSpec, toTaskTemplate } from "../src/internal.js";

const settings = SerializationSettings.forImage("ghcr.io/org/img:v1", "v1", "p", "d");

class Noop extends InstanceTask {
  execute(): unknown {
    return undefined;
  }
}
const task = (options: Partial<InstanceTaskOptions> = {}) =>
  new Noop({ name: "noop", tracking: { module: "m", key: "noop" }, ...options });
const container = (options: Partial<InstanceTaskOptions> = {}, s = settings) => {
  const target = toTaskTemplate(task(options), s).target;
  if (target.case !== "container") throw new Error(`expected a container, got ${target.case}`);
  return target.value;
};
const entries = (list: { name: number; value: string }[]) => list.map(({ name, value }) => [name, value]);

describe("resources", () => {
  test("entries in flytekit's order: ephemeral storage, cpu, gpu, memory; requests then limits", () => {
    const { resources } = container({
      requests: { mem: "1Gi", cpu: "1", ephemeralStorage: "10Gi", gpu: "1" },
      limits: { mem: "2Gi", cpu: 2 },
    });
    expect(entries(resources?.requests ?? [])).toEqual([
      [5, "10Gi"],
      [1, "1"],
      [2, "1"],
      [3, "1Gi"],
    ]);
    expect(entries(resources?.limits ?? [])).toEqual([
      [1, "2"],
      [3, "2Gi"],
    ]);
  });

  test("`resources`: a quantity sets the request only, a pair sets request and limit", () => {
    const spec = ResourceSpec.fromMultipleResource({ cpu: ["1", "2"], mem: "1Gi", gpu: [0.5, 1] });
    expect(spec.requests).toEqual({ cpu: "1", mem: "1Gi", gpu: "0.5" });
    expect(spec.limits).toEqual({ cpu: "2", gpu: "1" });
  });

  test("numbers become decimal strings; 0 and empty strings mean unset (Python's falsy values)", () => {
    const spec = ResourceSpec.fromOptions({ requests: { cpu: 0.25, mem: "", gpu: 0 } });
    expect(spec.requests).toEqual({ cpu: "0.25" });
  });

  test("`resources` with `requests` or `limits` is refused with flytekit's message", () => {
    const message =
      "`resource` can not be used together with the `limits` or `requests`. Please only set `resource`.";
    expect(() => task({ resources: { cpu: "1" }, limits: { cpu: "2" } })).toThrow(message);
    expect(() => task({ resources: { cpu: "1" }, requests: { cpu: "2" } })).toThrow(message);
  });

  test("bad quantities and pairs", () => {
    expect(() =>
      ResourceSpec.fromMultipleResource({ cpu: ["1", "2", "3"] as unknown as [string, string] }, "t"),
    ).toThrow("Task t: resources.cpu must be a single quantity or a [request, limit] pair, got 3 values");
    expect(() => ResourceSpec.fromOptions({ requests: { cpu: ["1", "2"] } }, "t")).toThrow(
      "[request, limit] pairs are only allowed in `resources`",
    );
    expect(() => ResourceSpec.fromOptions({ limits: { mem: -1 } }, "t")).toThrow(
      "must be a non-negative quantity",
    );
    expect(() => ResourceSpec.fromOptions({ limits: { mem: Number.NaN } }, "t")).toThrow(
      "non-negative quantity",
    );
    expect(() => ResourceSpec.fromOptions({ limits: { mem: true as unknown as string } }, "t")).toThrow(
      "must be a string or a number",
    );
  });

  test("settings' default resources apply only to tasks without resources (flytekit 1.16.1)", () => {
    const defaults = new ResourceSpec({ cpu: "3" }, { mem: "4Gi" });
    const withDefaults = settings.with({ defaultResources: defaults });
    expect(entries(container({}, withDefaults).resources?.requests ?? [])).toEqual([[1, "3"]]);
    expect(entries(container({ requests: { cpu: "1" } }, withDefaults).resources?.requests ?? [])).toEqual([
      [1, "1"],
    ]);
    expect(entries(container({ requests: { cpu: "1" } }, withDefaults).resources?.limits ?? [])).toEqual([]);
  });
});

describe("environment", () => {
  test("settings env first, then the task's; the task wins in place", () => {
    const env = container(
      { environment: { B: "task", C: "3" } },
      settings.newBuilder().env({ A: "1", B: "settings" }).build(),
    ).env;
    expect(env.map(({ key, value }) => [key, value])).toEqual([
      ["A", "1"],
      ["B", "task"],
      ["C", "3"],
    ]);
  });
});

describe("TaskMetadata", () => {
  test("flytekit's validation messages", () => {
    expect(() => new TaskMetadata({ cache: true })).toThrow(
      "Caching is enabled ``cache=True`` but ``cache_version`` is not set.",
    );
    expect(() => new TaskMetadata({ cacheSerialize: true })).toThrow(
      "Cache serialize is enabled ``cache_serialize=True`` but ``cache`` is not enabled.",
    );
    expect(() => new TaskMetadata({ cacheIgnoreInputVars: ["a"] })).toThrow(
      'Cache ignore input vars are specified ``cache_ignore_input_vars=["a"]`` but ``cache`` is not enabled.',
    );
    expect(() => new TaskMetadata({ timeout: "1h" as unknown as number })).toThrow(
      "timeout should be duration represented as either a {seconds, nanos} duration or int seconds",
    );
    expect(() => new TaskMetadata({ timeout: 1.5 })).toThrow("timeout should be duration");
    expect(() => new TaskMetadata({ timeout: { seconds: 1, nanos: 2e9 } })).toThrow(
      "timeout should be duration",
    );
    expect(() => new TaskMetadata({ retries: -1 })).toThrow("retries must be a non-negative integer");
  });

  test("field presence: retries, generates_deck and metadata always; interruptible when set, even false", () => {
    const empty = new TaskMetadata().toModel();
    expect(empty.retries?.retries).toBe(0);
    expect(empty.generatesDeck).toBe(false);
    expect(empty.metadata).toBeDefined();
    expect(empty.interruptibleValue.case).toBeUndefined();
    expect(empty.timeout).toBeUndefined();
    // Wire, after runtime (2): retries (5) empty, generates_deck (15) empty, metadata (16) empty.
    expect(Buffer.from(toBinary(TaskMetadataSchema, empty)).toString("hex")).toMatch(/^12.+2a007a00820100$/);
    const off = new TaskMetadata({ interruptible: false }).toModel();
    expect(off.interruptibleValue).toEqual({ case: "interruptible", value: false });
  });

  test("all fields", () => {
    const model = new TaskMetadata({
      cache: true,
      cacheSerialize: true,
      cacheVersion: "v2",
      cacheIgnoreInputVars: ["x"],
      interruptible: true,
      deprecated: "use other",
      retries: 3,
      timeout: 3600,
      podTemplateName: "pt",
      generatesDeck: true,
      isEager: true,
      labels: { b: "2", a: "1" },
      annotations: { k: "v" },
    }).toModel();
    expect(model).toMatchObject({
      discoverable: true,
      cacheSerializable: true,
      discoveryVersion: "v2",
      cacheIgnoreInputVars: ["x"],
      deprecatedErrorMessage: "use other",
      podTemplateName: "pt",
      generatesDeck: true,
      isEager: true,
    });
    expect(model.timeout?.seconds).toBe(3600n);
    expect(model.retries?.retries).toBe(3);
    expect(Object.keys(model.metadata?.labels ?? {})).toEqual(["a", "b"]);
    expect(model.runtime).toMatchObject({ flavor: "typescript" });
  });

  test("task options podTemplateName, labels and annotations land in the metadata", () => {
    const metadata = task({
      metadata: { retries: 1 },
      podTemplateName: "gpu-pod",
      labels: { team: "ml" },
      annotations: { note: "x" },
    }).metadata;
    expect(metadata.retries).toBe(1);
    expect(metadata.podTemplateName).toBe("gpu-pod");
    expect(metadata.labels).toEqual({ team: "ml" });
    expect(metadata.annotations).toEqual({ note: "x" });
  });

  test("enableDeck sets generates_deck", () => {
    expect(toTaskTemplate(task({ enableDeck: true }), settings).metadata?.generatesDeck).toBe(true);
  });
});
