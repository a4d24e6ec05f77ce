// Quick start: defines a container task and a plugin-free instance task, serializes both to Flyte
// TaskSpecs exactly as `tsflyte package` will, and prints what a Flyte cluster would receive.
import { mkdirSync, writeFileSync } from "node:fs";
import { toBinary, toJsonString } from "@bufbuild/protobuf";
import {
  ContainerTask,
  InstanceTask,
  Secret,
  SerializationSettings,
  serializeTask,
  t,
} from "@flytekit-ts/core";
import { TaskSpecSchema } from "@flytekit-ts/core/idl";

export const square = new ContainerTask({
  name: "square",
  image: "alpine:3.20",
  command: ["sh", "-c", "echo $(( {{.inputs.val}} * {{.inputs.val}} )) | tee /var/outputs/out"],
  inputs: { val: t.int },
  outputs: { out: t.int },
  inputDataDir: "/var/inputs",
  outputDataDir: "/var/outputs",
  requests: { cpu: 1 },
  limits: { cpu: 2 },
  environment: { a: "b" },
  secretRequests: [new Secret({ group: "g", key: "k" })],
});

class Greet extends InstanceTask {
  execute({ who }) {
    return `hello ${who}`;
  }
}

export const greet = new Greet({
  name: "hello.greet",
  inputs: { who: t.string },
  outputs: { o0: t.string },
  metadata: { retries: 2, cache: true, cacheVersion: "1" },
  tracking: { module: "hello", key: "greet" },
});

const settings = SerializationSettings.forImage("ghcr.io/org/hello:v1", "v1", "flytesnacks", "development");
const out = new URL("./out/", import.meta.url);
mkdirSync(out, { recursive: true });
for (const [index, task] of [greet, square].entries()) {
  const spec = serializeTask(task, settings);
  const file = new URL(`${index}_${task.name}_1.pb`, out);
  writeFileSync(file, toBinary(TaskSpecSchema, spec));
  const container = spec.template?.target.case === "container" ? spec.template.target.value : undefined;
  console.log(`${task.name} (${task.taskType}) -> ${file.pathname}`);
  console.log(`  image: ${container?.image}`);
  console.log(`  ${[...(container?.command ?? []), ...(container?.args ?? [])].join(" ")}`);
}
console.log(toJsonString(TaskSpecSchema, serializeTask(greet, settings), { prettySpaces: 2 }));
