import { FlyteValidationError } from "../errors/flyte-error.js";
import type { ExecutionPlan } from "../execution/execution-plan.js";
import type { VariableMap } from "../gen/flyteidl/core/interface_pb.js";
import type { TaskTemplate } from "../gen/flyteidl/core/tasks_pb.js";
import { returnDescriptorOf } from "../interface/signature.js";
import { TrackedInstance } from "../tracking/tracked-instance.js";
import type { TypeDescriptor } from "../types/descriptor.js";
import { guessDescriptor } from "../types/guess.js";

/** The type descriptors of a template's variables, read back from their literal types. */
function variables(map: VariableMap | undefined): ReadonlyMap<string, TypeDescriptor> {
  return new Map(
    Object.entries(map?.variables ?? {}).map(([name, variable]) => {
      if (variable.type === undefined) throw new FlyteValidationError(`variable ${name} has no type`);
      return [name, guessDescriptor(variable.type, name)] as const;
    }),
  );
}

/**
 * The business logic of a template-based plugin (flytekit's `ShimTaskExecutor`). It runs inside the
 * plugin's own image and sees only the serialized `TaskTemplate` (put what it needs into the task's
 * `getCustom`) and the native inputs. Export the class: it is loaded by its location at run time.
 */
export abstract class ShimTaskExecutor<T extends TaskTemplate = TaskTemplate> extends TrackedInstance {
  /** Runs the task from its template and native inputs; returns its native output(s). */
  abstract executeFromModel(template: T, inputs: Readonly<Record<string, unknown>>): unknown;
}

/** A concrete executor class, instantiated without arguments. */
export type ShimTaskExecutorClass = new () => ShimTaskExecutor;

/**
 * A task rebuilt at run time from its serialized template and an executor class (flytekit's
 * `ExecutableTemplateShimTask`): what the task template resolver returns inside the container.
 */
export class ExecutableTemplateShimTask {
  readonly taskTemplate: TaskTemplate;
  readonly executorType: ShimTaskExecutorClass;
  readonly executor: ShimTaskExecutor;

  constructor(taskTemplate: TaskTemplate, executorType: ShimTaskExecutorClass) {
    this.taskTemplate = taskTemplate;
    this.executorType = executorType;
    this.executor = new executorType();
  }

  /** The template's task name. */
  get name(): string {
    return this.taskTemplate.id?.name ?? "";
  }

  /** Runs the executor on native inputs. */
  execute(inputs: Readonly<Record<string, unknown>>): unknown {
    return this.executor.executeFromModel(this.taskTemplate, inputs);
  }

  /** How it runs: the template's interface, the executor's call. */
  executionPlan(): ExecutionPlan {
    const outputs = variables(this.taskTemplate.interface?.outputs);
    return {
      name: this.name,
      inputs: variables(this.taskTemplate.interface?.inputs),
      outputs,
      hasDefault: () => false,
      returns: returnDescriptorOf(outputs),
      run: (inputs) => this.execute(inputs),
    };
  }
}
