// One error family across the packages: every class they throw is a FlyteError with a code.
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, test } from "vitest";
import {
  asFlyteError,
  FlyteError,
  FlyteNotFoundError,
  IgnoreOutputs,
  isFlyteError,
} from "../packages/core/src/index.js";
import { sourceFiles } from "./support/import-graph.js";

const packages = join(import.meta.dirname, "..", "packages");

describe("one error family", () => {
  test("no class in the packages' sources extends Error directly, except FlyteError itself", () => {
    const offenders = ["core", "runtime", "cli", "transformer", "create-flytekit-ts"].flatMap((name) =>
      sourceFiles(join(packages, name, "src")).flatMap((file) =>
        [...readFileSync(file, "utf8").matchAll(/class (\w+) extends Error\b/g)]
          .map(([, cls]) => cls)
          .filter((cls) => cls !== "FlyteError")
          .map((cls) => `${relative(packages, file)}: ${cls}`),
      ),
    );
    expect(offenders).toEqual([]);
  });

  test("asFlyteError: a FlyteError as it is; anything else as UNKNOWN, the original as its cause", () => {
    const notFound = new FlyteNotFoundError("no task");
    expect(asFlyteError(notFound)).toBe(notFound);
    const plain = new TypeError("boom");
    const wrapped = asFlyteError(plain);
    expect(wrapped).toBeInstanceOf(FlyteError);
    expect([wrapped.code, wrapped.message, wrapped.cause]).toEqual(["UNKNOWN", "boom", plain]);
    expect(asFlyteError("text").message).toBe("text");
    expect(isFlyteError(new IgnoreOutputs(), "IGNORE_OUTPUTS")).toBe(true);
  });
});
