import { describe, expect, test } from "vitest";
import type { Site } from "../src/analyzer/analyze.js";
import { compileWithTransformer } from "./support/compile.js";

/** The signature the transformer records for the task `key` of `source`. */
function signatureOf(source: string, key: string) {
  const compiled = compileWithTransformer({
    "docs.ts": `import { task, type Int } from "@flytekit-ts/core";\n${source}`,
  });
  expect(compiled.diagnostics).toEqual([]);
  const sites: readonly Site[] = compiled.analyses.get("docs.ts")?.sites ?? [];
  const site = sites.find((s) => s.kind === "function" && s.meta.key === key);
  return site?.kind === "function" ? site.meta.signature : undefined;
}

describe("a task's JSDoc, read as flytekit reads a docstring", () => {
  test("summary line, long description, @param and @returns", () => {
    const signature = signatureOf(
      [
        "/**",
        " * Scales a value.",
        " *",
        " * The long description: a paragraph that says more than the summary line.",
        " *",
        " * @param a the value to scale",
        " * @param b a label for the value",
        " * @returns the scaled value",
        " */",
        "export const documented = task((a: Int, b: string): number => a * 1.5);",
      ].join("\n"),
      "documented",
    );
    expect(signature).toMatchObject({
      shortDescription: "Scales a value.",
      longDescription: "The long description: a paragraph that says more than the summary line.",
      returnsDescription: "the scaled value",
      params: [
        { name: "a", description: "the value to scale" },
        { name: "b", description: "a label for the value" },
      ],
    });
  });

  test("only a summary; a second line belongs to the long description; no JSDoc at all", () => {
    expect(signatureOf("/** Adds. */\nexport const add = task((a: Int): Int => a);", "add")).toMatchObject({
      shortDescription: "Adds.",
    });
    const two = signatureOf(
      "/**\n * Adds two\n * numbers.\n */\nexport const add = task((a: Int): Int => a);",
      "add",
    );
    expect([two?.shortDescription, two?.longDescription]).toEqual(["Adds two", "numbers."]);
    const none = signatureOf("export const add = task((a: Int): Int => a);", "add");
    expect([none?.shortDescription, none?.longDescription]).toEqual([undefined, undefined]);
  });
});
