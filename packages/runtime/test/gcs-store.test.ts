// gs:// through @google-cloud/storage against a local stand-in for the GCS JSON API (see
// support/gcs-server.ts for why it is not an emulator package).
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { FlyteFile, fromLiteral, t, toLiteral, toLiteralMap } from "@flytekit-ts/core";
import { ErrorDocumentSchema, LiteralMapSchema } from "@flytekit-ts/core/idl";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { FileNotFoundError } from "../src/files/file-access.js";
import { fileAccessFor } from "../src/files/file-access-for.js";
import { GcsFileAccess } from "../src/files/gcs-file-access.js";
import { ObjectStoreError } from "../src/files/object-store-error.js";
import { executeUnder } from "./support/entrypoint.js";
import { GCS_BUCKET, type LocalGcs, startLocalGcs } from "./support/gcs-server.js";
import { localTree } from "./support/local-tree.js";

let gcs: LocalGcs;
let store: GcsFileAccess;
beforeAll(async () => {
  gcs = await startLocalGcs();
  store = new GcsFileAccess({ ...gcs.env, FLYTE_GCP_MAX_ATTEMPTS: "4" });
});
afterAll(async () => gcs?.close());

const uri = (key: string) => `gs://${GCS_BUCKET}/${key}`;

describe("gs:// through @google-cloud/storage", () => {
  test("gs:// URIs are served by the GCS store", () => {
    expect(fileAccessFor(uri("x"))).toBeInstanceOf(GcsFileAccess);
  });

  test("write and read back", async () => {
    await store.write(uri("a/b.bin"), new Uint8Array([1, 2, 3]));
    expect([...(gcs.objects.get(`${GCS_BUCKET}/a/b.bin`) ?? [])]).toEqual([1, 2, 3]);
    expect([...(await store.read(uri("a/b.bin")))]).toEqual([1, 2, 3]);
  });

  test("a missing object is a FileNotFoundError naming bucket and name", async () => {
    const error = await store.read(uri("nope/missing.pb")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileNotFoundError);
    expect((error as Error).message).toBe(`no file at ${uri("nope/missing.pb")}`);
  });

  test("a refused request: access denied, with bucket and name", async () => {
    gcs.deny = true;
    try {
      const error = await store.read(uri("a/b.bin")).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ObjectStoreError);
      expect((error as Error).message).toBe(`access denied (403) for ${uri("a/b.bin")}`);
    } finally {
      gcs.deny = false;
    }
  });

  test("transient failures are retried", async () => {
    gcs.failNext(1);
    expect([...(await store.read(uri("a/b.bin")))]).toEqual([1, 2, 3]);
    gcs.failNext(1);
    await store.write(uri("a/retried.bin"), new Uint8Array([9]));
    expect([...(gcs.objects.get(`${GCS_BUCKET}/a/retried.bin`) ?? [])]).toEqual([9]);
  });

  test("too many failures give up with a clear error", async () => {
    const impatient = new GcsFileAccess({ ...gcs.env, FLYTE_GCP_MAX_ATTEMPTS: "2" });
    gcs.failNext(10);
    const error = await impatient.read(uri("a/b.bin")).catch((e: unknown) => e);
    gcs.failNext(0);
    expect(error).toBeInstanceOf(ObjectStoreError);
    expect((error as Error).message).toBe(`request failed (503) for ${uri("a/b.bin")}`);
  });

  test("files and folders: upload and download; large files as resumable uploads", async () => {
    const dir = await localTree({ "a.txt": "A", "sub/b.txt": "B" });
    await store.upload(join(dir, "tree"), uri("up/tree"));
    expect([...gcs.objects.keys()].filter((key) => key.includes("/up/tree/")).sort()).toEqual([
      `${GCS_BUCKET}/up/tree/a.txt`,
      `${GCS_BUCKET}/up/tree/sub/b.txt`,
    ]);
    await store.download(uri("up/tree"), join(dir, "back"), true);
    expect(await readFile(join(dir, "back", "sub", "b.txt"), "utf8")).toBe("B");

    const big = Buffer.alloc(17 * 1024 * 1024, 7);
    await writeFile(join(dir, "big.bin"), big);
    const before = gcs.resumableUploads;
    await store.upload(join(dir, "big.bin"), uri("up/big.bin"));
    expect(gcs.resumableUploads).toBe(before + 1);
    await store.download(uri("up/big.bin"), join(dir, "big-back.bin"));
    expect((await readFile(join(dir, "big-back.bin"))).equals(big)).toBe(true);

    const empty = await store.download(uri("up/none"), join(dir, "none"), true).catch((e: unknown) => e);
    expect(empty).toBeInstanceOf(FileNotFoundError);
  });
});

describe("tsflyte-execute with every path on gs://", () => {
  const execute = (prefix: string, module: string, key: string) =>
    executeUnder(uri(prefix), module, key, gcs.env);

  test("inputs from, outputs to the object store", async () => {
    await store.write(
      uri("run1/inputs.pb"),
      toBinary(
        LiteralMapSchema,
        toLiteralMap(
          new Map([
            ["a", t.int],
            ["b", t.int],
          ]),
          { a: 2, b: 3 },
        ),
      ),
    );
    const run = await execute("run1", "tasks", "add");
    expect(run.stderr).toBe("");
    const outputs = fromBinary(LiteralMapSchema, await store.read(uri("run1/out/outputs.pb")));
    expect(fromLiteral(t.int, outputs.literals.o0 as never)).toBe(5);
  });

  test("a file input is downloaded, a file output uploaded under the raw prefix", async () => {
    await store.write(uri("files/doc.txt"), new TextEncoder().encode("quiet words"));
    const inputs = create(LiteralMapSchema, {
      literals: { doc: toLiteral(t.file(), new FlyteFile(uri("files/doc.txt"))) },
    });
    await store.write(uri("files/inputs.pb"), toBinary(LiteralMapSchema, inputs));
    const run = await execute("files", "files", "upperFile");
    expect(run.status, run.stderr).toBe(0);
    const outputs = fromBinary(LiteralMapSchema, await store.read(uri("files/out/outputs.pb")));
    const literal = outputs.literals.o0;
    const uploaded =
      literal?.value.case === "scalar" && literal.value.value.value.case === "blob"
        ? literal.value.value.value.value.uri
        : "";
    expect(uploaded).toMatch(new RegExp(`^gs://${GCS_BUCKET}/files/raw/[0-9a-f]{16}/upper-.*\\.txt$`));
    expect(new TextDecoder().decode(await store.read(uploaded))).toBe("QUIET WORDS");
  });

  test("a missing inputs.pb fails with an error document naming it", async () => {
    const run = await execute("run2", "tasks", "add");
    expect(run.status).toBe(0);
    const error = fromBinary(ErrorDocumentSchema, await store.read(uri("run2/out/error.pb"))).error;
    expect(error?.message).toContain(uri("run2/inputs.pb"));
  });
});
