import { FlyteValidationError, isTask, type Task } from "@flytekit-ts/core";
import { DefaultTaskResolver } from "@flytekit-ts/core/internal";
import { loadProjectExport } from "./load-export.js";

/**
 * The default resolver with its load side: loader args `task-module <module> task-name <key>`
 * (read positionally, as flytekit does); the module's compiled file comes from the project manifest.
 */
export class RuntimeDefaultTaskResolver extends DefaultTaskResolver {
  async loadTask(loaderArgs: readonly string[]): Promise<Task> {
    if (loaderArgs.length < 4) {
      throw new FlyteValidationError(
        `the default resolver needs loader args "task-module <module> task-name <key>", got ${JSON.stringify(loaderArgs)}`,
      );
    }
    const [, module, , key] = loaderArgs as [string, string, string, string];
    const task = await loadProjectExport(module, key, "tasks");
    if (!isTask(task)) throw new FlyteValidationError(`${module}:${key} is not a task`);
    return task;
  }
}

export const defaultTaskResolver: RuntimeDefaultTaskResolver = new RuntimeDefaultTaskResolver();
