import { create } from "@bufbuild/protobuf";
import { FlyteValidationError } from "../errors/flyte-error.js";
import {
  type TypedInterface,
  TypedInterfaceSchema,
  type Variable,
  VariableMapSchema,
  VariableSchema,
} from "../gen/flyteidl/core/interface_pb.js";
import type { LiteralType } from "../gen/flyteidl/core/types_pb.js";
import type { TypeDescriptor } from "../types/descriptor.js";
import { literalTypeOf } from "../types/literal-type.js";
import { sortedRecord } from "../wire/sorted-record.js";

/** A declared variable: its type and, optionally, a description (which defaults to the variable's name). */
export interface VariableSpec {
  readonly type: TypeDescriptor;
  readonly description?: string;
}

/** An input: a variable that may have a default value (used when the caller leaves it out). */
export interface InputSpec extends VariableSpec {
  /** The default value. Present (even as `undefined`) means the input has a default. */
  readonly default?: unknown;
}

/** Inputs by name, in declaration order: a bare descriptor or an {@link InputSpec}. */
export type InputsInit = Readonly<Record<string, TypeDescriptor | InputSpec>>;
/** Outputs by name, in declaration order: a bare descriptor or a {@link VariableSpec}. */
export type OutputsInit = Readonly<Record<string, TypeDescriptor | VariableSpec>>;

interface Declared {
  readonly type: TypeDescriptor;
  readonly description: string | undefined;
  readonly hasDefault: boolean;
  readonly default: unknown;
}

/** Flyte variable names: the identifiers both TypeScript and flytekit accept (`{{.inputs.<name>}}` too). */
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function declare(name: string, spec: TypeDescriptor | InputSpec, side: "input" | "output"): Declared {
  if (!VARIABLE_NAME.test(name)) {
    throw new FlyteValidationError(
      `${side === "input" ? "Input" : "Output"} name ${JSON.stringify(name)} is not a valid identifier (letters, digits and _, not starting with a digit)`,
    );
  }
  if ("kind" in spec) return { type: spec, description: undefined, hasDefault: false, default: undefined };
  if (typeof spec !== "object" || spec === null || typeof spec.type !== "object") {
    throw new FlyteValidationError(
      `${side} ${name} needs a type descriptor (e.g. t.int), got ${String(spec)}`,
    );
  }
  return {
    type: spec.type,
    description: spec.description,
    hasDefault: "default" in spec,
    default: spec.default,
  };
}

function toEntries(
  init: InputsInit | OutputsInit | undefined,
  side: "input" | "output",
): Map<string, Declared> {
  return new Map(Object.entries(init ?? {}).map(([name, spec]) => [name, declare(name, spec, side)]));
}

/**
 * LiteralTypes by descriptor. A project's tasks repeat the same types, and building a LiteralType
 * (struct schemas above all) is most of what serializing an interface costs, so one message per
 * distinct type is shared by every template. Shared means frozen: mutating it throws.
 */
const sharedLiteralTypes = new Map<string, LiteralType>();
const SHARED_LIMIT = 10_000;

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

function sharedLiteralType(type: TypeDescriptor): LiteralType {
  const key = JSON.stringify(type);
  let literalType = sharedLiteralTypes.get(key);
  if (literalType === undefined) {
    literalType = deepFreeze(literalTypeOf(type));
    if (sharedLiteralTypes.size < SHARED_LIMIT) sharedLiteralTypes.set(key, literalType);
  }
  return literalType;
}

function variable(name: string, declared: Declared): Variable {
  return create(VariableSchema, {
    type: sharedLiteralType(declared.type),
    description: declared.description ?? name,
  });
}

/**
 * A task's native interface: typed inputs (some with defaults) and outputs, in declaration order.
 * The counterpart of flytekit's `Interface`; immutable, the `with*` methods return new interfaces.
 */
