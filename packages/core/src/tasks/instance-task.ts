import { AutoContainerTask, type AutoContainerTaskOptions } from "./auto-container-task.js";

/** Options of {@link InstanceTask}: an auto-container task whose `name` is required. */
export interface InstanceTaskOptions<C = unknown> extends AutoContainerTaskOptions<C> {
  /** The task's name. */
  name: string;
}

/**
 * A task without a user function whose behaviour the platform (a subclass) defines in `execute`
 * (flytekit's `PythonInstanceTask`). At run time it is found by its module and the variable it is
 * exported as, so bind every instance to an exported `const`.
 *
 * ```ts
 * export const hello = new GreetTask({ name: "hello", inputs: { who: t.string }, outputs: { o0: t.string } });
 * ```
 */
export abstract class InstanceTask<C = unknown> extends AutoContainerTask<C> {
  constructor(options: InstanceTaskOptions<C>) {
    super(options);
  }

  /** Runs the task on native inputs and returns its native output(s). */
  abstract execute(inputs: Readonly<Record<string, unknown>>): unknown;
}
