import { decode } from "@msgpack/msgpack";
import type { Literal } from "../gen/flyteidl/core/literals_pb.js";
import { WorkflowCompilationError } from "../nodes/workflow-errors.js";
import type { TypeDescriptor } from "../types/descriptor.js";
import { fromPlain } from "../types/struct-codec.js";
import { MSGPACK_TAG, toLiteral } from "../types/to-literal.js";

const shown = (path: readonly (string | number)[]) =>
  path.map((part) => (typeof part === "number" ? `[${part}]` : `.${part}`)).join("");

/**
 * The part of `literal` at `path` (flytekit's attribute access, as propeller resolves it): list
 * elements and map entries by walking the literal, struct fields by reading its msgpack; a part
 * read from msgpack becomes a literal of `expected`, the type of what receives it.
 * @throws WorkflowCompilationError naming `where` when the path does not lead anywhere.
 */
export function literalAt(
  literal: Literal,
  path: readonly (string | number)[],
  expected: TypeDescriptor | undefined,
  where: string,
): Literal {
  let current = literal;
  for (let i = 0; i < path.length; i++) {
    const key = path[i] as string | number;
    const missing = () =>
      new WorkflowCompilationError(`${where}: the value has no ${shown(path.slice(0, i + 1))}`);
    const { value } = current;
    if (value.case === "collection" && typeof key === "number") {
      current =
        value.value.literals[key] ??
        (() => {
          throw missing();
        })();
      continue;
    }
    if (value.case === "map" && typeof key === "string") {
      if (!Object.hasOwn(value.value.literals, key)) throw missing();
      current = value.value.literals[key] as Literal;
      continue;
    }
    const scalar = value.case === "scalar" ? value.value.value : undefined;
    if (scalar?.case === "union" && scalar.value.value !== undefined) {
      current = scalar.value.value;
      i--;
      continue;
    }
    if (scalar?.case === "binary" && scalar.value.tag === MSGPACK_TAG) {
      let part: unknown = decode(scalar.value.value);
      for (const step of path.slice(i)) {
        const container = part as Record<string | number, unknown> | undefined;
        if (container === null || typeof container !== "object" || !Object.hasOwn(container, step))
          throw missing();
        part = container[step];
      }
      if (expected === undefined)
        throw new WorkflowCompilationError(`${where}: no type to read ${shown(path)} as`);
      return toLiteral(expected, fromPlain(expected, part, `${where}${shown(path)}`), where);
    }
    throw missing();
  }
  return current;
}
