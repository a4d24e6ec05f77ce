// The packages' import graphs are stacks: no file imports a file that (through others) imports it
// back, and core's folders import downwards only, in the order declared here.
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { cycles, importGraph, relativeImports, upwardImports } from "./support/import-graph.js";

const packages = join(import.meta.dirname, "..", "packages");

/** Core's layers, bottom first: wire helpers, the model, the type engine, tasks, workflows, registration. */
const CORE_STACK = [
  ["errors", "wire"],
  ["tracking", "images", "resources", "security", "metadata"],
  ["types"],
  ["interface", "settings", "manifest"],
  ["pod"],
  ["nodes", "execution"],
  ["tasks"],
  ["workflows"],
  ["serialize"],
];

describe("import graphs", () => {
  test.each(["core", "runtime", "cli", "transformer", "create-flytekit-ts"])(
    "%s has no import cycle",
    (name) => {
      expect(cycles(importGraph(join(packages, name, "src")))).toEqual([]);
    },
  );

  test("core's folders import downwards only: wire, model, types, interface, nodes, tasks, workflows, serialize", () => {
    expect(upwardImports(importGraph(join(packages, "core", "src")), CORE_STACK)).toEqual([]);
  });

  test("the checks find a cycle and an upward import, through every kind of import", () => {
    expect(
      relativeImports(
        'import { a } from "./a.js";\nimport type { B } from "../b/b.js";\nexport * from "./c.js";\nconst d = await import("./d.js");\nimport { e } from "e";',
      ),
    ).toEqual(["./a.js", "../b/b.js", "./c.js", "./d.js"]);
    const graph = new Map([
      ["tasks/a.ts", ["tasks/b.ts"]],
      ["tasks/b.ts", ["workflows/c.ts"]],
      ["workflows/c.ts", ["tasks/a.ts"]],
      ["wire/d.ts", []],
    ]);
    expect(cycles(graph)).toEqual([["tasks/a.ts", "tasks/b.ts", "workflows/c.ts"]]);
    expect(upwardImports(graph, [["wire"], ["tasks"], ["workflows"]])).toEqual([
      "tasks/b.ts -> workflows/c.ts",
    ]);
  });
});
