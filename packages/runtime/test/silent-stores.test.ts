import type { AddressInfo } from "node:net";
import { createServer, type Server, type Socket } from "node:net";
import { fromBinary, toBinary } from "@bufbuild/protobuf";
import { fromLiteral, type Literal, t, toLiteralMap } from "@flytekit-ts/core";
import { LiteralMapSchema } from "@flytekit-ts/core/idl";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { FileNotFoundError } from "../src/files/file-access.js";
import { GcsFileAccess } from "../src/files/gcs-file-access.js";
import { S3FileAccess } from "../src/files/s3-file-access.js";
import { executeUnder } from "./support/entrypoint.js";
import { BUCKET, type LocalS3, startLocalS3 } from "./support/s3-server.js";

/** An endpoint that accepts connections and reads requests but never answers. */
let silent: Server;
let silentUrl = "";
const sockets = new Set<Socket>();
let s3: LocalS3;
beforeAll(async () => {
  silent = createServer((socket) => {
    sockets.add(socket);
    socket.on("data", () => undefined);
    socket.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
  s3 = await startLocalS3();
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => silent.close(() => resolve()));
  await s3?.close();
});

async function settlesWithin<T>(ms: number, promise: Promise<T>): Promise<unknown> {
  const started = Date.now();
  const outcome = await promise.then(
    () => "resolved",
    (error: unknown) => error,
  );
  expect(Date.now() - started).toBeLessThan(ms);
  return outcome;
}

describe("object-store requests give up on a silent endpoint", () => {
  test("S3: a read and a PUT that are never answered fail after the read timeout and the retries", async () => {
    const store = new S3FileAccess({
      FLYTE_AWS_ENDPOINT: silentUrl,
      FLYTE_AWS_ACCESS_KEY_ID: "id",
      FLYTE_AWS_SECRET_ACCESS_KEY: "never-printed",
      AWS_REGION: "us-east-1",
      FLYTE_AWS_READ_TIMEOUT: "0.5",
      FLYTE_AWS_MAX_ATTEMPTS: "2",
    });
    const read = await settlesWithin(15_000, store.read("s3://bucket/inputs.pb"));
    expect((read as Error).message).toContain("for s3://bucket/inputs.pb");
    const write = await settlesWithin(15_000, store.write("s3://bucket/outputs.pb", new Uint8Array(10)));
    expect((write as Error).message).toContain("for s3://bucket/outputs.pb");
    expect((write as Error).message).not.toContain("never-printed");
  }, 40_000);

  test("GCS: a read and an upload that are never answered fail after the timeout and the retries", async () => {
    const store = new GcsFileAccess({
      STORAGE_EMULATOR_HOST: silentUrl,
      FLYTE_GCP_TIMEOUT: "0.5",
      FLYTE_GCP_MAX_ATTEMPTS: "2",
    });
    const read = await settlesWithin(20_000, store.read("gs://bucket/inputs.pb"));
    expect((read as Error).message).toContain("for gs://bucket/inputs.pb");
    const write = await settlesWithin(20_000, store.write("gs://bucket/outputs.pb", new Uint8Array(10)));
    expect((write as Error).message).toContain("for gs://bucket/outputs.pb");
  }, 60_000);
});

describe("a lost acknowledgement never leaves both outputs.pb and error.pb", () => {
  test("outputs.pb stored but every answer to its PUT lost: read back, outputs.pb only, exit 0", async () => {
    const store = new S3FileAccess({ ...s3.env });
    const base = `s3://${BUCKET}/lost-ack`;
    const inputs = toLiteralMap(
      new Map([
        ["a", t.int],
        ["b", t.int],
      ]),
      { a: 1, b: 2 },
    );
    await store.write(`${base}/inputs.pb`, toBinary(LiteralMapSchema, inputs));
    s3.loseAnswers((method, url) => method === "PUT" && url.includes("/out/outputs.pb"));
    try {
      const run = await executeUnder(base, "tasks", "add", { ...s3.env, FLYTE_AWS_MAX_ATTEMPTS: "3" });
      expect(run.status, run.stderr).toBe(0);
    } finally {
      s3.loseAnswers(undefined);
    }
    const outputs = fromBinary(LiteralMapSchema, await store.read(`${base}/out/outputs.pb`));
    expect(fromLiteral(t.int, outputs.literals.o0 as Literal)).toBe(3);
    await expect(store.read(`${base}/out/error.pb`)).rejects.toBeInstanceOf(FileNotFoundError);
  }, 60_000);
});
