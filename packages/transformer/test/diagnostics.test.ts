import { describe, expect, test } from "vitest";
import { compileWithTransformer } from "./support/compile.js";

const header = 'import { ContainerTask, task, type Int } from "@flytekit-ts/core";\n';

function diagnosticsOf(source: string, file = "bad.ts"): string[] {
  return compileWithTransformer({ [file]: header + source }).diagnostics;
}

describe("build-time diagnostics with file:line", () => {
  test("a task that is not exported", () => {
    expect(diagnosticsOf("const add = task((a: Int) => a);\nvoid add;")).toEqual([
      "src/bad.ts:2: flytekit-ts: a task must be bound to an exported module-level const (export const name = task(...)): this task add is not exported",
    ]);
  });

  test("a task not bound to a name", () => {
    expect(diagnosticsOf("export default task((a: Int) => a);")).toEqual([
      "src/bad.ts:2: flytekit-ts: a task must be bound to an exported module-level const (export const name = task(...)): this task is not bound to an exported name",
    ]);
  });

  test("a container task that is not exported", () => {
    expect(
      diagnosticsOf('const c = new ContainerTask({ name: "c", image: "a:1", command: [] });\nvoid c;'),
    ).toEqual([
      "src/bad.ts:2: flytekit-ts: a task must be bound to an exported module-level const: this ContainerTask c is not exported",
    ]);
  });

  test("a task declared inside another function (flytekit's nested-function rule)", () => {
    expect(
      diagnosticsOf("export function make() {\n  const t = task((a: Int) => a);\n  return t;\n}"),
    ).toEqual([
      "src/bad.ts:3: flytekit-ts: a task cannot be declared inside a function (flytekit's nested/inner function rule): declare it at module level, export const name = task(...), or return it from a factory function whose result is bound to an exported const",
    ]);
  });

  test("nested tasks are allowed in test modules, as flytekit allows them: they get an interface, not a manifest entry", () => {
    const compiled = compileWithTransformer({
      "math.test.ts": `${header}export function check() {\n  const twice = task((a: Int): Int => (a * 2) as Int);\n  return twice;\n}`,
    });
    expect(compiled.diagnostics).toEqual([]);
    const site = compiled.analyses.get("math.test.ts")?.sites[0];
    expect(site).toMatchObject({ kind: "function", local: true, meta: { key: "check.twice" } });
    expect(compiled.outputs.get("math.test.ts")).toContain('\\"key\\":\\"check.twice\\"');
    expect(
      diagnosticsOf(
        "export function check() {\n  const t = task((a: Int) => a);\n  return [t];\n}",
        "test_math.ts",
      ),
    ).toEqual([]);
  });

  test("a factory's task bound to a const that is not exported", () => {
    expect(
      diagnosticsOf(
        "function make() {\n  return task((a: Int) => a);\n}\nconst hidden = make();\nexport const shown = make();",
      ),
    ).toEqual([
      "src/bad.ts:5: flytekit-ts: a task must be bound to an exported module-level const (export const name = factory(...)): this task hidden is not exported",
    ]);
  });

  test("a task whose function is declared inside another function", () => {
    const source =
      "function outer() {\n  function inner(a: Int) { return a; }\n  return inner;\n}\nconst local = outer();\nexport const t1 = task(local);";
    expect(diagnosticsOf(source)).toEqual([
      "src/bad.ts:7: flytekit-ts: task t1: pass a function declared in this project (an arrow function, a function expression, or the name of a function)",
    ]);
  });

  test("a type with no Flyte mapping names the part of the type", () => {
    expect(diagnosticsOf("export const f = task((cb: () => void) => 1);")).toEqual([
      "src/bad.ts:2: flytekit-ts: task f: parameter cb: the function type () => void has no Flyte type",
    ]);
    expect(
      diagnosticsOf(
        "interface Box { inner: { when: Date; fn: (x: number) => number } }\nexport const g = task((box: Box) => 1);",
      ),
    ).toEqual([
      "src/bad.ts:3: flytekit-ts: task g: parameter box: Box.inner: Struct.fn: the function type (x: number) => number has no Flyte type",
    ]);
    expect(diagnosticsOf("export const h = task((a: unknown) => 1);")).toEqual([
      "src/bad.ts:2: flytekit-ts: task h: parameter a: unknown has no Flyte type: declare a concrete type",
    ]);
    expect(diagnosticsOf("export const i = task((a: Map<number, string>) => 1);")).toEqual([
      "src/bad.ts:2: flytekit-ts: task i: parameter a: Map<number, string>: Flyte maps have string keys",
    ]);
    expect(diagnosticsOf("export const j = task((a: [number, string]) => 1);")).toEqual([
      "src/bad.ts:2: flytekit-ts: task j: parameter a: the tuple [number, string] is only supported as a return type (outputs o0, o1, ...)",
    ]);
    expect(
      diagnosticsOf("interface Tree { children: Tree[] }\nexport const k = task((t: Tree) => 1);"),
    ).toEqual([
      "src/bad.ts:3: flytekit-ts: task k: parameter t: Tree.children: the recursive type Tree has no Flyte type",
    ]);
    expect(
      diagnosticsOf("export const l = task((): Promise<() => void> => Promise.resolve(() => {}));"),
    ).toEqual([
      "src/bad.ts:2: flytekit-ts: task l: return type: the function type () => void has no Flyte type",
    ]);
  });

  test("destructured and rest parameters", () => {
    expect(diagnosticsOf("export const m = task(({ a }: { a: Int }) => a);")).toEqual([
      "src/bad.ts:2: flytekit-ts: task m: destructured parameters have no Flyte name; use a named parameter",
    ]);
    expect(diagnosticsOf("export const n = task((...xs: Int[]) => xs.length);")).toEqual([
      "src/bad.ts:2: flytekit-ts: task n: rest parameter xs has no Flyte mapping",
    ]);
  });

  test("duplicate task names in a module", () => {
    const source = [
      'export const a = task((x: Int) => x, { name: "same" });',
      'export const b = new ContainerTask({ name: "same", image: "a:1", command: [] });',
      "export class Jobs {",
      '  @task({ name: "same" }) static go(x: Int): Int { return x; }',
      "}",
    ].join("\n");
    expect(diagnosticsOf(source)).toEqual([
      'src/bad.ts:3: flytekit-ts: duplicate task name "same" in module bad',
      'src/bad.ts:5: flytekit-ts: duplicate task name "same" in module bad',
    ]);
  });

  test("@task on a method of a class that is not exported", () => {
    expect(
      diagnosticsOf("class Hidden {\n  @task() static go(a: Int): Int { return a; }\n}\nvoid Hidden;"),
    ).toEqual([
      "src/bad.ts:3: flytekit-ts: @task method Hidden.go: class Hidden must be exported at module level",
    ]);
  });
});
