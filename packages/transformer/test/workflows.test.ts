import { describe, expect, test } from "vitest";
import type { Site } from "../src/analyzer/analyze.js";
import { compileWithTransformer } from "./support/compile.js";

const header =
  'import { LaunchPlan, namedOutputs, task, workflow, type Int, type NamedOutputs } from "@flytekit-ts/core";\n' +
  "export const add = task((a: Int, b: Int): Int => (a + b) as Int);\n" +
  "export const split = task((a: Int): [Int, string] => [a, String(a)]);\n" +
  "export const stats = task((xs: number[]): NamedOutputs<{ mean: number; count: Int }> => namedOutputs({ mean: 0, count: xs.length as Int }));\n";

function compile(source: string) {
  const compiled = compileWithTransformer({ "flows.ts": header + source });
  const sites = compiled.analyses.get("flows.ts")?.sites ?? [];
  return { ...compiled, sites };
}

const workflowSite = (sites: readonly Site[], key: string) =>
  sites.find((site) => site.kind === "workflow" && site.meta.key === key);

describe("workflow() capture", () => {
  test("signature, promises unwrapped from single, tuple and named returns; meta passed as the third argument", () => {
    const { sites, diagnostics, outputs } = compile(
      [
        "/** @param a the first */",
        "export const one = workflow((a: Int, b: Int = 3 as Int) => add(a, b));",
        "export const two = workflow((a: Int) => {",
        "  const [n, s] = split(a);",
        "  return [add(n, n), s] as const;",
        "});",
        "export const named = workflow((xs: number[]) => {",
        "  const { mean } = stats(xs);",
        "  return namedOutputs({ average: mean });",
        "}, { name: 'named_flow' });",
      ].join("\n"),
    );
    expect(diagnostics).toEqual([]);
    const one = workflowSite(sites, "one");
    expect(one?.kind === "workflow" && one.meta.signature).toEqual({
      params: [
        { name: "a", type: { kind: "int" }, description: "the first" },
        { name: "b", type: { kind: "int" } },
      ],
      returns: { kind: "single", type: { kind: "int" } },
    });
    expect(one?.kind === "workflow" && one.meta.line).toBe(6);
    const two = workflowSite(sites, "two");
    expect(two?.kind === "workflow" && two.meta.signature.returns).toEqual({
      kind: "tuple",
      types: [{ kind: "int" }, { kind: "string" }],
    });
    const named = workflowSite(sites, "named");
    expect(named?.kind === "workflow" && named.meta.signature.returns).toEqual({
      kind: "named",
      fields: [{ name: "average", type: { kind: "float" } }],
    });
    expect(named?.kind === "workflow" && named.name).toBe("named_flow");
    const js = outputs.get("flows.ts") ?? "";
    expect(js).toMatch(/export const one = workflow\(\(a, b = 3\) => add\(a, b\), undefined, JSON\.parse\(/);
    expect(js).toContain('\\"key\\":\\"one\\"');
  });

  test("a conditional's result types the workflow's output (flytekit's conditional)", () => {
    const { sites, diagnostics } = compile(
      [
        'import { conditional, gt, eq, and } from "@flytekit-ts/core";',
        "export const pick = workflow((a: Int, b: Int) => conditional('bigger').if(gt(a, b)).then(add(a, b)).else().then(add(b, b)));",
        "export const three = workflow((a: Int, b: Int) => conditional('three').if(and(gt(a, b), eq(b, 3))).then(add(a, b)).elif(eq(a, b)).then(add(a, a)).else().fail('smaller'));",
      ].join("\n"),
    );
    expect(diagnostics).toEqual([]);
    for (const key of ["pick", "three"]) {
      const site = workflowSite(sites, key);
      expect(site?.kind === "workflow" && site.meta.signature?.returns).toEqual({
        kind: "single",
        type: { kind: "int" },
      });
    }
  });

  test("launch plans bound to exports are recorded, not rewritten", () => {
    const { sites, diagnostics, outputs } = compile(
      "export const wf = workflow((a: Int) => add(a, a));\n" +
        'export const nightly = LaunchPlan.create("nightly", wf, { fixedInputs: { a: 1 } });',
    );
    expect(diagnostics).toEqual([]);
    const plan = sites.find((site) => site.kind === "launchPlan");
    expect(plan?.kind === "launchPlan" && [plan.name, plan.tracking.key, plan.tracking.line]).toEqual([
      "nightly",
      "nightly",
      6,
    ]);
    expect(outputs.get("flows.ts")).toContain('LaunchPlan.create("nightly", wf, { fixedInputs: { a: 1 } })');
  });

  test("diagnostics: not exported, nested, unmappable types, an unexported launch plan", () => {
    const { diagnostics } = compile(
      [
        "const hidden = workflow((a: Int) => add(a, a));",
        "void hidden;",
        "export function make() { return workflow((a: Int) => add(a, a)); }",
        "export const bad = workflow((a: Int, f: () => void) => add(a, a));",
        "export const twice = workflow((a: Int) => add(a, a));",
        "export { twice as again };",
        "const local = LaunchPlan.create('x', twice);",
        "void local;",
      ].join("\n"),
    );
    expect(diagnostics).toEqual([
      "src/flows.ts:5: flytekit-ts: a workflow must be bound to an exported module-level const (export const name = workflow(...)): this workflow hidden is not exported",
      "src/flows.ts:7: flytekit-ts: a workflow cannot be declared inside a function: declare it at module level, export const name = workflow(...)",
      expect.stringMatching(/^src\/flows\.ts:8: flytekit-ts: workflow bad: parameter f: /),
      "src/flows.ts:11: flytekit-ts: a launch plan must be bound to an exported module-level const: this launch plan local is not exported",
    ]);
  });
});
