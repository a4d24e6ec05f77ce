import { md5 } from "@noble/hashes/legacy.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";
import { FlyteValidationError } from "../errors/flyte-error.js";
import { executeLiterals } from "../execution/execute-literals.js";
import type { ExecutionPlan } from "../execution/execution-plan.js";
import type { TypedInterface } from "../gen/flyteidl/core/interface_pb.js";
import type { Container, ExtendedResources, K8sPod } from "../gen/flyteidl/core/tasks_pb.js";
import { type InputsInit, Interface } from "../interface/interface.js";
import { type ReturnDescriptor, returnDescriptorOf } from "../interface/signature.js";
import { BUILT_IN_LOCATIONS } from "../manifest/manifest.js";
import type { CallArguments, CallResult } from "../nodes/call-result.js";
import { currentCompilation } from "../nodes/compilation-state.js";
import { compileCall } from "../nodes/compile-call.js";
import { WorkflowCompilationError } from "../nodes/workflow-errors.js";
import type { SerializationSettings } from "../settings/serialization-settings.js";
import { type TypeDescriptor, t } from "../types/descriptor.js";
import { fromLiteralMap, toLiteralMap } from "../types/literal-map.js";
import { AutoContainerTask } from "./auto-container-task.js";
import { defaultTaskCommand, fastExecuteCommand, MAP_ENTRYPOINT } from "./commands.js";
import { Task } from "./task.js";

/** Options of {@link mapTask} (flytekit's `map_task`). */
export interface MapTaskOptions {
  /** How many elements run at once on the cluster. @default no limit (the platform's) */
  readonly concurrency?: number;
  /** The share of elements that must succeed; below 1, failed elements are `undefined` in the output. @default 1 */
  readonly minSuccessRatio?: number;
  /** How many elements must succeed (instead of a ratio). @default all of them */
  readonly minSuccesses?: number;
  /** Inputs given whole to every element instead of mapped over (flytekit's `bound_inputs`). @default [] */
  readonly boundInputs?: readonly string[];
}

/** Python's `str()` of an option, as flytekit hashes it: `None`, `2`, `0.5`, `1.0`. */
function pythonStr(value: number | undefined, float: boolean): string {
  if (value === undefined) return "None";
  return float && Number.isInteger(value) ? `${value}.0` : String(value);
}

/**
 * A task run on every element of its list inputs as one array node (flytekit's `ArrayNodeMapTask`).
 * Registered as a task of its own, named `<module>.map_<task>_<md5 of its options>-arraynode`, whose
 * container runs `tsflyte-map-execute` on one element per array job.
 */
export class MapTask extends Task {
  readonly mapped: AutoContainerTask;
  readonly concurrency: number | undefined;
  readonly minSuccessRatio: number | undefined;
  readonly minSuccesses: number | undefined;
  readonly boundInputs: readonly string[];
  readonly #native: Interface;

