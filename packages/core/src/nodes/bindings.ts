import { create } from "@bufbuild/protobuf";
import { isFlyteError } from "../errors/flyte-error.js";
import {
  type Binding,
  type BindingData,
  BindingDataCollectionSchema,
  BindingDataMapSchema,
  BindingDataSchema,
  BindingSchema,
} from "../gen/flyteidl/core/literals_pb.js";
import { OutputReferenceSchema, PromiseAttributeSchema } from "../gen/flyteidl/core/types_pb.js";
import { describeType, type TypeDescriptor } from "../types/descriptor.js";
import { elementPath, toLiteral } from "../types/to-literal.js";
import { describeValue, isPlainObject, mapEntries } from "../types/values.js";
import { sortedRecord } from "../wire/sorted-record.js";
import { isNodeOutput, type NodeOutput } from "./node-output.js";
import { canBind } from "./type-compatibility.js";
import { WorkflowCompilationError } from "./workflow-errors.js";

/** Does `value` hold a promise anywhere (in an array or object)? */
function holdsPromise(value: unknown): boolean {
  if (isNodeOutput(value)) return true;
  if (Array.isArray(value)) return value.some(holdsPromise);
  const entries = isPlainObject(value) || value instanceof Map ? mapEntries(value) : undefined;
  return entries?.some(([, item]) => holdsPromise(item)) ?? false;
}

/**
 * The `BindingData` of a value passed to an input of type `expected` (flytekit's
 * `binding_data_from_python_std`): a promise becomes a reference to its node's output (the type
 * checked), an array a collection of bindings, a map a map of bindings, anything else a scalar
 * literal. `promises` collects the promises used (their nodes become upstream nodes).
 * @throws WorkflowCompilationError naming `path` when the value does not fit.
 */
export function bindingData(
  expected: TypeDescriptor,
  value: unknown,
  path: string,
  promises: NodeOutput[],
): BindingData {
  if (isNodeOutput(value)) {
    if (!canBind(value.type, expected)) {
      throw new WorkflowCompilationError(
        `${path} expects ${describeType(expected)} but got ${value.describe()}`,
      );
    }
    promises.push(value);
    return create(BindingDataSchema, {
      value: {
        case: "promise",
        value: create(OutputReferenceSchema, {
          nodeId: value.nodeId,
          var: value.variable,
          // flytekit's attribute access: fields and map keys as strings, list indexes as ints.
          attrPath: value.attrPath.map((part) =>
            create(PromiseAttributeSchema, {
              value:
                typeof part === "number"
                  ? { case: "intValue", value: part }
                  : { case: "stringValue", value: part },
            }),
          ),
        }),
      },
    });
  }
  if (expected.kind === "union" && holdsPromise(value)) {
    // As flytekit: a container holding promises is bound to the first variant it fits.
    for (const variant of expected.variants) {
      const attempt: NodeOutput[] = [];
      try {
        const data = bindingData(variant, value, path, attempt);
        promises.push(...attempt);
        return data;
      } catch {
        // try the next variant
      }
    }
    throw new WorkflowCompilationError(`${path} expects ${describeType(expected)}: no variant fits`);
  }
  if (Array.isArray(value) && expected.kind === "list") {
    return create(BindingDataSchema, {
      value: {
        case: "collection",
        value: create(BindingDataCollectionSchema, {
          bindings: value.map((item, i) => bindingData(expected.of, item, elementPath(path, i), promises)),
        }),
      },
    });
  }
  if (expected.kind === "map" && (isPlainObject(value) || value instanceof Map)) {
    const entries = mapEntries(value) ?? [];
    return create(BindingDataSchema, {
      value: {
        case: "map",
        value: create(BindingDataMapSchema, {
          bindings: sortedRecord(
            entries.map(
              ([key, item]) =>
                [key, bindingData(expected.of, item, elementPath(path, key), promises)] as const,
            ),
          ),
        }),
      },
    });
  }
  if (holdsPromise(value)) {
    throw new WorkflowCompilationError(
      `${path} expects ${describeType(expected)} but got ${describeValue(value)} holding promises; only lists and maps of promises can be bound`,
    );
  }
  try {
    const literal = toLiteral(expected, value, path);
    if (literal.value.case !== "scalar") {
      throw new WorkflowCompilationError(
        `${path}: ${describeValue(value)} is not a constant of ${describeType(expected)}`,
      );
    }
    return create(BindingDataSchema, { value: { case: "scalar", value: literal.value.value } });
  } catch (error) {
    if (error instanceof WorkflowCompilationError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new WorkflowCompilationError(message, { cause: isFlyteError(error) ? error : undefined });
  }
}

/** A `Binding` of input `variable` to `value`; see {@link bindingData}. */
export function bindingOf(
  variable: string,
  expected: TypeDescriptor,
  value: unknown,
  path: string,
  promises: NodeOutput[],
): Binding {
  return create(BindingSchema, { var: variable, binding: bindingData(expected, value, path, promises) });
}
