import { FlyteValidationError } from "../errors/flyte-error.js";
import type { CallArguments, CallResult } from "../nodes/call-result.js";
import { callableWrapper } from "../tracking/callable-wrapper.js";
import { FunctionTask, type FunctionTaskOptions, type TaskFunction } from "./function-task.js";
import { declareLegacy, declareStandard } from "./method-tasks.js";
import type { TaskMeta } from "./task-meta.js";

/**
 * A {@link FunctionTask} you can also call: `await add(1, 2)` runs it locally through the literal
 * round trip and resolves to its native output(s); inside a workflow body the call adds a node and
 * returns promises for its outputs.
 */
export type CallableTask<F extends TaskFunction, C = unknown> = FunctionTask<F, C> &
  ((...args: CallArguments<Parameters<F>>) => CallResult<Awaited<ReturnType<F>>>);

/** A method decorator that works in both standard (TC39) and legacy (`experimentalDecorators`) mode. */
export interface TaskDecorator {
  // Standard mode.
  <M extends TaskFunction>(value: M, context: ClassMethodDecoratorContext): void;
  // Legacy mode.
  (target: object, key: string | symbol, descriptor?: PropertyDescriptor): void;
}

/** Wraps a task in a function that calls it, keeping `instanceof FunctionTask` and every member. */
function callable<F extends TaskFunction, C>(inner: FunctionTask<F, C>): CallableTask<F, C> {
  return callableWrapper(inner, (args) => inner.call(...args), "taskFunction");
}

function isStandardContext(value: unknown): value is ClassMethodDecoratorContext {
  return typeof value === "object" && value !== null && "kind" in value && "name" in value;
}

function decorator(options: FunctionTaskOptions): TaskDecorator {
  return ((target: object, context: unknown) => {
    if (isStandardContext(context)) {
      if (context.kind !== "method")
        throw new FlyteValidationError(`@task decorates methods, not a ${context.kind}`);
      declareStandard(context as never, options);
      return;
    }
    declareLegacy(target, context as string | symbol, options);
  }) as TaskDecorator;
}

/**
 * Declares a task.
 *
 * - `export const add = task((a: Int, b: Int): Int => Int(a + b), { retries: 2 })`: a function task.
 *   The compiler transformer adds a third argument with the module, key and signature.
 * - `@task()` / `@task({ ... })` / `@task` on a class method, in standard or legacy decorator mode:
 *   a method task, found at run time as `<Class>.<method>`.
 */
// Decorator shapes first: a bare `@task` must not match the function form.
export function task<M extends TaskFunction>(value: M, context: ClassMethodDecoratorContext): void;
export function task(target: object, key: string | symbol, descriptor?: PropertyDescriptor): void;
export function task<F extends TaskFunction, C = unknown>(
  fn: F,
  options?: FunctionTaskOptions<C>,
  meta?: TaskMeta,
): CallableTask<F, C>;
export function task(options?: FunctionTaskOptions): TaskDecorator;
export function task(...args: unknown[]): unknown {
  const [first, second, third] = args;
  if (isStandardContext(second)) return decorator({})(first as object, second as never);
  if (typeof second === "string" || typeof second === "symbol") {
    return decorator({})(first as object, second as never, third as never);
  }
  if (typeof first === "function") {
    return callable(
      new FunctionTask(
        first as TaskFunction,
        (second ?? {}) as FunctionTaskOptions,
        third as TaskMeta | undefined,
      ),
    );
  }
  if (first !== undefined && (typeof first !== "object" || first === null)) {
    throw new FlyteValidationError(
      `task() takes a function or options, got ${first === null ? "null" : typeof first}`,
    );
  }
  return decorator((first ?? {}) as FunctionTaskOptions);
}
