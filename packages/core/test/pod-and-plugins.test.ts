import { fromBinary, toBinary } from "@bufbuild/protobuf";
import { describe, expect, test } from "vitest";
import { TaskSpecSchema } from "../src/gen/flyteidl/admin/task_pb.js";
import type { TaskTemplate } from "../src/gen/flyteidl/core/tasks_pb.js";
import {
  ContainerTask,
  CustomizedContainerTask,
  DownloadMode,
  ExecutableTemplateShimTask,
  FlyteMissingBuildStepError,
  FlyteNotImplementedError,
  FlyteValidationError,
  InstanceTask,
  type InstanceTaskOptions,
  type JsonObject,
  MetadataFormat,
  PodTemplate,
  Secret,
  SecretMountType,
  SerializationSettings,
  ShimTaskExecutor,
  serializeTask,
  t,
  UploadMode,
} from "../src/index.js";
import { toTaskTemplate, track } from "../src/internal.js";
import { pbjs, throughProtobufjs } from "./support/fixtures.js";

const settings = SerializationSettings.forImage("ghcr.io/org/img:v1", "v1", "p", "d", { env: { S: "s" } });

class Noop extends InstanceTask {
  execute(): unknown {
    return undefined;
  }
}
const noop = (options: Partial<InstanceTaskOptions> = {}) =>
  new Noop({ name: "noop", tracking: { module: "m", key: "noop" }, ...options });

function pod(template: TaskTemplate) {
  if (template.target.case !== "k8sPod") throw new Error(`expected a pod, got ${template.target.case}`);
  return template.target.value;
}

describe("pod templates (flytekit's _serialize_pod_spec)", () => {
  const podTemplate = new PodTemplate({
    primaryContainerName: "main",
    labels: { team: "ml" },
    annotations: { a: "1" },
    podSpec: {
      containers: [
        { name: "main", env: [{ name: "OWN", value: "1" }], image: "{{.image.default.fqn}}:custom" },
        { name: "sidecar", image: "{{.image.default.fqn}}:side" },
      ],
      nodeSelector: { gpu: "true" },
    },
  });

  test("auto-container task: primary container gets command, args, resources, env first; images resolved", () => {
    const template = toTaskTemplate(
      noop({ podTemplate, requests: { cpu: "1" }, limits: { mem: "1Gi" }, environment: { E: "e" } }),
      settings,
    );
    expect(template.config).toEqual({ primary_container_name: "main" });
    const { metadata, podSpec } = pod(template);
    expect(metadata?.labels).toEqual({ team: "ml" });
    expect(metadata?.annotations).toEqual({ a: "1" });
    const containers = podSpec?.containers as JsonObject[];
    expect(containers[0]).toEqual({
      name: "main",
      image: "ghcr.io/org/img:custom",
      command: [],
      args: expect.arrayContaining(["tsflyte-execute", "task-module", "m", "task-name", "noop"]),
      resources: { requests: { cpu: "1" }, limits: { memory: "1Gi" } },
      env: [
        { name: "S", value: "s" },
        { name: "E", value: "e" },
        { name: "OWN", value: "1" },
      ],
    });
    expect(containers[1]).toEqual({ name: "sidecar", image: "ghcr.io/org/img:side" });
    expect(podSpec?.nodeSelector).toEqual({ gpu: "true" });
    // Struct keys are sorted, so the bytes are stable.
    expect(Object.keys(containers[0] ?? {})).toEqual([
      "args",
      "command",
      "env",
      "image",
      "name",
      "resources",
    ]);
  });

  test("a missing primary container is added with the task's image; no resources key without resources", () => {
    const template = toTaskTemplate(noop({ podTemplate: new PodTemplate() }), settings);
    const containers = pod(template).podSpec?.containers as JsonObject[];
    expect(containers).toHaveLength(1);
    expect(containers[0]).toMatchObject({
      name: "primary",
      image: "ghcr.io/org/img:v1",
      env: [{ name: "S", value: "s" }],
    });
    expect(containers[0]).not.toHaveProperty("resources");
    expect(template.config).toEqual({ primary_container_name: "primary" });
  });

  test("ContainerTask with a pod template keeps its data config on the pod", () => {
    const task = new ContainerTask({
      name: "c",
      image: "alpine:3",
      command: ["true"],
      inputDataDir: "/in",
      outputDataDir: "/out",
      podTemplate: new PodTemplate(),
      podTemplateName: "named",
    });
    const template = toTaskTemplate(task, settings);
    const k8s = pod(template);
    expect(k8s.dataConfig).toMatchObject({ enabled: true, inputPath: "/in", outputPath: "/out" });
    expect(template.metadata?.podTemplateName).toBe("named");
    const containers = (k8s.podSpec?.containers ?? []) as JsonObject[];
    expect(containers[0]?.command).toEqual(["true"]);
  });

  test("a pod spec whose containers is not a list", () => {
    expect(() =>
      toTaskTemplate(noop({ podTemplate: new PodTemplate({ podSpec: { containers: "x" } }) }), settings),
    ).toThrow("Task noop: podTemplate.podSpec.containers must be an array");
  });
});

