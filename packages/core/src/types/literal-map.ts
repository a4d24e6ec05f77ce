import { create } from "@bufbuild/protobuf";
import { FlyteTypeError, isFlyteError } from "../errors/flyte-error.js";
import { type Literal, type LiteralMap, LiteralMapSchema } from "../gen/flyteidl/core/literals_pb.js";
import { sortedRecord } from "../wire/sorted-record.js";
import { type BlobLocalizer, withBlobLocalizer } from "./blob-localizer.js";
import type { TypeDescriptor } from "./descriptor.js";
import { fromLiteral } from "./from-literal.js";
import { isNullable } from "./json-schema.js";
import { toLiteral } from "./to-literal.js";
import { ownValue, quote } from "./values.js";

/** Where the values belong, for error messages. */
export interface LiteralMapContext {
  /** The task (or workflow) name. */
  task?: string;
  /** Which side of the interface. @default "input" */
  side?: "input" | "output";
  /**
   * Where blobs read from object-store URIs live locally (the runtime downloads them lazily).
   * @default undefined: a blob's path is the URI in its literal
   */
  blobs?: BlobLocalizer | undefined;
}

function where(context: LiteralMapContext, name: string): string {
  const variable = `${context.side ?? "input"} ${quote(name)}`;
  return context.task === undefined ? variable : `Task ${context.task}: ${variable}`;
}

function unknownNames(
  variables: ReadonlyMap<string, TypeDescriptor>,
  names: Iterable<string>,
  context: LiteralMapContext,
): void {
  for (const name of names) {
    if (!variables.has(name)) {
      const side = context.side ?? "input";
      const known = [...variables.keys()].join(", ") || "none";
      throw new FlyteTypeError(
        `${context.task === undefined ? "" : `Task ${context.task} `}has no ${side} named ${quote(name)} (its ${side}s: ${known})`.trimStart(),
      );
    }
  }
}

/**
 * A `LiteralMap` of native values for the given variables (a task's inputs or outputs), entries
 * sorted by name. A missing variable whose type admits none is written as none; any other missing
 * variable, an unknown name, or a value of the wrong type is an error naming the task and variable.
 */
export function toLiteralMap(
  variables: ReadonlyMap<string, TypeDescriptor>,
  values: Readonly<Record<string, unknown>>,
  context: LiteralMapContext = {},
): LiteralMap {
  unknownNames(
    variables,
    Object.keys(values).filter((name) => ownValue(values, name) !== undefined),
    context,
  );
  const entries: (readonly [string, Literal])[] = [];
  for (const [name, descriptor] of variables) {
    const value = ownValue(values, name);
    if (value === undefined && !isNullable(descriptor)) {
      throw new FlyteTypeError(`${where(context, name)} is missing`);
    }
    entries.push([name, toLiteral(descriptor, value, where(context, name))]);
  }
  const map = create(LiteralMapSchema);
  map.literals = sortedRecord(entries);
  return map;
}

/**
 * Native values of a `LiteralMap` for the given variables. A missing variable whose type admits none
 * reads as `undefined`; any other missing variable is an error, and so is a literal that does not
 * fit its variable. Literals for unknown names are ignored, as flytekit does.
 */
export function fromLiteralMap(
  variables: ReadonlyMap<string, TypeDescriptor>,
  literalMap: LiteralMap,
  context: LiteralMapContext = {},
): Record<string, unknown> {
  return withBlobLocalizer(context.blobs, () => valuesOf(variables, literalMap, context));
}

function valuesOf(
  variables: ReadonlyMap<string, TypeDescriptor>,
  literalMap: LiteralMap,
  context: LiteralMapContext,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, descriptor] of variables) {
    const literal = Object.hasOwn(literalMap.literals, name) ? literalMap.literals[name] : undefined;
    if (literal === undefined) {
      if (isNullable(descriptor)) continue;
      throw new FlyteTypeError(`${where(context, name)} is missing`);
    }
    const value = fromLiteral(descriptor, literal, where(context, name));
    if (value !== undefined) out[name] = value;
  }
  return out;
}

/** True for the errors these conversions throw (a value or literal that does not fit its type). */
export function isConversionError(error: unknown): error is FlyteTypeError {
  return isFlyteError(error, "TYPE_MISMATCH");
}
