import { clone, create, equals, toBinary } from "@bufbuild/protobuf";
import { describe, expect, test } from "vitest";
import { TaskSpecSchema } from "../src/gen/flyteidl/admin/task_pb.js";
import { KeyValuePairSchema } from "../src/gen/flyteidl/core/literals_pb.js";
import {
  Secret_MountType,
  SecretSchema,
  SecurityContextSchema,
} from "../src/gen/flyteidl/core/security_pb.js";
import {
  Resources_ResourceEntrySchema,
  Resources_ResourceName,
  type TaskTemplate,
  TaskTemplateSchema,
} from "../src/gen/flyteidl/core/tasks_pb.js";
import {
  ContainerTask,
  InstanceTask,
  MetadataFormat,
  Secret,
  SerializationSettings,
  serializeTask,
  t,
  VERSION,
} from "../src/index.js";
import { goldenTemplate, pbjs, throughProtobufjs } from "./support/fixtures.js";

/** The settings the golden files were made with. */
const settings = SerializationSettings.forImage("ghcr.io/org/img:v1", "v1", "p", "d");

/**
 * flytekit's template with the differences DESIGN.md allows: runtime flavor and version, and for
 * function-like tasks the task type, entrypoint and resolver location.
 */
function expectedFrom(golden: TaskTemplate, functionLike: boolean): TaskTemplate {
  const expected = clone(TaskTemplateSchema, golden);
  if (expected.metadata?.runtime) {
    expected.metadata.runtime.flavor = "typescript";
    expected.metadata.runtime.version = VERSION;
  }
  if (functionLike && expected.target.case === "container") {
    expected.type = "typescript-task";
    const args = expected.target.value.args;
    args[0] = "tsflyte-execute";
    args[args.indexOf("flytekit.core.python_auto_container.default_task_resolver")] =
      "@flytekit-ts/runtime:defaultTaskResolver";
  }
  return expected;
}

/** A function-like task without a function: its interface declared explicitly. */
class Reference extends InstanceTask {
  execute(): unknown {
    return undefined;
  }
}

/** Serializes, checks determinism, and decodes the bytes with the independent protobufjs code. */
function serialize(task: Parameters<typeof serializeTask>[0]): TaskTemplate {
  const spec = serializeTask(task, settings);
  const { bytes, equal } = throughProtobufjs(TaskSpecSchema, pbjs.admin.TaskSpec, spec);
  expect(toBinary(TaskSpecSchema, serializeTask(task, settings))).toEqual(bytes);
  expect(equal).toBe(true);
  if (spec.template === undefined) throw new Error("no template");
  return spec.template;
}

const square = (extra: Partial<ConstructorParameters<typeof ContainerTask>[0]> = {}) =>
  new ContainerTask({
    name: "square",
    image: "alpine",
    inputDataDir: "/var/inputs",
    outputDataDir: "/var/outputs",
    inputs: { val: t.int },
    outputs: { out: t.int },
    command: ["sh", "-c", "echo $(( {{.inputs.val}} * {{.inputs.val}} )) | tee /var/outputs/out"],
    metadataFormat: MetadataFormat.JSON,
    ...extra,
  });

