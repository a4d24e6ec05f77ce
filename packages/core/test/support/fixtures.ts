import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import {
  createRegistry,
  type DescMessage,
  equals,
  fromBinary,
  type MessageShape,
  toBinary,
} from "@bufbuild/protobuf";
import { type TaskTemplate, TaskTemplateSchema } from "../../src/gen/flyteidl/core/tasks_pb.js";

const here = new URL(".", import.meta.url);

/** A file of the flytekit 1.16.24 golden outputs, copied into this package's fixtures. */
export function golden(name: string): Buffer {
  return readFileSync(new URL(`../fixtures/flytekit-1.16.24/${name}`, here));
}

/** A golden task template, decoded. */
export function goldenTemplate(task: "add" | "square" | "typed_io"): TaskTemplate {
  return fromBinary(TaskTemplateSchema, golden(`${task}.task.pb`));
}

/** A golden JSON file, parsed. */
export function goldenJson<T>(name: string): T {
  return JSON.parse(golden(name).toString("utf8")) as T;
}

/**
 * Decodes `message`'s bytes with protobufjs, encodes protobufjs's object again, and decodes that with
 * protobuf-es: equal to `message` only if protobufjs read every field as we meant it (it drops what
 * it does not understand, so a field we wrote wrongly does not come back).
 */
export function throughProtobufjs<Desc extends DescMessage>(
  schema: Desc,
  type: PbJsType,
  message: MessageShape<Desc>,
): { bytes: Uint8Array; decoded: Record<string, unknown>; roundTripped: MessageShape<Desc>; equal: boolean } {
  const bytes = toBinary(schema, message);
  const decoded = type.decode(bytes);
  const roundTripped = fromBinary(schema, type.encode(decoded).finish());
  // Unknown fields count: a field protobufjs could not place is lost on its side.
  const equal = equals(schema, roundTripped, message, { registry: createRegistry(), unknown: true });
  return { bytes, decoded, roundTripped, equal };
}

interface PbJsType {
  decode(bytes: Uint8Array): Record<string, unknown>;
  encode(message: Record<string, unknown>): { finish(): Uint8Array };
}

/**
 * The independent protobufjs code shipped in @flyteorg/flyteidl (gen/pb-js): a second implementation
 * that our generated code and our encoding are checked against.
 */
export const pbjs = (
  createRequire(import.meta.url)("@flyteorg/flyteidl/gen/pb-js/flyteidl.js") as {
    flyteidl: unknown;
  }
).flyteidl as {
  core: Record<"TaskTemplate" | "Literal" | "LiteralType" | "LiteralMap" | "ErrorDocument", PbJsType>;
  admin: Record<"TaskSpec" | "WorkflowSpec" | "LaunchPlan", PbJsType>;
};
