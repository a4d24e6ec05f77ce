import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { toBinary } from "@bufbuild/protobuf";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { LiteralMapSchema } from "../../core/src/idl.js";
import { t, toLiteralMap } from "../../core/src/index.js";
import { Checkpoint } from "../src/execution/checkpoint.js";
import { buildFixtureProject, execute } from "./support/entrypoint.js";
import { BUCKET, type LocalS3, startLocalS3 } from "./support/s3-server.js";

const folder = () => mkdtempSync(join(tmpdir(), "checkpoint-"));

describe("checkpoints (flytekit's SyncCheckpoint)", () => {
  test("local folders: read the previous attempt's one file, write and save for the next; none without a previous one", async () => {
    const previous = folder();
    writeFileSync(join(previous, "state"), "41");
    const destination = join(folder(), "cp");
    const checkpoint = new Checkpoint(destination, previous, folder());
    expect(checkpoint.prevExists()).toBe(true);
    expect(Buffer.from((await checkpoint.read()) as Uint8Array).toString()).toBe("41");
    await checkpoint.write(Buffer.from("42"));
    expect(readFileSync(join(destination, "_dst_cp"), "utf8")).toBe("42");
    const saved = join(folder(), "model.bin");
    writeFileSync(saved, "weights");
    await checkpoint.save(saved);
    expect(readFileSync(join(destination, "model.bin"), "utf8")).toBe("weights");
    const first = new Checkpoint(join(folder(), "cp"), undefined, folder());
    expect(first.prevExists()).toBe(false);
    expect(await first.read()).toBeUndefined();
    expect(await first.restore()).toBeUndefined();
    // Several files in the previous checkpoint: read() cannot choose.
    writeFileSync(join(previous, "other"), "x");
    await expect(new Checkpoint(destination, previous, folder()).read()).rejects.toThrow(
      "expected exactly one checkpoint file, found 2",
    );
  });

  describe("on an object store", () => {
    let s3: LocalS3;
    let saved: NodeJS.ProcessEnv;
    beforeAll(async () => {
      s3 = await startLocalS3();
      saved = { ...process.env };
      Object.assign(process.env, s3.env);
    });
    afterAll(async () => {
      process.env = saved;
      await s3?.close();
    });

    test("restores the previous prefix (a folder) and uploads this attempt's files under its prefix", async () => {
      const client = new S3Client({
        endpoint: s3.endpoint,
        region: "us-east-1",
        forcePathStyle: true,
        credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
      });
      await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: "run/attempt0/cp/state", Body: "7" }));
      const checkpoint = new Checkpoint(
        `s3://${BUCKET}/run/attempt1/cp`,
        `s3://${BUCKET}/run/attempt0/cp`,
        folder(),
      );
      expect(Buffer.from((await checkpoint.read()) as Uint8Array).toString()).toBe("7");
      const restored = await checkpoint.restore();
      expect(readFileSync(join(restored as string, "state"), "utf8")).toBe("7");
      await checkpoint.write(Buffer.from("8"));
      const object = await client.send(
        new GetObjectCommand({ Bucket: BUCKET, Key: "run/attempt1/cp/_dst_cp" }),
      );
      expect(await object.Body?.transformToString()).toBe("8");
    });
  });

  test("through the context in tsflyte-execute: an attempt resumes from the previous one's checkpoint", () => {
    buildFixtureProject();
    const inputs = toBinary(LiteralMapSchema, toLiteralMap(new Map([["n", t.int]]), { n: 5 }));
    const first = join(folder(), "cp0");
    const run0 = execute(["task-module", "context", "task-name", "resumable"], inputs, {
      extraArgs: ["--checkpoint-path", first],
    });
    expect(run0.status, run0.stderr).toBe(0);
    expect(readFileSync(join(first, "_dst_cp"), "utf8")).toBe("5");
    const second = join(folder(), "cp1");
    mkdirSync(second);
    const run1 = execute(["task-module", "context", "task-name", "resumable"], inputs, {
      extraArgs: ["--checkpoint-path", second, "--prev-checkpoint", first],
    });
    expect(run1.status, run1.stderr).toBe(0);
    const o0 = run1.outputs().literals.o0?.value;
    expect(
      o0?.case === "scalar" && o0.value.value.case === "primitive"
        ? o0.value.value.value.value.value
        : undefined,
    ).toBe(10n);
    expect(existsSync(join(second, "_dst_cp"))).toBe(true);
  });
});
