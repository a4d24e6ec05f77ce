import { FlyteMissingBuildStepError } from "../errors/flyte-error.js";
import { BUILT_IN_LOCATIONS } from "../manifest/manifest.js";
import type { SerializationSettings } from "../settings/serialization-settings.js";
import { BUILD_STEP_HINT, TrackedInstance } from "../tracking/tracked-instance.js";
import type { Task } from "./task.js";
import type { TaskResolver } from "./task-resolver.js";

/**
 * Finds a task by module and export key: loader args `task-module <module> task-name <key>`.
 * This is the serialization side; `@flytekit-ts/runtime` exports the same resolver with `loadTask`,
 * which imports only modules listed in the project's manifest.
 */
export class DefaultTaskResolver extends TrackedInstance implements TaskResolver {
  override get location(): string {
    return BUILT_IN_LOCATIONS.defaultTaskResolver;
  }

  name(): string {
    return "DefaultTaskResolver";
  }

  /** @throws FlyteMissingBuildStepError when the task's module and key are unknown. */
  loaderArgs(_settings: SerializationSettings, task: Task): string[] {
    const tracking = task.tracking;
    if (tracking === undefined) {
      throw new FlyteMissingBuildStepError(
        `Task ${JSON.stringify(task.explicitName ?? "<unnamed>")} cannot be found at run time: its module and export key are unknown. ${capitalize(BUILD_STEP_HINT)}.`,
      );
    }
    return ["task-module", tracking.module, "task-name", tracking.key];
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The resolver every auto-container task uses unless it names another. */
export const defaultTaskResolver: DefaultTaskResolver = new DefaultTaskResolver();
