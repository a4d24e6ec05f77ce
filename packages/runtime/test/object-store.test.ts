import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import {
  FlyteDirectory,
  FlyteFile,
  fromLiteral,
  type Literal,
  literalTypeOf,
  t,
  toLiteral,
  toLiteralMap,
} from "@flytekit-ts/core";
import {
  ContainerError_Kind,
  ErrorDocumentSchema,
  ExecutionError_ErrorKind,
  LiteralMapSchema,
  LiteralSchema,
} from "@flytekit-ts/core/idl";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { FileNotFoundError } from "../src/files/file-access.js";
import { ObjectStoreError } from "../src/files/object-store-error.js";
import { S3FileAccess } from "../src/files/s3-file-access.js";
import { executeUnder } from "./support/entrypoint.js";
import { localTree } from "./support/local-tree.js";
import { BUCKET, type LocalS3, startLocalS3 } from "./support/s3-server.js";

let s3: LocalS3;
let store: S3FileAccess;
beforeAll(async () => {
  s3 = await startLocalS3();
  store = new S3FileAccess({ ...s3.env });
});
afterAll(async () => s3?.close());

/** tsflyte-execute with every path on the local S3 server. */
const execute = (prefix: string, module: string, key: string) =>
  executeUnder(`s3://${BUCKET}/${prefix}`, module, key, s3.env);

describe("s3:// through the AWS SDK against a local S3 server", () => {
  test("write and read back", async () => {
    await store.write(`s3://${BUCKET}/a/b.bin`, new Uint8Array([1, 2, 3]));
    expect([...(await store.read(`s3://${BUCKET}/a/b.bin`))]).toEqual([1, 2, 3]);
  });

  test("a missing object is a FileNotFoundError naming bucket and key", async () => {
    const error = await store.read(`s3://${BUCKET}/nope/missing.pb`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileNotFoundError);
    expect((error as Error).message).toBe(`no file at s3://${BUCKET}/nope/missing.pb`);
  });

  test("wrong credentials: access denied, bucket and key named, the secret never", async () => {
    const wrong = new S3FileAccess({
      ...s3.env,
      FLYTE_AWS_ACCESS_KEY_ID: "WRONG",
      FLYTE_AWS_SECRET_ACCESS_KEY: "hunter2-secret",
    });
    const error = await wrong.read(`s3://${BUCKET}/a/b.bin`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ObjectStoreError);
    expect((error as Error).message).toMatch(
      new RegExp(`^access denied \\(\\w+\\) for s3://${BUCKET}/a/b\\.bin$`),
    );
    expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain("hunter2-secret");
  });

  test("transient failures are retried", async () => {
    await store.write(`s3://${BUCKET}/retry/x`, new Uint8Array([7]));
    const before = s3.requests;
    s3.failNext(2);
    expect([...(await store.read(`s3://${BUCKET}/retry/x`))]).toEqual([7]);
    expect(s3.requests - before).toBe(3);
  });

  test("files and folders go up and come back; large files as multipart", async () => {
    const dir = await localTree({ "top.txt": "top", "sub/deep.txt": "deep" });
    await store.upload(join(dir, "tree"), `s3://${BUCKET}/trees/t1`);
    await store.download(`s3://${BUCKET}/trees/t1`, join(dir, "back"), true);
    expect(await readFile(join(dir, "back", "top.txt"), "utf8")).toBe("top");
    expect(await readFile(join(dir, "back", "sub", "deep.txt"), "utf8")).toBe("deep");
    const big = Buffer.alloc(17 * 1024 * 1024, 7);
    big.write("start", 0);
    await writeFile(join(dir, "big.bin"), big);
    await store.upload(join(dir, "big.bin"), `s3://${BUCKET}/big/big.bin`);
    await store.download(`s3://${BUCKET}/big/big.bin`, join(dir, "big-back.bin"));
    expect((await readFile(join(dir, "big-back.bin"))).equals(big)).toBe(true);
    await expect(store.download(`s3://${BUCKET}/trees/none`, join(dir, "none"), true)).rejects.toBeInstanceOf(
      FileNotFoundError,
    );
  }, 60_000);
});