export class Interface {
  readonly #inputs: ReadonlyMap<string, Declared>;
  readonly #outputs: ReadonlyMap<string, Declared>;
  /** The name of the output tuple type for named outputs (flytekit's `NamedTuple` name), if any. */
  readonly outputTupleName: string | undefined;

  constructor(init: { inputs?: InputsInit; outputs?: OutputsInit; outputTupleName?: string } = {}) {
    this.#inputs = toEntries(init.inputs, "input");
    this.#outputs = toEntries(init.outputs, "output");
    this.outputTupleName = init.outputTupleName;
  }

  /** Input types by name, in declaration order. */
  get inputs(): ReadonlyMap<string, TypeDescriptor> {
    return new Map([...this.#inputs].map(([name, declared]) => [name, declared.type]));
  }

  /** Output types by name, in declaration order. */
  get outputs(): ReadonlyMap<string, TypeDescriptor> {
    return new Map([...this.#outputs].map(([name, declared]) => [name, declared.type]));
  }

  /** Output names in declaration order (`o0`, `o1`, ... for unnamed outputs). */
  get outputNames(): string[] {
    return [...this.#outputs.keys()];
  }

  /** Input names in declaration order. */
  get inputNames(): string[] {
    return [...this.#inputs.keys()];
  }

  /** Inputs that have a default value, with it. */
  get defaultInputs(): Readonly<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    for (const [name, declared] of this.#inputs) if (declared.hasDefault) out[name] = declared.default;
    return out;
  }

  /** Whether input `name` has a default. */
  hasDefault(name: string): boolean {
    return this.#inputs.get(name)?.hasDefault ?? false;
  }

  /** The description of a variable, defaulting to its name. */
  descriptionOf(side: "input" | "output", name: string): string | undefined {
    const declared = (side === "input" ? this.#inputs : this.#outputs).get(name);
    return declared === undefined ? undefined : (declared.description ?? name);
  }

  /** A new interface with more inputs (replacing inputs of the same name). */
  withInputs(extra: InputsInit): Interface {
    const init = this.#init();
    return new Interface({ ...init, inputs: { ...init.inputs, ...extra } });
  }

  /** A new interface with more outputs (replacing outputs of the same name). */
  withOutputs(extra: OutputsInit): Interface {
    const init = this.#init();
    return new Interface({ ...init, outputs: { ...init.outputs, ...extra } });
  }

  /** A new interface without the given inputs. */
  removeInputs(names: Iterable<string>): Interface {
    const removed = new Set(names);
    const init = this.#init();
    return new Interface({
      ...init,
      inputs: Object.fromEntries(Object.entries(init.inputs).filter(([name]) => !removed.has(name))),
    });
  }

  /** The `flyteidl.core.TypedInterface`: both variable maps always present, entries sorted by name. */
  toModel(): TypedInterface {
    const map = (entries: ReadonlyMap<string, Declared>) =>
      create(VariableMapSchema, {
        variables: sortedRecord(
          [...entries].map(([name, declared]) => [name, variable(name, declared)] as const),
        ),
      });
    return create(TypedInterfaceSchema, { inputs: map(this.#inputs), outputs: map(this.#outputs) });
  }

  /** The declaration this interface was made from, so `with*` can build a changed copy. */
  #init(): {
    inputs: Record<string, InputSpec>;
    outputs: Record<string, VariableSpec>;
    outputTupleName?: string;
  } {
    const spec = (declared: Declared): InputSpec => ({
      type: declared.type,
      ...(declared.description === undefined ? {} : { description: declared.description }),
      ...(declared.hasDefault ? { default: declared.default } : {}),
    });
    return {
      inputs: Object.fromEntries([...this.#inputs].map(([name, declared]) => [name, spec(declared)])),
      outputs: Object.fromEntries([...this.#outputs].map(([name, declared]) => [name, spec(declared)])),
      ...(this.outputTupleName === undefined ? {} : { outputTupleName: this.outputTupleName }),
    };
  }
}