describe("task templates equal flytekit 1.16.24's", () => {
  test("ContainerTask square", () => {
    const ours = serialize(square());
    const expected = expectedFrom(goldenTemplate("square"), false);
    expect(equals(TaskTemplateSchema, ours, expected)).toBe(true);
    // No map with more than one entry: even the bytes are flytekit's.
    expect(toBinary(TaskTemplateSchema, ours)).toEqual(toBinary(TaskTemplateSchema, expected));
  });

  test("ContainerTask square with env, resources and a secret (per the spec)", () => {
    const ours = serialize(
      square({
        environment: { a: "b" },
        requests: { cpu: "1" },
        limits: { cpu: "2" },
        secretRequests: [new Secret({ group: "g", key: "k" })],
      }),
    );
    const expected = expectedFrom(goldenTemplate("square"), false);
    if (expected.target.case !== "container") throw new Error("golden square has no container");
    const container = expected.target.value;
    container.env = [create(KeyValuePairSchema, { key: "a", value: "b" })];
    container.resources = {
      ...container.resources,
      $typeName: "flyteidl.core.Resources",
      requests: [create(Resources_ResourceEntrySchema, { name: Resources_ResourceName.CPU, value: "1" })],
      limits: [create(Resources_ResourceEntrySchema, { name: Resources_ResourceName.CPU, value: "2" })],
    };
    expected.securityContext = create(SecurityContextSchema, {
      secrets: [create(SecretSchema, { group: "g", key: "k", mountRequirement: Secret_MountType.ANY })],
    });
    expect(equals(TaskTemplateSchema, ours, expected)).toBe(true);
  });

  test("function-like task add(a: int, b: int) -> int", () => {
    const add = new Reference({
      name: "ref_tasks.add",
      inputs: { a: t.int, b: t.int },
      outputs: { o0: t.int },
      tracking: { module: "ref_tasks", key: "add" },
    });
    const ours = serialize(add);
    expect(equals(TaskTemplateSchema, ours, expectedFrom(goldenTemplate("add"), true))).toBe(true);
  });

  test("function-like task typed_io with every simple type, list, map, optional, enum, named outputs", () => {
    const typedIo = new Reference({
      name: "ref_tasks.typed_io",
      inputs: {
        s: t.string,
        f: t.float,
        flag: t.boolean,
        ints: t.list(t.int),
        weights: t.map(t.float),
        maybe: t.optional(t.string),
        when: t.datetime,
        span: t.duration,
        color: t.enum(["red", "green", "blue"]),
      },
      outputs: { summary: t.string, total: t.float },
      tracking: { module: "ref_tasks", key: "typed_io" },
    });
    const ours = serialize(typedIo);
    expect(equals(TaskTemplateSchema, ours, expectedFrom(goldenTemplate("typed_io"), true))).toBe(true);
    // Maps are sorted, so the bytes are the golden's deterministic bytes too.
    expect(toBinary(TaskTemplateSchema, ours)).toEqual(
      toBinary(TaskTemplateSchema, expectedFrom(goldenTemplate("typed_io"), true)),
    );
  });
});

describe("protobufjs reads what we write, field by field", () => {
  test("the cross-check fails when a field is not what protobufjs expects", () => {
    const spec = serializeTask(square(), settings);
    expect(throughProtobufjs(TaskSpecSchema, pbjs.admin.TaskSpec, spec).equal).toBe(true);
    // Field 99 is not in TaskSpec: protobufjs drops it, so the round trip differs.
    spec.$unknown = [{ no: 99, wireType: 0, data: new Uint8Array([1]) }];
    expect(throughProtobufjs(TaskSpecSchema, pbjs.admin.TaskSpec, spec).equal).toBe(false);
  });

  test("container, metadata and interface fields", () => {
    const bytes = toBinary(
      TaskSpecSchema,
      serializeTask(
        square({ environment: { a: "b" }, limits: { cpu: "2" }, metadata: { retries: 3 } }),
        settings,
      ),
    );
    const decoded = pbjs.admin.TaskSpec.decode(bytes) as unknown as {
      template: {
        type: string;
        id: { name: string; project: string };
        metadata: { retries: { retries: number }; runtime: { flavor: string; version: string } };
        interface: {
          inputs: { variables: Record<string, { type: { simple: number }; description: string }> };
        };
        container: {
          image: string;
          command: string[];
          env: { key: string; value: string }[];
          resources: { limits: { name: number; value: string }[] };
          dataConfig: { enabled: boolean; inputPath: string; outputPath: string };
        };
      };
    };
    const template = decoded.template;
    expect(template.type).toBe("raw-container");
    expect(template.id).toMatchObject({ name: "square", project: "p" });
    expect(template.metadata.retries.retries).toBe(3);
    expect(template.metadata.runtime).toMatchObject({ flavor: "typescript", version: VERSION });
    expect(template.interface.inputs.variables.val).toMatchObject({
      type: { simple: 1 },
      description: "val",
    });
    expect(template.container.image).toBe("alpine");
    expect(template.container.command[0]).toBe("sh");
    expect(template.container.env).toEqual([expect.objectContaining({ key: "a", value: "b" })]);
    expect(template.container.resources.limits).toEqual([expect.objectContaining({ name: 1, value: "2" })]);
    expect(template.container.dataConfig).toMatchObject({
      enabled: true,
      inputPath: "/var/inputs",
      outputPath: "/var/outputs",
    });
  });
});
