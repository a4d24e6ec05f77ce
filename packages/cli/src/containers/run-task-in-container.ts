import {
  ContainerTask,
  fromLiteralMap,
  isFlyteError,
  MapTask,
  NativeTask,
  SerializationSettings,
  type Task,
  toLiteralMap,
} from "@flytekit-ts/core";
import { toTaskTemplate } from "@flytekit-ts/core/internal";
import { ExecutionFailure } from "@flytekit-ts/runtime/internal";
import { projectImages, withImageAdvice } from "../images/project-images.js";
import { ContainerTaskError } from "./container-task-error.js";
import { runContainerTask } from "./run-container-task.js";
import { runTemplateInContainer, type TemplateRunOptions } from "./run-in-container.js";
import { runMapTemplateInContainer } from "./run-map-in-container.js";

/** Options of {@link runTaskInContainer}. */
export interface TaskContainerRunOptions extends TemplateRunOptions {
  /** Images for serialization, as `tsflyte package -i` takes them (`name=ref`, or a bare default). @default [] */
  images?: readonly string[];
  /** Environment variables set in the task's container, as `--env` of packaging. @default {} */
  containerEnv?: Readonly<Record<string, string>>;
}

/**
 * Runs a task in the local Docker engine the way it runs on a cluster: a `ContainerTask` as
 * {@link runContainerTask}, any other task serialized to its template and run with
 * `tsflyte-execute` by {@link runTemplateInContainer} (a map task: one container per element, as
 * propeller's array node runs it). Takes and returns native values by name.
 * Failures are `ExecutionFailure`s (as from `localExecute`) whose cause is a `ContainerTaskError`
 * or a `TaskErrorDocumentError`.
 */
export async function runTaskInContainer(
  task: Task,
  inputs: Readonly<Record<string, unknown>>,
  options: TaskContainerRunOptions = {},
): Promise<Record<string, unknown>> {
  if (!(task instanceof NativeTask || task instanceof MapTask)) {
    throw new ExecutionFailure(
      "user",
      new ContainerTaskError(task.name, "input", "only tasks with a typed interface can run in a container"),
    );
  }
  const name = task.name;
  const types = task.nativeInterface;
  const imageConfig = projectImages([...(options.images ?? [])]);
  const literals = toLiteralMap(types.inputs, inputs, { task: name });
  let outputs: Awaited<ReturnType<typeof runTemplateInContainer>>;
  try {
    if (task instanceof ContainerTask) {
      outputs = await runContainerTask(task, literals, { ...options, images: imageConfig });
    } else {
      const settings = new SerializationSettings({ imageConfig, env: { ...options.containerEnv } });
      const template = withImageAdvice(imageConfig, () => toTaskTemplate(task, settings));
      outputs =
        task instanceof MapTask
          ? await runMapTemplateInContainer(task, template, literals, options)
          : await runTemplateInContainer(template, literals, options);
    }
  } catch (error) {
    throw new ExecutionFailure(isFlyteError(error, "SYSTEM") ? "system" : "user", error);
  }
  return fromLiteralMap(types.outputs, outputs, { task: name, side: "output" });
}
