import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { compileWithTransformer, packageDir } from "./support/compile.js";

const fixtures = join(packageDir, "test", "fixtures", "emit");
const read = (name: string) => readFileSync(join(fixtures, name), "utf8");

/** Compares with the golden file; `UPDATE_GOLDEN=1 npx vitest run` rewrites the golden files. */
function expectGolden(name: string, actual: string | undefined): void {
  const golden = join(fixtures, `${name}.golden.js`);
  if (process.env.UPDATE_GOLDEN === "1") writeFileSync(golden, actual ?? "");
  expect(actual).toBe(readFileSync(golden, "utf8"));
}

describe("emitted JavaScript equals the golden files", () => {
  test("function tasks: aliases, generics, enums, maps, files, durations, JSDoc, NamedOutputs, tuples, declared functions", () => {
    const { outputs, diagnostics } = compileWithTransformer({ "functions.ts": read("functions.ts") });
    expect(diagnostics).toEqual([]);
    expectGolden("functions", outputs.get("functions.ts"));
  });

  test("@task methods in standard (TC39) decorator mode", () => {
    const { outputs, diagnostics } = compileWithTransformer({ "methods.ts": read("methods.ts") });
    expect(diagnostics).toEqual([]);
    expectGolden("methods.standard", outputs.get("methods.ts"));
  });

  test("@task methods in legacy (experimentalDecorators) mode", () => {
    const { outputs, diagnostics } = compileWithTransformer(
      { "methods.ts": read("methods.ts") },
      { experimentalDecorators: true },
    );
    expect(diagnostics).toEqual([]);
    expectGolden("methods.legacy", outputs.get("methods.ts"));
  });

  test("tracked instances (exported consts and static fields) and executor classes", () => {
    const { outputs, diagnostics } = compileWithTransformer({ "tracked.ts": read("tracked.ts") });
    expect(diagnostics).toEqual([]);
    expectGolden("tracked", outputs.get("tracked.ts"));
  });
});