  constructor(mapped: AutoContainerTask, options: MapTaskOptions = {}) {
    const inner = mapped.nativeInterface;
    if (inner.outputs.size > 1)
      throw new FlyteValidationError(
        `mapTask(${mapped.name}): only tasks with a single output can be mapped`,
      );
    for (const name of options.boundInputs ?? [])
      if (!inner.inputs.has(name))
        throw new FlyteValidationError(`mapTask(${mapped.name}): ${name} is not one of its inputs`);
    const ratio = options.minSuccessRatio;
    if (ratio !== undefined && !(ratio >= 0 && ratio <= 1))
      throw new FlyteValidationError(
        `mapTask(${mapped.name}): minSuccessRatio must be between 0 and 1, got ${ratio}`,
      );
    const bound = [...(options.boundInputs ?? [])].sort();
    // flytekit hashes str() of its arguments: the same options give the same task name.
    const key = `${bound.join(",")}${pythonStr(options.concurrency, false)}${pythonStr(options.minSuccesses, false)}${pythonStr(ratio ?? (options.minSuccesses === undefined ? 1 : undefined), true)}`;
    const hash = bytesToHex(md5(utf8ToBytes(key)));
    const dot = mapped.name.lastIndexOf(".");
    const name = `${mapped.name.slice(0, dot)}.map_${mapped.name.slice(dot + 1)}_${hash}-arraynode`;
    const optionalOutputs = ratio !== undefined && ratio !== 1;
    const inputs: InputsInit = Object.fromEntries(
      inner.inputNames.map((input) => {
        const type = inner.inputs.get(input) as TypeDescriptor;
        return [input, bound.includes(input) ? type : t.list(type)];
      }),
    );
    const outputs = Object.fromEntries(
      [...inner.outputs].map(([output, type]) => [output, t.list(optionalOutputs ? t.optional(type) : type)]),
    );
    const native = new Interface({ inputs, outputs });
    super({
      name,
      taskType: mapped.taskType,
      metadata: mapped.metadata,
      taskTypeVersion: 1,
      interface: native.toModel(),
      ...(mapped.securityContext === undefined ? {} : { securityContext: mapped.securityContext }),
    });
    this.mapped = mapped;
    this.concurrency = options.concurrency;
    this.minSuccessRatio = ratio ?? (options.minSuccesses === undefined ? 1 : undefined);
    this.minSuccesses = options.minSuccesses;
    this.boundInputs = bound;
    this.#native = native;
  }

  get nativeInterface(): Interface {
    return this.#native;
  }

  override get interface(): TypedInterface {
    return this.#native.toModel();
  }

  get returns(): ReturnDescriptor {
    return returnDescriptorOf(this.#native.outputs);
  }

  /** The mapped task's container args behind `tsflyte-map-execute`, with its resolver and loader args. */
  getCommand(settings: SerializationSettings): string[] {
    const resolver = this.mapped.taskResolver;
    const command = defaultTaskCommand(
      BUILT_IN_LOCATIONS.mapTaskResolver,
      [
        "vars",
        this.boundInputs.join(","),
        "resolver",
        resolver.location,
        ...resolver.loaderArgs(settings, this.mapped),
      ],
      MAP_ENTRYPOINT,
    );
    const fast = settings.fastSerialization;
    return fast === undefined ? command : fastExecuteCommand(fast, command);
  }

  /** The mapped task's container (image, resources, environment), running {@link getCommand}. */
  override getContainer(settings: SerializationSettings): Container | undefined {
    return this.#withCommand(settings, () => this.mapped.getContainer(settings));
  }

  override getK8sPod(settings: SerializationSettings): K8sPod | undefined {
    return this.#withCommand(settings, () => this.mapped.getK8sPod(settings));
  }

  override getExtendedResources(settings: SerializationSettings): ExtendedResources | undefined {
    return this.mapped.getExtendedResources(settings);
  }

  override getConfig(settings: SerializationSettings): Record<string, string> | undefined {
    return this.mapped.getConfig(settings);
  }

  #withCommand<T>(settings: SerializationSettings, build: () => T): T {
    this.mapped.setCommandFn(() => this.getCommand(settings));
    try {
      return build();
    } finally {
      this.mapped.resetCommandFn();
    }
  }

  /** The map task's node metadata: its full name (as flytekit names array nodes). */
  override constructNodeMetadata() {
    const metadata = super.constructNodeMetadata();
    metadata.name = this.name;
    return metadata;
  }

  /** A call in a workflow body: an array node over the inputs' lists. */
  compile(inputs: Readonly<Record<string, unknown>>): unknown {
    const state = currentCompilation();
    if (state === undefined)
      throw new WorkflowCompilationError(
        `Task ${this.name}: nodes can only be created inside a workflow body`,
      );
    return compileCall(state, this as never, this.returns, inputs);
  }

