import { join } from "node:path";
import type { JsonObject, MessageInitShape } from "@bufbuild/protobuf";
import { FlyteError, type Literal, type LiteralMap } from "@flytekit-ts/core";
import {
  BlobType_BlobDimensionality,
  create,
  LiteralMapSchema,
  LiteralSchema,
  type PrimitiveSchema,
  type ScalarSchema,
  SimpleType,
  type VariableMap,
} from "@flytekit-ts/core/idl";
import {
  assertPlainTree,
  entryKind,
  readRegularFile,
  UnreadableFileError,
} from "@flytekit-ts/runtime/internal";
import { parseGoBool, parseGoDuration, parseGoFloat, parseGoInt, parseRfc3339 } from "./go-text.js";
import { moveInto } from "./pod-environment.js";

/** The file a raw container writes into its output folder to fail with a message (copilot's `_ERROR`). */
export const ERROR_FILE = "_ERROR";
/** The largest primitive output file copilot reads. */
const MAX_PRIMITIVE_SIZE = 1024;

/** An output file is missing, too large, or does not read as its type. */
export class CopilotOutputError extends FlyteError {
  constructor(
    readonly outputName: string,
    message: string,
  ) {
    super("TYPE_MISMATCH", `output ${outputName}: ${message}`);
  }
}

/** The container wrote `_ERROR` into its output folder: copilot's "User Error". */
export class ContainerReportedError extends FlyteError {
  constructor(readonly text: string) {
    super("USER", `User Error: ${text}`);
  }
}

type ScalarValue = NonNullable<MessageInitShape<typeof ScalarSchema>["value"]>;
type PrimitiveValue = NonNullable<MessageInitShape<typeof PrimitiveSchema>["value"]>;

const scalarLiteral = (value: ScalarValue): Literal =>
  create(LiteralSchema, { value: { case: "scalar", value: { value } } });
const primitiveLiteral = (value: PrimitiveValue): Literal =>
  scalarLiteral({ case: "primitive", value: { value } });

/** An output file's text as copilot's `MakeLiteralForSimpleType` reads it (trimmed of spaces, tabs, newlines). */
export function simpleLiteral(type: SimpleType, raw: string, name: string): Literal {
  const text = raw.replace(/^[ \n\t]+|[ \n\t]+$/g, "");
  const fail = (what: string): never => {
    throw new CopilotOutputError(name, `failed to parse ${what} from ${JSON.stringify(text)}`);
  };
  switch (type) {
    case SimpleType.INTEGER:
      return primitiveLiteral({ case: "integer", value: parseGoInt(text) ?? fail("an integer value") });
    case SimpleType.FLOAT:
      return primitiveLiteral({ case: "floatValue", value: parseGoFloat(text) ?? fail("a Float value") });
    case SimpleType.BOOLEAN:
      return primitiveLiteral({ case: "boolean", value: parseGoBool(text) ?? fail("a Bool value") });
    case SimpleType.STRING:
      return primitiveLiteral({ case: "stringValue", value: text });
    case SimpleType.DATETIME:
      return primitiveLiteral({
        case: "datetime",
        value: parseRfc3339(text) ?? fail("a Datetime in RFC3339 format"),
      });
    case SimpleType.DURATION: {
      const nanos = parseGoDuration(text) ?? fail("a Duration (valid formats: e.g. 300ms, -1.5h, 2h45m)");
      const seconds = nanos / 1_000_000_000n;
      return primitiveLiteral({
        case: "duration",
        value: { seconds, nanos: Number(nanos - seconds * 1_000_000_000n) },
      });
    }
    case SimpleType.STRUCT: {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        // reported below
      }
      if (typeof value !== "object" || value === null || Array.isArray(value))
        return fail("a generic type as json");
      return scalarLiteral({ case: "generic", value: value as JsonObject });
    }
    case SimpleType.BINARY:
      return scalarLiteral({ case: "binary", value: { value: Buffer.from(text) } });
    case SimpleType.ERROR:
      return scalarLiteral({ case: "error", value: { message: text } });
    case SimpleType.NONE:
      return scalarLiteral({ case: "noneType", value: {} });
    default:
      throw new CopilotOutputError(name, `unsupported type ${SimpleType[type]}`);
  }
}

/** The text of a regular file of the output folder, never through a link, at most `maxBytes`. */
async function readOutputText(
  path: string,
  maxBytes: number,
  label: string,
  fail: (error: UnreadableFileError) => Error,
): Promise<string> {
  try {
    return Buffer.from(await readRegularFile(path, { noFollow: true, maxBytes, label })).toString("utf8");
  } catch (error) {
    if (error instanceof UnreadableFileError) throw fail(error);
    throw error;
  }
}

/**
 * Reads a raw container's outputs from `hostDir` as Flyte's copilot sidecar does: `_ERROR` fails
 * the task with its text; each declared output is a file of its name, primitives parsed from at
 * most 1 KiB of text, files and folders (blobs) moved to `<rawDir()>/<name>` and referenced from there;
 * other types are not supported by copilot and fail. The folder is the container's: nothing in it
 * is trusted, so links are never followed and only regular files and folders are read or kept.
 */
export async function readCopilotOutputs(
  outputs: VariableMap | undefined,
  hostDir: string,
  rawDir: () => Promise<string>,
): Promise<LiteralMap> {
  const errorPath = join(hostDir, ERROR_FILE);
  const errorKind = await entryKind(errorPath);
  if (errorKind !== "missing") {
    if (errorKind === "directory") throw new ContainerReportedError("error file is a directory");
    throw new ContainerReportedError(
      await readOutputText(errorPath, 1024 * 1024, "error file", (error) =>
        error.reason === "too-large"
          ? new ContainerReportedError(`error file too large ${error.size}`)
          : new ContainerReportedError(error.message),
      ),
    );
  }
  const literals: Record<string, Literal> = {};
  for (const [name, variable] of Object.entries(outputs?.variables ?? {})) {
    const path = join(hostDir, name);
    const kind = await entryKind(path);
    if (kind === "missing")
      throw new CopilotOutputError(name, `the container wrote no file ${name} in its output folder`);
    const type = variable.type?.type;
    if (type?.case === "simple") {
      if (kind === "directory") {
        throw new CopilotOutputError(
          name,
          `expected file for type [${SimpleType[type.value]}], found dir at path [${name}]`,
        );
      }
      const text = await readOutputText(path, MAX_PRIMITIVE_SIZE, name, (error) =>
        error.reason === "too-large"
          ? new CopilotOutputError(
              name,
              `maximum allowed filesize is [${MAX_PRIMITIVE_SIZE}], but found [${error.size}]`,
            )
          : new CopilotOutputError(name, error.message),
      );
      literals[name] = simpleLiteral(type.value, text, name);
    } else if (type?.case === "blob") {
      let found: "file" | "directory";
      try {
        found = await assertPlainTree(path, name);
      } catch (error) {
        if (error instanceof UnreadableFileError) throw new CopilotOutputError(name, error.message);
        throw error;
      }
      const target = join(await rawDir(), name);
      await moveInto(path, target);
      const dimensionality =
        found === "directory" ? BlobType_BlobDimensionality.MULTIPART : BlobType_BlobDimensionality.SINGLE;
      literals[name] = scalarLiteral({
        case: "blob",
        value: { uri: target, metadata: { type: { format: "", dimensionality } } },
      });
    } else {
      throw new CopilotOutputError(
        name,
        `copilot does not read outputs of type ${type?.case ?? "unknown"}: only primitives, files and folders`,
      );
    }
  }
  return create(LiteralMapSchema, { literals });
}