describe("extended resources and secrets", () => {
  test("accelerator and shared memory", () => {
    const template = toTaskTemplate(
      noop({ accelerator: { device: "nvidia-tesla-a100", partitionSize: "1g.5gb" }, sharedMemory: "2Gi" }),
      settings,
    );
    expect(template.extendedResources?.gpuAccelerator).toMatchObject({
      device: "nvidia-tesla-a100",
      partitionSizeValue: { case: "partitionSize", value: "1g.5gb" },
    });
    expect(template.extendedResources?.sharedMemory).toMatchObject({
      mountPath: "/dev/shm",
      mountName: "flyte-shared-memory",
      sizeLimit: "2Gi",
    });
    const plain = toTaskTemplate(
      noop({ accelerator: "nvidia-l4", sharedMemory: true }),
      settings,
    ).extendedResources;
    expect(plain?.gpuAccelerator?.partitionSizeValue.case).toBeUndefined();
    expect(plain?.sharedMemory?.sizeLimit).toBe("");
    expect(toTaskTemplate(noop(), settings).extendedResources).toBeUndefined();
    expect(() =>
      toTaskTemplate(
        noop({ accelerator: { device: "a", partitionSize: "1g", unpartitioned: true } }),
        settings,
      ),
    ).toThrow(FlyteValidationError);
  });

  test("secrets: security context only when requested; mount requirement and env var", () => {
    expect(toTaskTemplate(noop(), settings).securityContext).toBeUndefined();
    const template = toTaskTemplate(
      noop({
        secretRequests: [
          new Secret({ group: "db", key: "pw", mountRequirement: SecretMountType.ENV_VAR, envVar: "PW" }),
        ],
      }),
      settings,
    );
    expect(template.securityContext?.secrets).toEqual([
      expect.objectContaining({
        group: "db",
        key: "pw",
        mountRequirement: SecretMountType.ENV_VAR,
        envVar: "PW",
      }),
    ]);
    expect(() => new Secret({ group: "" })).toThrow("Group is a required parameter");
    expect(() => noop({ secretRequests: [{ group: "g" } as unknown as Secret] })).toThrow(
      "secrets should be of type Secret",
    );
  });
});

describe("ContainerTask data loading config", () => {
  const base = { name: "c", image: "alpine:3", command: ["true"], outputDataDir: "/out" };
  test("metadata format and IO strategy with its own download and upload enums", () => {
    const template = toTaskTemplate(
      new ContainerTask({
        ...base,
        metadataFormat: MetadataFormat.YAML,
        ioStrategy: { downloadMode: DownloadMode.DO_NOT_DOWNLOAD, uploadMode: UploadMode.UPLOAD_EAGER },
      }),
      settings,
    );
    if (template.target.case !== "container") throw new Error("no container");
    expect(template.target.value.dataConfig).toMatchObject({
      format: MetadataFormat.YAML,
      ioStrategy: { downloadMode: DownloadMode.DO_NOT_DOWNLOAD, uploadMode: UploadMode.UPLOAD_EAGER },
    });
    const plain = toTaskTemplate(new ContainerTask(base), settings);
    if (plain.target.case !== "container") throw new Error("no container");
    expect(plain.target.value.dataConfig?.ioStrategy).toBeUndefined();
    expect(plain.target.value.args).toEqual([]);
    expect(plain.config).toEqual({});
  });
});

class SqlExecutor extends ShimTaskExecutor {
  executeFromModel(template: TaskTemplate, inputs: Readonly<Record<string, unknown>>): unknown {
    return `${String(template.custom?.query)} with ${JSON.stringify(inputs)}`;
  }
}
track(SqlExecutor, { module: "plugins.sql", key: "SqlExecutor" });

