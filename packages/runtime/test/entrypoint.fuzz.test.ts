import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fromBinary, toBinary } from "@bufbuild/protobuf";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { ErrorDocumentSchema, LiteralMapSchema } from "../../core/src/idl.js";
import { type TypeDescriptor, t, toLiteralMap } from "../../core/src/index.js";
import { execute } from "./support/entrypoint.js";

/** Exactly one well-formed result file: outputs.pb that decodes, or error.pb that decodes with an error. */
function expectOneValidDocument(run: ReturnType<typeof execute>): void {
  expect(run.status).toBe(0);
  expect(run.files.length).toBe(1);
  const [file] = run.files;
  const bytes = readFileSync(join(run.outputDir, file as string));
  if (file === "outputs.pb") fromBinary(LiteralMapSchema, bytes);
  else {
    expect(file).toBe("error.pb");
    const document = fromBinary(ErrorDocumentSchema, bytes);
    expect(document.error?.message).toMatch(/^Trace:/);
  }
}

const valueTypes: TypeDescriptor[] = [
  t.int,
  t.float,
  t.string,
  t.boolean,
  t.datetime,
  t.list(t.int),
  t.map(t.string),
  t.optional(t.int),
];
const wrongMaps = fc
  .dictionary(fc.constantFrom("a", "b", "c", "x"), fc.constantFrom(...valueTypes.keys()), { maxKeys: 3 })
  .chain((picked) =>
    fc.tuple(
      fc.constant(picked),
      fc.tuple(...Object.values(picked).map((i) => valueFor(valueTypes[i] as TypeDescriptor))),
    ),
  )
  .map(([picked, values]) => {
    const types = new Map(Object.entries(picked).map(([name, i]) => [name, valueTypes[i] as TypeDescriptor]));
    return toBinary(
      LiteralMapSchema,
      toLiteralMap(types, Object.fromEntries([...types.keys()].map((name, i) => [name, values[i]]))),
    );
  });

function valueFor(d: TypeDescriptor): fc.Arbitrary<unknown> {
  switch (d.kind) {
    case "int":
      return fc.integer();
    case "float":
      return fc.double({ noNaN: true });
    case "string":
      return fc.string();
    case "boolean":
      return fc.boolean();
    case "datetime":
      return fc.date({ noInvalidDate: true, min: new Date(0), max: new Date(4e12) });
    case "list":
      return fc.array(fc.integer(), { maxLength: 3 });
    case "map":
      return fc.dictionary(fc.string({ maxLength: 3 }), fc.string(), { maxKeys: 2 });
    default:
      return fc.option(fc.integer(), { nil: undefined });
  }
}

describe("tsflyte-execute never crashes without a document and never writes a partial file", () => {
  test("random bytes as inputs.pb", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expectOneValidDocument(execute(["task-module", "tasks", "task-name", "add"], bytes));
      }),
      { numRuns: 15 },
    );
  }, 120_000);

  test("random well-formed but wrong LiteralMaps", () => {
    fc.assert(
      fc.property(wrongMaps, (bytes) => {
        expectOneValidDocument(execute(["task-module", "tasks", "task-name", "add"], bytes));
      }),
      { numRuns: 15 },
    );
  }, 120_000);

  test("file:// URIs for inputs and output prefix work like paths", () => {
    const run = execute(["task-module", "tasks", "task-name", "noop"], new Uint8Array(), { fileUris: true });
    expect(run.files).toEqual(["outputs.pb"]);
  });
});
