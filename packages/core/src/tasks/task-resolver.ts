import type { SerializationSettings } from "../settings/serialization-settings.js";
import type { Task } from "./task.js";

/**
 * Finds a task again inside a task container (flytekit's `TaskResolverMixin`). At serialization a
 * resolver writes its `location` and `loaderArgs` into the task's container args; at run time
 * `tsflyte-execute --resolver <location> -- <loader args>` imports the resolver by location and
 * calls `loadTask(loaderArgs)`.
 */
export interface TaskResolver {
  /** `<module specifier>:<export name>` that `tsflyte-execute` can import this resolver by. */
  readonly location: string;
  /** A human-readable name. */
  name(): string;
  /** The arguments that let `loadTask` find `task` again. */
  loaderArgs(settings: SerializationSettings, task: Task): string[];
  /** Loads the task the loader args point at (the run-time side; the runtime package provides it for the built-ins). */
  loadTask?(loaderArgs: readonly string[]): Promise<Task>;
  /** Every task this resolver knows, for resolvers that own their tasks. */
  getAllTasks?(): Task[];
  /** A name for tasks created under this resolver, when it names them. */
  taskName?(task: Task): string | undefined;
}
