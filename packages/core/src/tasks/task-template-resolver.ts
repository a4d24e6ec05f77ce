import { FlyteValidationError } from "../errors/flyte-error.js";
import { BUILT_IN_LOCATIONS } from "../manifest/manifest.js";
import type { SerializationSettings } from "../settings/serialization-settings.js";
import { TrackedInstance } from "../tracking/tracked-instance.js";
import type { Task } from "./task.js";
import type { TaskResolver } from "./task-resolver.js";

/**
 * Rebuilds a customized container task from its serialized template: loader args
 * `{{.taskTemplatePath}} <executor location>`. This is the serialization side; `@flytekit-ts/runtime`
 * exports the same resolver with `loadTask`.
 */
export class TaskTemplateResolver extends TrackedInstance implements TaskResolver {
  override get location(): string {
    return BUILT_IN_LOCATIONS.defaultTaskTemplateResolver;
  }

  name(): string {
    return "task template resolver";
  }

  /** @throws FlyteValidationError for a task that has no executor. */
  loaderArgs(_settings: SerializationSettings, task: Task): string[] {
    const executorLocation = (task as Task & { executorLocation?: unknown }).executorLocation;
    if (typeof executorLocation !== "string") {
      throw new FlyteValidationError(
        `Task ${task.name} has no executor: the task template resolver serves customized container tasks only`,
      );
    }
    return ["{{.taskTemplatePath}}", executorLocation];
  }

  getAllTasks(): Task[] {
    return [];
  }
}

/** The resolver of every customized container task unless it names another. */
export const defaultTaskTemplateResolver: TaskTemplateResolver = new TaskTemplateResolver();
