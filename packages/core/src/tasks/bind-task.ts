import { FunctionTask } from "./function-task.js";
import type { TaskMeta } from "./task-meta.js";

/**
 * What the transformer emits at `export const key = makeReport("daily")`, where the call returns a
 * task made by `task()` in a factory function: the task takes the binding's identity and its
 * function's interface (flytekit tracks instances where they are assigned). Returns `value`, the
 * callable task, unchanged.
 */
export function bindTask<T>(value: T, meta: TaskMeta): T {
  const task = (value as { self?: unknown } | null)?.self ?? value;
  if (task instanceof FunctionTask) task.bindTo(meta);
  return value;
}