class SqlTask extends CustomizedContainerTask<{ query: string }> {
  override getCustom(): JsonObject {
    return { query: this.taskConfig.query, uri: "sqlite:///db", compressed: false, limit: 10 };
  }
}

describe("CustomizedContainerTask (flytekit's PythonCustomizedContainerTask)", () => {
  const sqlTask = () =>
    new SqlTask({
      name: "sql.count",
      taskType: "sqlite",
      image: "ghcr.io/org/sql-plugin:1",
      executorType: SqlExecutor,
      taskConfig: { query: "select count(*) from t where x > {{.inputs.x}}" },
      inputs: { x: t.int },
      outputs: { o0: t.int },
      requests: { mem: "1Gi" },
      environment: { E: "1" },
    });

  test("container args without checkpoint flags, template resolver, custom as a sorted Struct", () => {
    const spec = serializeTask(sqlTask(), settings);
    const template = spec.template;
    if (template?.target.case !== "container") throw new Error("no container");
    expect(template.type).toBe("sqlite");
    expect(template.target.value.image).toBe("ghcr.io/org/sql-plugin:1");
    expect(template.target.value.command).toEqual([]);
    expect(template.target.value.args).toEqual([
      "tsflyte-execute",
      "--inputs",
      "{{.input}}",
      "--output-prefix",
      "{{.outputPrefix}}",
      "--raw-output-data-prefix",
      "{{.rawOutputDataPrefix}}",
      "--resolver",
      "@flytekit-ts/runtime:defaultTaskTemplateResolver",
      "--",
      "{{.taskTemplatePath}}",
      "plugins.sql:SqlExecutor",
    ]);
    expect(template.target.value.env.map((e) => e.key)).toEqual(["S", "E"]);
    expect(template.custom).toEqual({
      compressed: false,
      limit: 10,
      query: "select count(*) from t where x > {{.inputs.x}}",
      uri: "sqlite:///db",
    });
    expect(Object.keys(template.custom ?? {})).toEqual(["compressed", "limit", "query", "uri"]);
    expect(template.config).toEqual({});
    // protobufjs decodes the Struct and every other field back to the same message.
    expect(throughProtobufjs(TaskSpecSchema, pbjs.admin.TaskSpec, spec).equal).toBe(true);
  });

  test("serializeToModel keeps the template; taskTemplate defaults to placeholder settings", () => {
    const task = sqlTask();
    expect(task.taskTemplate.id).toMatchObject({
      project: "PLACEHOLDER_PROJECT",
      domain: "LOCAL",
      version: "PLACEHOLDER_VERSION",
    });
    const model = task.serializeToModel(settings);
    expect(task.taskTemplate).toBe(model);
    expect(model.id?.project).toBe("p");
  });

  test("the executor runs from the template alone", () => {
    const template = sqlTask().serializeToModel(settings);
    const decoded = fromBinary(
      TaskSpecSchema,
      toBinary(TaskSpecSchema, { $typeName: "flyteidl.admin.TaskSpec", template }),
    ).template;
    if (decoded === undefined) throw new Error("no template");
    const shim = new ExecutableTemplateShimTask(decoded, SqlExecutor);
    expect(shim.name).toBe("sql.count");
    expect(shim.execute({ x: 3 })).toBe('select count(*) from t where x > {{.inputs.x}} with {"x":3}');
  });

  test("a plugin that does not override getCustom", () => {
    const bare = new CustomizedContainerTask({ name: "bare", image: "i:1", executorType: SqlExecutor });
    expect(() => serializeTask(bare, settings)).toThrow(FlyteNotImplementedError);
    expect(() => serializeTask(bare, settings)).toThrow("must override getCustom(settings)");
  });

  test("an executor whose location is unknown, and an explicit location", () => {
    class Untracked extends ShimTaskExecutor {
      executeFromModel(): unknown {
        return 1;
      }
    }
    const lost = new SqlTask({
      name: "lost",
      image: "i:1",
      executorType: Untracked,
      taskConfig: { query: "q" },
    });
    expect(() => serializeTask(lost, settings)).toThrow(FlyteMissingBuildStepError);
    const found = new SqlTask({
      name: "found",
      image: "i:1",
      executorType: Untracked,
      executorLocation: "my-plugin:Untracked",
      taskConfig: { query: "q" },
    });
    const template = serializeTask(found, settings).template;
    expect(template?.target.case === "container" && template.target.value.args.at(-1)).toBe(
      "my-plugin:Untracked",
    );
  });
});