  /**
   * How it runs locally (flytekit's `_raw_execute`): the mapped task on each element, one after
   * another, through the one execution path; a failed element is `undefined` in the output while
   * enough elements succeed, else the map fails with that element's error.
   */
  executionPlan(): ExecutionPlan {
    const native = this.#native;
    const inner = this.mapped.nativeInterface;
    return {
      name: this.name,
      inputs: native.inputs,
      outputs: native.outputs,
      hasDefault: () => false,
      returns: this.returns,
      run: async (values) => {
        const mappedInputs = inner.inputNames.filter((name) => !this.boundInputs.includes(name));
        const count =
          mappedInputs.length === 0 ? 0 : ((values[mappedInputs[0] as string] as unknown[]) ?? []).length;
        for (const name of mappedInputs)
          if ((values[name] as unknown[]).length !== count)
            throw new FlyteValidationError(`${this.name}: the mapped inputs' lists have different lengths`);
        const needed =
          this.minSuccesses ??
          Math.ceil(count * (this.minSuccessRatio === undefined ? 1 : this.minSuccessRatio));
        const output = [...inner.outputs.keys()][0];
        const results: unknown[] = [];
        let failed = 0;
        for (let i = 0; i < count; i++) {
          const element: Record<string, unknown> = {};
          for (const name of inner.inputNames)
            element[name] = this.boundInputs.includes(name) ? values[name] : (values[name] as unknown[])[i];
          try {
            const literals = await executeLiterals(
              this.mapped,
              toLiteralMap(inner.inputs, element, { task: this.mapped.name }),
            );
            const outputs = await fromLiteralMap(inner.outputs, literals, {
              task: this.mapped.name,
              side: "output",
            });
            results.push(output === undefined ? undefined : outputs[output]);
          } catch (error) {
            failed++;
            results.push(undefined);
            if (count - failed < needed) throw error;
          }
        }
        return output === undefined ? undefined : results;
      },
    };
  }
}

/** Each parameter as a list of itself. */
type ListsOf<P extends readonly unknown[]> = { [K in keyof P]: P[K][] };

/** A map task callable: call it like the mapped task with lists in place of its mapped inputs. */
// biome-ignore lint/suspicious/noExplicitAny: any task function.
export type CallableMapTask<F extends (...args: any[]) => any> = ((
  ...args: CallArguments<ListsOf<Parameters<F>>>
) => CallResult<Awaited<ReturnType<F>>[]>) & { readonly self: MapTask };

/**
 * A map task (flytekit's `map_task`): `mapTask(square)(xs)` runs `square` on every element of `xs`
 * as one array node and gives the list of results. `{ concurrency, minSuccessRatio, minSuccesses,
 * boundInputs }` as flytekit's options.
 */
// biome-ignore lint/suspicious/noExplicitAny: any task function.
export function mapTask<F extends (...args: any[]) => any>(
  task: ((...args: Parameters<F>) => unknown) & { readonly self?: unknown },
  options: MapTaskOptions = {},
): CallableMapTask<F> {
  const mapped = (task as { self?: unknown }).self ?? task;
  if (!(mapped instanceof AutoContainerTask))
    throw new FlyteValidationError("mapTask() maps a task made with task() (a function or instance task)");
  const map = new MapTask(mapped, options);
  const call = (...args: unknown[]) => {
    const names = map.nativeInterface.inputNames;
    const inputs: Record<string, unknown> = {};
    args.forEach((arg, i) => {
      if (arg !== undefined && i < names.length) inputs[names[i] as string] = arg;
    });
    if (currentCompilation() !== undefined) return map.compile(inputs);
    return (async () => {
      const literals = await executeLiterals(
        map,
        toLiteralMap(map.nativeInterface.inputs, inputs, { task: map.name }),
      );
      const outputs = await fromLiteralMap(map.nativeInterface.outputs, literals, {
        task: map.name,
        side: "output",
      });
      return Object.values(outputs)[0];
    })();
  };
  Object.defineProperty(call, "self", { value: map });
  return call as never;
}

/** Is `value` a map task? */
export function isMapTask(value: unknown): value is MapTask {
  return value instanceof MapTask;
}
