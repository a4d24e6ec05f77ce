import { FlyteMissingDependencyError, isFlyteError } from "@flytekit-ts/core";
import { describe, expect, test } from "vitest";
import { importOptionalPeer } from "../src/files/optional-peer.js";

describe("optional peer dependencies (object-store clients)", () => {
  test("a missing package is a MISSING_DEPENDENCY error naming it and what needs it", async () => {
    const missing = "@flytekit-ts/no-such-client";
    const error = await importOptionalPeer(() => import(missing), missing, "s3:// URIs").catch((e) => e);
    expect(isFlyteError(error, "MISSING_DEPENDENCY")).toBe(true);
    expect(error).toBeInstanceOf(FlyteMissingDependencyError);
    expect(error.packageName).toBe(missing);
    expect(error.message).toBe(
      `s3:// URIs need the optional package ${missing}: add it to the project (npm install ${missing}) and to the task image`,
    );
  });

  test("an installed package loads; a failure inside it is not called missing", async () => {
    await expect(
      importOptionalPeer(() => import("@aws-sdk/client-s3"), "@aws-sdk/client-s3", "s3"),
    ).resolves.toHaveProperty("S3Client");
    const inner = Object.assign(new Error("Cannot find package 'something-else'"), {
      code: "ERR_MODULE_NOT_FOUND",
    });
    await expect(importOptionalPeer(() => Promise.reject(inner), "@aws-sdk/client-s3", "s3")).rejects.toBe(
      inner,
    );
  });
});
