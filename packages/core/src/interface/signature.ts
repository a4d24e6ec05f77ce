import { FlyteValidationError } from "../errors/flyte-error.js";
import type { TypeDescriptor } from "../types/descriptor.js";
import { type InputSpec, Interface, type VariableSpec } from "./interface.js";

declare const namedOutputsBrand: unique symbol;

/**
 * Marks a task's return type as named outputs (flytekit's `NamedTuple`):
 * `(): NamedOutputs<{ summary: string; total: number }>` declares outputs `summary` and `total`
 * instead of one `o0`. At run time the value is the plain object.
 */
export type NamedOutputs<T extends Record<string, unknown>> = T & { readonly [namedOutputsBrand]?: true };

/** Marks a returned object as named outputs (a no-op at run time, for readability and typing). */
export function namedOutputs<T extends Record<string, unknown>>(values: T): NamedOutputs<T> {
  return values as NamedOutputs<T>;
}

/** What a task returns, as the transformer records it. */
export type ReturnDescriptor =
  /** `void` / `Promise<void>`: no outputs. */
  | { readonly kind: "void" }
  /** One value: output `o0`. */
  | { readonly kind: "single"; readonly type: TypeDescriptor }
  /** A tuple `[A, B]`: outputs `o0`, `o1`, ... */
  | { readonly kind: "tuple"; readonly types: readonly TypeDescriptor[] }
  /** {@link NamedOutputs}: outputs by name, in declaration order. */
  | {
      readonly kind: "named";
      readonly name?: string;
      readonly fields: readonly { readonly name: string; readonly type: TypeDescriptor }[];
    };

/** A parameter, as the transformer records it. */
export interface ParameterDescriptor {
  readonly name: string;
  readonly type: TypeDescriptor;
  /** The parameter has a default (`x = 3`); the value, when it is a literal the transformer could read. */
  readonly default?: unknown;
  /** From JSDoc `@param`. */
  readonly description?: string;
}

/** A function's signature: what the transformer captures and a task's interface is built from. */
export interface SignatureDescriptor {
  readonly params: readonly ParameterDescriptor[];
  readonly returns: ReturnDescriptor;
  /** From JSDoc `@returns`: applied to every output, as flytekit applies a single return description. */
  readonly returnsDescription?: string;
  /** The first line of the JSDoc text (the task's short description, as a docstring's summary line). */
  readonly shortDescription?: string;
  /** The rest of the JSDoc text before its tags (the task's long description). */
  readonly longDescription?: string;
}

/** The output names of a return descriptor: `o0, o1, ...` or the named fields. */
export function outputNames(returns: ReturnDescriptor): string[] {
  switch (returns.kind) {
    case "void":
      return [];
    case "single":
      return ["o0"];
    case "tuple":
      return returns.types.map((_, i) => `o${i}`);
    case "named":
      return returns.fields.map((field) => field.name);
  }
}

/**
 * The native interface of a signature: inputs in declaration order (defaults kept), outputs `o0`
 * for one value, `o0, o1, ...` for a tuple, the field names for {@link NamedOutputs}, none for void.
 * Descriptions come from JSDoc and default to the variable names.
 * @throws FlyteValidationError for a one-element tuple (flytekit's rule).
 */
export function interfaceFromSignature(signature: SignatureDescriptor, taskName = "<unnamed>"): Interface {
  const inputs: Record<string, InputSpec> = {};
  for (const param of signature.params) {
    inputs[param.name] = {
      type: param.type,
      ...(param.description === undefined ? {} : { description: param.description }),
      ...("default" in param ? { default: param.default } : {}),
    };
  }
  const { returns } = signature;
  if (returns.kind === "tuple" && returns.types.length === 1) {
    throw new FlyteValidationError(
      `Task ${taskName}: Tuples should be used to indicate multiple return values, found only one return variable.`,
    );
  }
  const types: TypeDescriptor[] =
    returns.kind === "void"
      ? []
      : returns.kind === "single"
        ? [returns.type]
        : returns.kind === "tuple"
          ? [...returns.types]
          : returns.fields.map((field) => field.type);
  const outputs: Record<string, VariableSpec> = {};
  outputNames(returns).forEach((name, i) => {
    outputs[name] = {
      type: types[i] as TypeDescriptor,
      ...(signature.returnsDescription === undefined ? {} : { description: signature.returnsDescription }),
    };
  });
  return new Interface({
    inputs,
    outputs,
    ...(returns.kind === "named" && returns.name !== undefined ? { outputTupleName: returns.name } : {}),
  });
}

/**
 * The outputs of a task call by name: `{ o0: value }`, the tuple's elements, or the named fields.
 * @throws FlyteValidationError when a tuple return is not an array of the declared length, or named outputs are not an object.
 */
export function outputsFromReturn(
  returns: ReturnDescriptor,
  value: unknown,
  taskName = "<unnamed>",
): Record<string, unknown> {
  switch (returns.kind) {
    case "void":
      return {};
    case "single":
      return { o0: value };
    case "tuple": {
      if (!Array.isArray(value) || value.length !== returns.types.length) {
        throw new FlyteValidationError(
          `Task ${taskName} must return a tuple of ${returns.types.length} values, got ${Array.isArray(value) ? `${value.length} values` : typeof value}`,
        );
      }
      return Object.fromEntries(value.map((item, i) => [`o${i}`, item]));
    }
    case "named": {
      if (typeof value !== "object" || value === null || Array.isArray(value)) {
        throw new FlyteValidationError(
          `Task ${taskName} must return an object with outputs ${outputNames(returns).join(", ")}`,
        );
      }
      const record = value as Record<string, unknown>;
      return Object.fromEntries(
        returns.fields.map((field) => [
          field.name,
          Object.hasOwn(record, field.name) ? record[field.name] : undefined,
        ]),
      );
    }
  }
}

/** The native return value from outputs by name: the inverse of {@link outputsFromReturn}. */
export function returnFromOutputs(
  returns: ReturnDescriptor,
  outputs: Readonly<Record<string, unknown>>,
): unknown {
  switch (returns.kind) {
    case "void":
      return undefined;
    case "single":
      return outputs.o0;
    case "tuple":
      return returns.types.map((_, i) => outputs[`o${i}`]);
    case "named":
      return Object.fromEntries(returns.fields.map((field) => [field.name, outputs[field.name]]));
  }
}

/**
 * How outputs declared by name map to a return value: `o0` alone is one value, `o0..n` a tuple,
 * other names named outputs, none void. Used for tasks whose outputs are declared, not inferred.
 */
export function returnDescriptorOf(outputs: ReadonlyMap<string, TypeDescriptor>): ReturnDescriptor {
  const names = [...outputs.keys()];
  const type = (name: string) => outputs.get(name) as TypeDescriptor;
  if (names.length === 0) return { kind: "void" };
  if (names.length === 1 && names[0] === "o0") return { kind: "single", type: type("o0") };
  if (names.every((name, i) => name === `o${i}`)) return { kind: "tuple", types: names.map(type) };
  return { kind: "named", fields: names.map((name) => ({ name, type: type(name) })) };
}
