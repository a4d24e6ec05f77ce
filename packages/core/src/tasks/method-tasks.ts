import { FlyteValidationError } from "../errors/flyte-error.js";
import { FunctionTask, type FunctionTaskOptions, type TaskFunction } from "./function-task.js";
import type { TaskMeta } from "./task-meta.js";

// Standard decorators keep per-class data in `context.metadata`, read back as `Class[Symbol.metadata]`.
// Node 20 and 22 lack `Symbol.metadata`; TypeScript's decorator helpers read it when a class is
// defined, so it is installed when this module loads (before any user class that imports `task`).
(Symbol as { metadata?: symbol }).metadata ??= Symbol.for("Symbol.metadata");

/** Where decorated method options live in a class's decorator metadata. */
const TASK_METHODS = Symbol.for("@flytekit-ts/core.taskMethods");

// biome-ignore lint/complexity/noBannedTypes: classes of any shape are keys here.
type AnyClass = Function;

interface MethodDeclaration {
  readonly options: FunctionTaskOptions;
  readonly isStatic: boolean;
}

/** Options recorded by legacy decorators (which get the class directly). */
const legacyDeclarations = new WeakMap<AnyClass, Map<string, MethodDeclaration>>();
/** Method tasks made so far, per class. */
const made = new WeakMap<AnyClass, Map<string, FunctionTask>>();
/** Transformer data per class and method. */
const metas = new WeakMap<AnyClass, Map<string, TaskMeta>>();

/** The value of `key` in a WeakMap, created on first use. */
function entry<K extends object, V>(map: WeakMap<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}

function declarationsOf(cls: AnyClass): Map<string, MethodDeclaration> {
  const out = new Map<string, MethodDeclaration>(legacyDeclarations.get(cls) ?? []);
  const metadata = (cls as { [Symbol.metadata]?: Record<symbol, unknown> | null })[Symbol.metadata];
  const standard = metadata?.[TASK_METHODS] as Map<string, MethodDeclaration> | undefined;
  for (const [name, declaration] of standard ?? []) out.set(name, declaration);
  return out;
}

/** Records a method decorated in standard (TC39) mode. */
export function declareStandard(
  context: {
    name: string | symbol;
    static: boolean;
    private: boolean;
    metadata: Record<symbol, unknown> | undefined;
  },
  options: FunctionTaskOptions,
): void {
  if (typeof context.name !== "string" || context.private) {
    throw new FlyteValidationError(
      `@task needs a public method with a string name, got ${String(context.name)}`,
    );
  }
  if (context.metadata === undefined) {
    throw new FlyteValidationError(
      "@task: decorator metadata is missing (Symbol.metadata); import @flytekit-ts/core before the class",
    );
  }
  if (!(TASK_METHODS in context.metadata))
    context.metadata[TASK_METHODS] = new Map<string, MethodDeclaration>();
  const declared = context.metadata[TASK_METHODS] as Map<string, MethodDeclaration>;
  declared.set(context.name, { options, isStatic: context.static });
}

/** Records a method decorated in legacy (`experimentalDecorators`) mode: `target` is the class or its prototype. */
export function declareLegacy(target: object, key: string | symbol, options: FunctionTaskOptions): void {
  if (typeof key !== "string")
    throw new FlyteValidationError(`@task needs a method with a string name, got ${String(key)}`);
  const isStatic = typeof target === "function";
  const cls = (isStatic ? target : (target as { constructor: AnyClass }).constructor) as AnyClass;
  entry(legacyDeclarations, cls, () => new Map()).set(key, { options, isStatic });
}

/**
 * Attaches the transformer's data to a decorated method. The transformer emits this call right after
 * the class: `registerTaskMeta(Etl, "run", { module, key: "Etl.run", signature, ... })`.
 */
export function registerTaskMeta(cls: AnyClass, method: string, meta: TaskMeta): void {
  entry(metas, cls, () => new Map()).set(method, meta);
  made.get(cls)?.delete(method);
}

/**
 * The tasks of a class's `@task` methods, by method name. A static method runs on the class; an
 * instance method on a new instance made with no arguments.
 */
export function methodTasks(cls: AnyClass): ReadonlyMap<string, FunctionTask> {
  const forClass = entry(made, cls, () => new Map<string, FunctionTask>());
  for (const [name, declaration] of declarationsOf(cls)) {
    if (forClass.has(name)) continue;
    const owner = cls as unknown as Record<string, TaskFunction> & (new () => Record<string, TaskFunction>);
    const fn: TaskFunction = declaration.isStatic
      ? (...args) => (owner[name] as TaskFunction).apply(owner, args)
      : (...args) => {
          const instance = new owner();
          return (instance[name] as TaskFunction).apply(instance, args);
        };
    const meta = metas.get(cls)?.get(name);
    forClass.set(name, new FunctionTask(fn, declaration.options, meta));
  }
  return forClass;
}
