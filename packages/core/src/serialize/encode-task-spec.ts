import { create, toBinary } from "@bufbuild/protobuf";
import { BinaryReader } from "@bufbuild/protobuf/wire";
import { type TaskSpec, TaskSpecSchema } from "../gen/flyteidl/admin/task_pb.js";
import type { VariableMap } from "../gen/flyteidl/core/interface_pb.js";
import { type LiteralType, LiteralTypeSchema } from "../gen/flyteidl/core/types_pb.js";

/**
 * Shared (frozen) LiteralTypes and stand-ins holding their encoding. Struct types carry a JSON
 * schema (`google.protobuf.Struct`), which protobuf-es converts field by field on every encode:
 * half the cost of encoding a task with a struct input. Every task of a project shares the
 * LiteralType of a type (see interface.ts), so each is encoded once here.
 */
const encoded = new WeakMap<LiteralType, LiteralType>();

/**
 * A LiteralType message that encodes to exactly the bytes of `type`: no field set, each of
 * `type`'s encoded fields kept as an unknown field, which protobuf-es writes back verbatim and in
 * order (the fields of an encoded message come in field-number order, so the order is canonical).
 */
function preEncoded(type: LiteralType): LiteralType {
  let stand = encoded.get(type);
  if (stand === undefined) {
    const reader = new BinaryReader(toBinary(LiteralTypeSchema, type));
    const fields: { no: number; wireType: number; data: Uint8Array }[] = [];
    while (reader.pos < reader.len) {
      const [no, wireType] = reader.tag();
      fields.push({ no, wireType, data: reader.skip(wireType, no) });
    }
    stand = create(LiteralTypeSchema);
    stand.$unknown = fields;
    encoded.set(type, stand);
  }
  return stand;
}

function withPreEncodedTypes(map: VariableMap | undefined): VariableMap | undefined {
  if (map === undefined) return undefined;
  const variables: VariableMap["variables"] = {};
  for (const [name, variable] of Object.entries(map.variables)) {
    const type = variable.type;
    // Only shared types are frozen; any other may change between calls and is encoded as is.
    variables[name] =
      type !== undefined && Object.isFrozen(type) ? { ...variable, type: preEncoded(type) } : variable;
  }
  return { ...map, variables };
}

/**
 * `toBinary(TaskSpecSchema, spec)`, the same bytes, with the encoding of LiteralTypes shared
 * between tasks reused: what packaging many tasks calls. `spec` is not changed.
 */
export function encodeTaskSpec(spec: TaskSpec): Uint8Array {
  const template = spec.template;
  const typed = template?.interface;
  if (template === undefined || typed === undefined) return toBinary(TaskSpecSchema, spec);
  const inputs = withPreEncodedTypes(typed.inputs);
  const outputs = withPreEncodedTypes(typed.outputs);
  return toBinary(TaskSpecSchema, {
    ...spec,
    template: {
      ...template,
      interface: {
        ...typed,
        ...(inputs === undefined ? {} : { inputs }),
        ...(outputs === undefined ? {} : { outputs }),
      },
    },
  });
}
