import { create } from "@bufbuild/protobuf";
import {
  AnnotationsSchema,
  LabelsSchema,
  RawOutputDataConfigSchema,
} from "../gen/flyteidl/admin/common_pb.js";
import {
  LaunchPlanClosureSchema,
  type LaunchPlan as LaunchPlanMessage,
  LaunchPlanMetadataSchema,
  LaunchPlanSchema,
  LaunchPlanSpecSchema,
} from "../gen/flyteidl/admin/launch_plan_pb.js";
import { IdentifierSchema, ResourceType } from "../gen/flyteidl/core/identifier_pb.js";
import {
  type Parameter,
  ParameterMapSchema,
  ParameterSchema,
  VariableMapSchema,
} from "../gen/flyteidl/core/interface_pb.js";
import { type LiteralMap, LiteralMapSchema } from "../gen/flyteidl/core/literals_pb.js";
import { type NodeMetadata, NodeMetadataSchema } from "../gen/flyteidl/core/workflow_pb.js";
import type { Interface } from "../interface/interface.js";
import type { ReturnDescriptor } from "../interface/signature.js";
import { currentCompilation } from "../nodes/compilation-state.js";
import { compileCall } from "../nodes/compile-call.js";
import { WorkflowCompilationError } from "../nodes/workflow-errors.js";
import { shortName } from "../nodes/workflow-node.js";
import type { SecurityContext } from "../security/security-context.js";
import type { SerializationSettings } from "../settings/serialization-settings.js";
import { isNullable } from "../types/json-schema.js";
import { toLiteral } from "../types/to-literal.js";
import { sortedRecord } from "../wire/sorted-record.js";
import type { Workflow } from "./workflow.js";

/** Options of {@link LaunchPlan.create}. */
export interface LaunchPlanOptions {
  /** Defaults for workflow inputs, over the workflow's own parameter defaults. @default {} */
  defaultInputs?: Readonly<Record<string, unknown>>;
  /** Inputs fixed for every execution of the launch plan (not overridable). @default {} */
  fixedInputs?: Readonly<Record<string, unknown>>;
  /** Kubernetes labels of executions. @default {} */
  labels?: Readonly<Record<string, string>>;
  /** Kubernetes annotations of executions. @default {} */
  annotations?: Readonly<Record<string, string>>;
  /** Where offloaded data (files, large literals) goes. @default "" (the platform's default) */
  rawOutputDataPrefix?: string;
  /** How many task nodes may run at once. @default 0 (the platform's default) */
  maxParallelism?: number;
  /** The identity executions run as. @default none */
  securityContext?: SecurityContext;
  /** Recompute cached outputs. @default false */
  overwriteCache?: boolean;
}

const defaults = new WeakMap<Workflow, LaunchPlan>();

/**
 * A launch plan: a workflow with default and fixed inputs and execution options, the entity Flyte
 * starts executions from (flytekit's `LaunchPlan`). Every workflow has a default one with the same
 * name ({@link LaunchPlan.defaultFor}); `tsflyte package` registers it after the workflow.
 */
export class LaunchPlan {
  readonly name: string;
  readonly workflow: Workflow;
  readonly options: Readonly<LaunchPlanOptions>;
  /** Native values of the fixed inputs. */
  readonly fixedInputs: Readonly<Record<string, unknown>>;
  #defaultInputs: Readonly<Record<string, unknown>> | undefined;

  private constructor(name: string, workflow: Workflow, options: LaunchPlanOptions) {
    this.name = name;
    this.workflow = workflow;
    this.options = Object.freeze({ ...options });
    this.fixedInputs = Object.freeze({ ...options.fixedInputs });
    // Checked where the launch plan is declared when the workflow's interface is known there (it
    // is not before the loader adopted the manifest, for a build without the transformer: then
    // on first use).
    if (workflow.interfaceKnown) this.#check();
  }

  /** Native values of the default inputs (the workflow's defaults with the launch plan's over them). */
  get defaultInputs(): Readonly<Record<string, unknown>> {
    return this.#check();
  }

  /** Validates the inputs against the workflow's (once) and converts them, so bad values fail early. */
  #check(): Readonly<Record<string, unknown>> {
    if (this.#defaultInputs !== undefined) return this.#defaultInputs;
    const { name, workflow, options } = this;
    const native = workflow.nativeInterface;
    for (const side of ["defaultInputs", "fixedInputs"] as const) {
      for (const key of Object.keys(options[side] ?? {})) {
        if (!native.inputs.has(key)) {
          throw new WorkflowCompilationError(
            `Launch plan ${name}: ${side} names ${JSON.stringify(key)}, which is not an input of workflow ${workflow.name} (its inputs: ${native.inputNames.join(", ") || "none"})`,
          );
        }
      }
    }
    const defaults = Object.freeze({ ...native.defaultInputs, ...options.defaultInputs });
    this.#defaultInputs = defaults;
    // Convert now so bad values fail where they are checked.
    this.fixedLiterals();
    this.parameters();
    return defaults;
  }

  /**
   * A named launch plan of `workflow` (flytekit's `LaunchPlan.create`).
   * @throws WorkflowCompilationError for an input the workflow does not have, or a value of the wrong type.
   */
  static create(name: string, workflow: Workflow, options: LaunchPlanOptions = {}): LaunchPlan {
    return new LaunchPlan(name, workflow, options);
  }