describe("tsflyte-execute with every path on S3", () => {
  test("inputs.pb from S3, outputs.pb to the S3 output prefix", async () => {
    const inputs = toLiteralMap(
      new Map([
        ["a", t.int],
        ["b", t.int],
      ]),
      { a: 2, b: 40 },
    );
    await store.write(`s3://${BUCKET}/add/inputs.pb`, toBinary(LiteralMapSchema, inputs));
    const run = await execute("add", "tasks", "add");
    expect(run.status, run.stderr).toBe(0);
    const outputs = fromBinary(LiteralMapSchema, await store.read(`s3://${BUCKET}/add/out/outputs.pb`));
    expect(fromLiteral(t.int, outputs.literals.o0 as Literal)).toBe(42);
  });

  test("a failing task writes error.pb to S3", async () => {
    const inputs = toLiteralMap(new Map([["x", t.int]]), { x: 3 });
    await store.write(`s3://${BUCKET}/fails/inputs.pb`, toBinary(LiteralMapSchema, inputs));
    const run = await execute("fails", "tasks", "fails");
    expect(run.status).toBe(0);
    const document = fromBinary(ErrorDocumentSchema, await store.read(`s3://${BUCKET}/fails/out/error.pb`));
    expect(document.error?.message).toContain("boom 3");
  });

  test("a file input is downloaded, a file output uploaded under the raw prefix", async () => {
    await store.write(`s3://${BUCKET}/files/doc.txt`, new TextEncoder().encode("quiet words"));
    const inputs = create(LiteralMapSchema, {
      literals: { doc: toLiteral(t.file(), new FlyteFile(`s3://${BUCKET}/files/doc.txt`)) },
    });
    await store.write(`s3://${BUCKET}/files/inputs.pb`, toBinary(LiteralMapSchema, inputs));
    const run = await execute("files", "files", "upperFile");
    expect(run.status, run.stderr).toBe(0);
    const outputs = fromBinary(LiteralMapSchema, await store.read(`s3://${BUCKET}/files/out/outputs.pb`));
    const literal = outputs.literals.o0;
    const uri =
      literal?.value.case === "scalar" && literal.value.value.value.case === "blob"
        ? literal.value.value.value.value.uri
        : "";
    expect(uri).toMatch(new RegExp(`^s3://${BUCKET}/files/raw/[0-9a-f]{16}/upper-.*\\.txt$`));
    expect(new TextDecoder().decode(await store.read(uri))).toBe("QUIET WORDS");
  });

  test("an offloaded input literal is read from where it was offloaded", async () => {
    const a = toLiteral(t.int, 20);
    const bytes = toBinary(LiteralSchema, a);
    await store.write(`s3://${BUCKET}/off/a_offloaded_metadata.pb`, bytes);
    const inputs = create(LiteralMapSchema, {
      literals: {
        a: create(LiteralSchema, {
          value: {
            case: "offloadedMetadata",
            value: {
              uri: `s3://${BUCKET}/off/a_offloaded_metadata.pb`,
              sizeBytes: BigInt(bytes.length),
              inferredType: literalTypeOf(t.int),
            },
          },
        }),
        b: toLiteral(t.int, 22),
      },
    });
    await store.write(`s3://${BUCKET}/off/inputs.pb`, toBinary(LiteralMapSchema, inputs));
    const run = await execute("off", "tasks", "add");
    expect(run.status, run.stderr).toBe(0);
    const outputs = fromBinary(LiteralMapSchema, await store.read(`s3://${BUCKET}/off/out/outputs.pb`));
    expect(fromLiteral(t.int, outputs.literals.o0 as Literal)).toBe(42);
  });
});

/** The URI of the blob in `literal`, or "" when it holds none. */
const blobUri = (literal: Literal | undefined) =>
  literal?.value.case === "scalar" && literal.value.value.value.case === "blob"
    ? literal.value.value.value.value.uri
    : "";

describe("file inputs are downloaded when the task touches them", () => {
  /** Writes `inputs` as the inputs.pb of `prefix` and runs `files.<key>` there; returns its outputs. */
  async function runFiles(prefix: string, key: string, inputs: Record<string, Literal>) {
    await store.write(
      `s3://${BUCKET}/${prefix}/inputs.pb`,
      toBinary(LiteralMapSchema, create(LiteralMapSchema, { literals: inputs })),
    );
    const run = await execute(prefix, "files", key);
    expect(run.status, run.stderr).toBe(0);
    return (name: "outputs.pb" | "error.pb") => store.read(`s3://${BUCKET}/${prefix}/out/${name}`);
  }
  const file = (key: string) => toLiteral(t.file(), new FlyteFile(`s3://${BUCKET}/${key}`));
  beforeAll(() => store.write(`s3://${BUCKET}/lazy/here.txt`, new TextEncoder().encode("fetched")));

  test.each([
    [
      "an input the task never reads is never fetched: a missing object does not matter",
      "absent.txt",
      false,
      "false/false/",
    ],
    ["download() fetches the object the first time the task asks", "here.txt", true, "false/true/fetched"],
  ])("%s", async (_, name, read, expected) => {
    const inputs = { doc: file(`lazy/${name}`), read: toLiteral(t.boolean, read) };
    const outputs = fromBinary(
      LiteralMapSchema,
      await (await runFiles(`lazy-${name}`, "maybeRead", inputs))("outputs.pb"),
    );
    expect(fromLiteral(t.string, outputs.literals.o0 as Literal)).toBe(expected);
  });

  test("a file returned untouched keeps its URI: nothing downloaded, nothing uploaded", async () => {
    const read = await runFiles("lazy3", "passOn", { doc: file("lazy/absent-too.txt") });
    const outputs = fromBinary(LiteralMapSchema, await read("outputs.pb"));
    expect(blobUri(outputs.literals.o0)).toBe(`s3://${BUCKET}/lazy/absent-too.txt`);
  });

  test("a missing object the task reads fails the attempt as a recoverable system error naming input and URI", async () => {
    const read = await runFiles("lazy4", "upperFile", { doc: file("lazy/gone.txt") });
    const error = fromBinary(ErrorDocumentSchema, await read("error.pb")).error;
    expect(error?.kind).toBe(ContainerError_Kind.RECOVERABLE);
    expect(error?.origin).toBe(ExecutionError_ErrorKind.SYSTEM);
    expect(error?.message).toContain(`input "doc": could not download s3://${BUCKET}/lazy/gone.txt`);
    expect(error?.message).toContain(`no file at s3://${BUCKET}/lazy/gone.txt`);
  });

  test("a folder input is downloaded whole when the task asks", async () => {
    const dir = await localTree({ "a.txt": "a", "sub/b.txt": "b" });
    await store.upload(join(dir, "tree"), `s3://${BUCKET}/lazy/tree`);
    const read = await runFiles("lazy5", "countFiles", {
      dir: toLiteral(t.directory(), new FlyteDirectory(`s3://${BUCKET}/lazy/tree`)),
    });
    const outputs = fromBinary(LiteralMapSchema, await read("outputs.pb"));
    expect(fromLiteral(t.int, outputs.literals.o0 as Literal)).toBe(2);
  });
});
