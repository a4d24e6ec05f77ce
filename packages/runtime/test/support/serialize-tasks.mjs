// Serializes the tasks of a built project in a plain Node process (no vitest aliasing), with the
// compiled core the CLI uses: prints {"<task name>": "<base64 admin.TaskSpec>"} on stdout.
// Usage: node serialize-tasks.mjs <project root> <images JSON> <env JSON> [module ...]
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { toBinary } from "@bufbuild/protobuf";
import { ImageConfig, methodTasks, SerializationSettings, serializeTask } from "@flytekit-ts/core";
import { TaskSpecSchema } from "@flytekit-ts/core/idl";

const [root, images, env, ...modules] = process.argv.slice(2);
const settings = new SerializationSettings({
  imageConfig: ImageConfig.validateImage(JSON.parse(images)),
  env: JSON.parse(env),
});
const manifest = JSON.parse(readFileSync(join(root, "flyte.manifest.json"), "utf8"));
const out = {};
for (const entry of manifest.tasks) {
  if (modules.length > 0 && !modules.some((m) => entry.module === m || entry.module.startsWith(`${m}.`)))
    continue;
  const exports = await import(pathToFileURL(join(root, entry.compiledFile)).href);
  const [head, member] = entry.key.split(".");
  const task = member === undefined ? exports[head] : methodTasks(exports[head]).get(member);
  out[task.name] = Buffer.from(toBinary(TaskSpecSchema, serializeTask(task, settings))).toString("base64");
}
process.stdout.write(JSON.stringify(out));
