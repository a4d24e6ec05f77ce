import { createRequire } from "node:module";
import { describe, expect, test } from "vitest";
import { compiler, hasCompilerApi } from "../src/analyzer/compiler.js";

const require = createRequire(import.meta.url);

describe("the compiler the analyzer uses", () => {
  test("TypeScript 7 has no in-process compiler API; 6 has; the analyzer takes 6 when the project's is 7", () => {
    const seven = require("typescript-7") as { version: string };
    expect(seven.version).toMatch(/^7\./);
    expect(hasCompilerApi(seven)).toBe(false);
    const six = require("typescript-6");
    expect(hasCompilerApi(six)).toBe(true);
    expect(compiler().versionMajorMinor).toMatch(/^6\./);
  });
});