  /** The workflow's default launch plan: same name, the workflow's own defaults, nothing else. */
  static defaultFor(workflow: Workflow): LaunchPlan {
    let plan = defaults.get(workflow);
    if (plan === undefined) {
      plan = new LaunchPlan(workflow.name, workflow, {});
      defaults.set(workflow, plan);
    }
    return plan;
  }

  /** The inputs left to the caller: the workflow's, without the fixed ones, with this plan's defaults. */
  get nativeInterface(): Interface {
    this.#check();
    const native = this.workflow.nativeInterface.removeInputs(Object.keys(this.fixedInputs));
    const extra = this.options.defaultInputs ?? {};
    if (Object.keys(extra).length === 0) return native;
    return native.withInputs(
      Object.fromEntries(
        Object.entries(extra).map(([name, value]) => [
          name,
          {
            type: native.inputs.get(name) as never,
            default: value,
            description: native.descriptionOf("input", name) ?? name,
          },
        ]),
      ),
    );
  }

  /** How the workflow's return value maps to outputs. */
  get returns(): ReturnDescriptor {
    return this.workflow.returns;
  }

  constructNodeMetadata(): NodeMetadata {
    return create(NodeMetadataSchema, { name: shortName(this.name) });
  }

  /** Inside a workflow: a node that launches this plan, bound to `inputs`. */
  createNode(inputs: Readonly<Record<string, unknown>>): unknown {
    const state = currentCompilation();
    if (state === undefined) {
      throw new WorkflowCompilationError(
        `Launch plan ${this.name}: nodes can only be created inside a workflow body`,
      );
    }
    return compileCall(state, this, this.returns, inputs);
  }

  /** The fixed inputs as a `LiteralMap`. */
  fixedLiterals(): LiteralMap {
    this.#check();
    const types = this.workflow.nativeInterface.inputs;
    return create(LiteralMapSchema, {
      literals: sortedRecord(
        Object.entries(this.fixedInputs).map(([name, value]) => {
          try {
            return [
              name,
              toLiteral(types.get(name) as never, value, `fixed input ${JSON.stringify(name)}`),
            ] as const;
          } catch (error) {
            throw new WorkflowCompilationError(`Launch plan ${this.name}: ${(error as Error).message}`, {
              cause: error,
            });
          }
        }),
      ),
    });
  }

  /**
   * The default inputs as Flyte parameters (flytekit's `transform_inputs_to_parameters`): an input
   * with a default gets it as a literal, an optional one without a default gets none, any other is
   * `required`. Fixed inputs are left out.
   */
  parameters(): Record<string, Parameter> {
    const native = this.workflow.nativeInterface;
    const variables = native.toModel().inputs?.variables ?? {};
    const entries: (readonly [string, Parameter])[] = [];
    for (const name of native.inputNames) {
      if (Object.hasOwn(this.fixedInputs, name)) continue;
      const type = native.inputs.get(name) as never;
      const hasDefault = Object.hasOwn(this.defaultInputs, name) && this.defaultInputs[name] !== undefined;
      let behavior: Parameter["behavior"];
      if (hasDefault && this.defaultInputs[name] !== null) {
        try {
          behavior = {
            case: "default",
            value: toLiteral(type, this.defaultInputs[name], `default input ${JSON.stringify(name)}`),
          };
        } catch (error) {
          throw new WorkflowCompilationError(`Launch plan ${this.name}: ${(error as Error).message}`, {
            cause: error,
          });
        }
      } else if (isNullable(type)) {
        behavior = { case: "default", value: toLiteral(type, null, name) };
      } else {
        behavior = { case: "required", value: true };
      }
      entries.push([name, create(ParameterSchema, { var: variables[name], behavior })]);
    }
    return sortedRecord(entries);
  }

  /** The `flyteidl.admin.LaunchPlan` registration message, field presence as flytekit writes it. */
  toModel(settings: SerializationSettings): LaunchPlanMessage {
    const id = (resourceType: ResourceType, name: string) =>
      create(IdentifierSchema, {
        resourceType,
        project: settings.project,
        domain: settings.domain,
        name,
        version: settings.version,
      });
    const { options } = this;
    return create(LaunchPlanSchema, {
      id: id(ResourceType.LAUNCH_PLAN, this.name),
      spec: create(LaunchPlanSpecSchema, {
        workflowId: id(ResourceType.WORKFLOW, this.workflow.name),
        entityMetadata: create(LaunchPlanMetadataSchema, { notifications: [] }),
        defaultInputs: create(ParameterMapSchema, { parameters: this.parameters() }),
        fixedInputs: this.fixedLiterals(),
        labels: create(LabelsSchema, { values: sortedRecord(options.labels ?? {}) }),
        annotations: create(AnnotationsSchema, { values: sortedRecord(options.annotations ?? {}) }),
        rawOutputDataConfig: create(RawOutputDataConfigSchema, {
          outputLocationPrefix: options.rawOutputDataPrefix ?? "",
        }),
        maxParallelism: options.maxParallelism ?? 0,
        ...(options.securityContext === undefined
          ? {}
          : { securityContext: options.securityContext.toModel() }),
        overwriteCache: options.overwriteCache ?? false,
      }),
      closure: create(LaunchPlanClosureSchema, {
        expectedInputs: create(ParameterMapSchema),
        expectedOutputs: create(VariableMapSchema),
      }),
    });
  }
}

/** Is `value` a {@link LaunchPlan} (also one made by another copy of this package)? */
export function isLaunchPlan(value: unknown): value is LaunchPlan {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { workflow?: unknown }).workflow !== undefined &&
    typeof (value as { fixedLiterals?: unknown }).fixedLiterals === "function"
  );
}
