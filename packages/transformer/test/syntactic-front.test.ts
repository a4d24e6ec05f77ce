import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { helloModule } from "../../create-flytekit-ts/src/templates/sources.js";
import { loadProject } from "../src/analyzer/load-project.js";
import { ExtractError, extractManifest, extractManifestWithFront } from "../src/extract.js";
import { readProjectConfig } from "../src/syntactic/project-config.js";
import { packageDir } from "./support/compile.js";

/**
 * The syntactic front (oxc, no TypeScript loaded) gives the checker's manifest byte for byte, or
 * leaves the project to the checker: it never guesses.
 */
const fixtures = join(packageDir, "test", "fixtures");
const vocabulary = join(fixtures, "vocabulary");
const text = (value: unknown) => JSON.stringify(value, null, 2);

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** A project beside the fixtures (so core resolves) with the vocabulary's tsconfig and these sources. */
function project(source: string, extra: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(fixtures, ".tmp-front-"));
  folders.push(dir);
  writeFileSync(join(dir, "package.json"), '{ "name": "front-case", "private": true, "type": "module" }\n');
  writeFileSync(join(dir, "tsconfig.json"), readFileSync(join(vocabulary, "tsconfig.json")));
  for (const [file, content] of Object.entries({ "case.ts": source, ...extra })) {
    const path = join(dir, "src", file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
  return join(dir, "tsconfig.json");
}

describe("the syntactic front", () => {
  for (const config of ["tsconfig.json", "tsconfig.loose.json", "tsconfig.exact.json"]) {
    test(`reads every type of the README's table as the checker does (${config})`, () => {
      const tsconfig = join(vocabulary, config);
      const fast = extractManifestWithFront(tsconfig);
      expect(fast.declined).toBeUndefined();
      expect(fast.front).toBe("syntactic");
      expect(fast.manifest.tasks.length).toBe(14);
      expect(fast.manifest.workflows.length).toBe(7);
      expect(text(fast.manifest)).toBe(text(extractManifest(tsconfig, { front: "checker" })));
    });
  }

  const undecided: [string, string][] = [
    [
      "an inferred return type",
      'import { task } from "@flytekit-ts/core";\nexport const t = task((a: number) => a + 1);\n',
    ],
    [
      "a factory",
      'import { task } from "@flytekit-ts/core";\nconst make = (k: string) => task((a: number): string => k + String(a));\nexport const daily = make("daily");\n',
    ],
    [
      "a workflow returning an output's part",
      'import { task, workflow } from "@flytekit-ts/core";\nexport const t = task((a: number): [number, string] => [a, ""]);\nexport const wf = workflow((a: number) => t(a)[0]);\n',
    ],
    [
      "a workflow calling a workflow",
      'import { task, workflow } from "@flytekit-ts/core";\nexport const t = task((a: number): number => a);\nexport const inner = workflow((a: number) => t(a));\nexport const outer = workflow((a: number) => inner(a));\n',
    ],
    [
      "named outputs",
      'import { task, type NamedOutputs } from "@flytekit-ts/core";\nexport const t = task((a: number): NamedOutputs<{ x: number }> => ({ x: a }));\n',
    ],
    [
      "a string enum",
      'import { task } from "@flytekit-ts/core";\nexport enum Color { Red = "red", Blue = "blue" }\nexport const t = task((c: Color): Color => c);\n',
    ],
    [
      "a union of two structs",
      'import { task } from "@flytekit-ts/core";\ninterface A { a: number }\ninterface B { b: string }\nexport const t = task((v: A | B): number => 1);\n',
    ],
    [
      "a class",
      'import { task } from "@flytekit-ts/core";\nclass Helper { x = 1 }\nexport const t = task((a: number): number => new Helper().x + a);\n',
    ],
    [
      "a generic alias",
      'import { task } from "@flytekit-ts/core";\ntype Box<T> = { value: T };\nexport const t = task((b: Box<number>): number => b.value);\n',
    ],
  ];
  for (const [what, source] of undecided) {
    test(`leaves ${what} to the checker, which gives the manifest`, () => {
      const tsconfig = project(source);
      const extraction = extractManifestWithFront(tsconfig);
      expect(extraction.front).toBe("checker");
      expect(extraction.declined).toMatch(/case\.ts/);
      expect(text(extraction.manifest)).toBe(text(extractManifest(tsconfig, { front: "checker" })));
    });
  }

  test("the project `npm create flytekit-ts` writes is read from the syntax, as the checker reads it", () => {
    const tsconfig = project(helloModule);
    const extraction = extractManifestWithFront(tsconfig);
    expect(extraction.declined).toBeUndefined();
    expect(extraction.manifest.workflows.map((w) => w.key)).toEqual(["greetingLetters"]);
    expect(text(extraction.manifest)).toBe(text(extractManifest(tsconfig, { front: "checker" })));
  });

  test("CRLF lines, astral characters, comments in odd places, literals in every spelling: as the checker reads them", () => {
    const source = [
      'import { task } from "@flytekit-ts/core";',
      "// caf\u00e9 \u{1F600} \u{1F600}",
      'export const early = task((x: "a" | "z"): string => x);',
      "",
      "/** Emoji \u{1F600} first.",
      " * More \u{1F600} text.",
      " * @param l the level \u{1F600}",
      " */",
      'export const late = task((l: "b" | "a" = "a", n: number = 1_000, h: number = 0x10, t: string = `x`): void => {}), other = task((q?: "z" | "b"): number => 1);',
      "export /** after export */ const weird = task(/** inner */ (a: number): number => a); /** trailing */",
      "export const next = task((a: number): number => a);",
      "",
    ].join("\r\n");
    const tsconfig = project(source);
    const extraction = extractManifestWithFront(tsconfig);
    expect(extraction.declined).toBeUndefined();
    const late = extraction.manifest.tasks.find((t) => t.key === "late");
    // Declaration order, although the program met "a" first.
    expect(late?.signature?.params[0]?.type).toEqual({ kind: "enum", values: ["b", "a"] });
    expect(late?.signature?.params.map((p) => p.default)).toEqual(["a", 1000, 16, "x"]);
    expect(late?.line).toBe(9);
    expect(text(extraction.manifest)).toBe(text(extractManifest(tsconfig, { front: "checker" })));
  });

  test("a project's problems are the checker's to report, with file and line", () => {
    const tsconfig = project(
      'import { task } from "@flytekit-ts/core";\nconst hidden = task((a: number): number => a);\nvoid hidden;\n',
    );
    expect(() => extractManifest(tsconfig)).toThrow(ExtractError);
    expect(() => extractManifest(tsconfig)).toThrow(/src\/case\.ts:2: .*exported module-level const/);
  });

  test("types come from the modules they are imported from, through aliases", () => {
    const tsconfig = project(
      'import { task } from "@flytekit-ts/core";\nimport type { Shape } from "./model/shape.js";\nexport const area = task((s: Shape): number => s.w * s.h);\n',
      { "model/shape.ts": "export type Shape = Rect;\nexport interface Rect { w: number; h: number }\n" },
    );
    const extraction = extractManifestWithFront(tsconfig);
    expect(extraction.front).toBe("syntactic");
    expect(extraction.manifest.tasks[0]?.signature?.params[0]?.type).toEqual({
      kind: "struct",
      name: "Rect",
      fields: [
        { name: "w", type: { kind: "float" } },
        { name: "h", type: { kind: "float" } },
      ],
    });
    expect(text(extraction.manifest)).toBe(text(extractManifest(tsconfig, { front: "checker" })));
  });

  test("lists the root files TypeScript lists (include, exclude, files, extends, dot folders, outDir)", () => {
    const dir = mkdtempSync(join(fixtures, ".tmp-files-"));
    folders.push(dir);
    const files = ["src/a/b.ts", "src/c.mts", "src/d.cts", "src/.hidden/h.ts", "src/a/.dot.ts", "src/f.js"];
    for (const file of [...files, "test/t.test.ts", "dist/o.ts", "node_modules/x/n.ts"]) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), "export const x = 1;\n");
    }
    const configs: Record<string, object> = {
      "t1.json": { compilerOptions: { outDir: "dist" } },
      "t2.json": { include: ["src/**/*"], exclude: ["src/a"] },
      "t3.json": { files: ["src/c.mts"], include: ["test"] },
      "t4.json": { include: ["src/**/*.ts"] },
      "t5.json": { extends: "./t2.json", compilerOptions: { rootDir: "src" } },
    };
    for (const [name, config] of Object.entries(configs)) {
      writeFileSync(join(dir, name), JSON.stringify(config));
    }
    for (const name of Object.keys(configs)) {
      const tsconfig = join(dir, name);
      expect([...readProjectConfig(tsconfig).fileNames].sort(), name).toEqual(
        [...loadProject(tsconfig).fileNames].sort(),
      );
    }
  });
});
