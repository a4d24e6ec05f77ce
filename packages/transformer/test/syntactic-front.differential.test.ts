import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { extractManifest, extractManifestWithFront } from "../src/extract.js";
import { packageDir } from "./support/compile.js";

/**
 * The syntactic front against the checker on generated projects: random signatures over the
 * README's type vocabulary (nested, optional, defaulted, documented, across modules), random
 * workflows over them. Every project must be read from the syntax and give the checker's manifest.
 */
const fixtures = join(packageDir, "test", "fixtures");
const folders: string[] = [];
afterAll(() => {
  // FLYTE_KEEP_GENERATED=1 keeps the projects to look at.
  if (process.env.FLYTE_KEEP_GENERATED === "1") return;
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** A small seeded generator (mulberry32): a failing seed reproduces. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
  return { next, int, pick, chance: (p: number) => next() < p };
}
type Random = ReturnType<typeof random>;

const WORDS = ["low", "high", "mid", "a", "b", "zeta", "alpha"];
const SCALARS = ["number", "string", "boolean", "bigint", "Int", "Date", "Duration", "Uint8Array"];
const LEAVES = [...SCALARS, "JsonObject", 'FlyteFile<"csv">', "FlyteDirectory"];

function literalUnion(r: Random): string {
  const count = 1 + r.int(3);
  return Array.from({ length: count }, () => JSON.stringify(r.pick(WORDS))).join(" | ");
}

/** A type expression over the declared names, `depth` levels deep. */
function typeOf(r: Random, names: readonly string[], depth: number): string {
  const roll = r.int(depth <= 0 ? 4 : 11);
  switch (roll) {
    case 0:
    case 1:
      return r.pick(LEAVES);
    case 2:
      return names.length > 0 ? r.pick(names) : r.pick(SCALARS);
    case 3:
      return literalUnion(r);
    case 4:
      return `${wrap(typeOf(r, names, depth - 1))}[]`;
    case 5:
      return `readonly ${wrap(typeOf(r, names, depth - 1))}[]`;
    case 6:
      return `Array<${typeOf(r, names, depth - 1)}>`;
    case 7:
      return `Record<string, ${typeOf(r, names, depth - 1)}>`;
    case 8:
      return `Map<string, ${typeOf(r, names, depth - 1)}>`;
    case 9: {
      const [a, b] = [
        r.pick(["string", "number", "boolean", "bigint"]),
        r.pick(["string", "number", "bigint"]),
      ];
      return a === b ? `${a} | undefined` : `${a} | ${b}`;
    }
    default:
      return `${wrap(typeOf(r, names, depth - 1))} | ${r.pick(["undefined", "null"])}`;
  }
}
const wrap = (type: string) => (/[|&]/.test(type) || type.startsWith("readonly") ? `(${type})` : type);

function docOf(r: Random, params: readonly string[]): string {
  if (!r.chance(0.6)) return "";
  const lines = [`Does thing ${r.int(100)}.`];
  if (r.chance(0.4)) lines.push("", "More about it,", "  on two lines.");
  for (const param of params) if (r.chance(0.5)) lines.push(`@param ${param} the ${param} value`);
  if (r.chance(0.4)) lines.push("@returns what it makes");
  return `/**\n${lines.map((line) => ` * ${line}`.trimEnd()).join("\n")}\n */\n`;
}

const DEFAULTS: Record<string, string[]> = {
  number: ["1", "-2.5", "1_000", "0x10"],
  string: ['"x"', "`y`", "''"],
  boolean: ["true", "false"],
};

/** A generated project: a types module and three task modules with workflows. */
function generate(seed: number): string {
  const r = random(seed);
  const dir = mkdtempSync(join(fixtures, ".tmp-differential-"));
  folders.push(dir);
  writeFileSync(join(dir, "package.json"), readFileSync(join(fixtures, "vocabulary", "package.json")));
  const config = JSON.parse(readFileSync(join(fixtures, "vocabulary", "tsconfig.json"), "utf8"));
  const setting = r.next();
  if (setting < 0.3) config.compilerOptions.strict = false;
  else if (setting < 0.5) config.compilerOptions.exactOptionalPropertyTypes = true;
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(config));
  const write = (file: string, text: string) => {
    mkdirSync(dirname(join(dir, "src", file)), { recursive: true });
    writeFileSync(join(dir, "src", file), text);
  };
  const header =
    'import { type Duration, type FlyteDirectory, type FlyteFile, type Int, type JsonObject, task, workflow } from "@flytekit-ts/core";\n';
  // Declared types: enums, interfaces and object aliases, each over the ones before it.
  const names: string[] = [];
  let types = header;
  for (let i = 0; i < 4 + r.int(4); i++) {
    const name = `T${i}`;
    if (r.chance(0.3)) types += `export type ${name} = ${literalUnion(r)};\n`;
    else {
      const fields = Array.from(
        { length: 1 + r.int(4) },
        (_, f) => `  f${f}${r.chance(0.3) ? "?" : ""}: ${typeOf(r, names, 1)};`,
      );
      types += r.chance(0.5)
        ? `export interface ${name} {\n${fields.join("\n")}\n}\n`
        : `export type ${name} = {\n${fields.join("\n")}\n};\n`;
    }
    names.push(name);
  }
  write("model/types.ts", types);
  const tasksOf: { module: string; key: string }[] = [];
  for (let m = 0; m < 3; m++) {
    let text = `${header}import type { ${names.join(", ")} } from "./model/types.js";\n`;
    const earlier = tasksOf.filter((t) => t.module !== `m${m}`);
    if (earlier.length > 0) {
      const from = new Map<string, string[]>();
      for (const t of earlier) from.set(t.module, [...(from.get(t.module) ?? []), t.key]);
      for (const [module, keys] of from) text += `import { ${keys.join(", ")} } from "./${module}.js";\n`;
    }
    const keys: string[] = [];
    for (let t = 0; t < 6; t++) {
      const params = Array.from({ length: r.int(4) }, (_, p) => `p${p}`);
      let optionalFrom = params.length - r.int(2);
      const parts = params.map((param, p) => {
        const type = typeOf(r, names, 2);
        if (p >= optionalFrom) {
          const scalar = Object.keys(DEFAULTS).find((k) => k === type);
          return scalar !== undefined && r.chance(0.5)
            ? `${param}: ${type} = ${r.pick(DEFAULTS[scalar] as string[])}`
            : `${param}?: ${type}`;
        }
        return `${param}: ${type}`;
      });
      optionalFrom = 0;
      const returns = r.pick([
        "void",
        typeOf(r, names, 2),
        `Promise<${typeOf(r, names, 1)}>`,
        `[${typeOf(r, names, 1)}, ${typeOf(r, names, 1)}]`,
      ]);
      const key = `t${m}_${t}`;
      const options = r.chance(0.2) ? `, { name: "custom.${key}", cache: true }` : "";
      text += `\n${docOf(r, params)}export const ${key} = task(${r.chance(0.3) ? "async " : ""}(${parts.join(", ")}): ${returns} => undefined as never${options});\n`;
      keys.push(key);
      tasksOf.push({ module: `m${m}`, key });
    }
    const callable = [...keys, ...earlier.map((t) => t.key)];
    for (let w = 0; w < 2; w++) {
      const param = `x: ${typeOf(r, names, 1)}`;
      const body = r.chance(0.2)
        ? "(x) => x"
        : r.chance(0.3)
          ? `function (x) {\n  const y = ${r.pick(callable)}();\n  return ${r.pick(callable)}(y);\n}`
          : `(x) => ${r.pick(callable)}(${r.pick(callable)}(x))`;
      text += `\n${docOf(r, ["x"])}export const w${m}_${w} = workflow(${body.replace("(x)", `(${param})`)});\n`;
    }
    write(`m${m}.ts`, text);
  }
  return join(dir, "tsconfig.json");
}

describe("the syntactic front on generated projects", () => {
  // FLYTE_DIFFERENTIAL_SEEDS=200 (npm run fuzz) tries more projects.
  const seeds = Number(process.env.FLYTE_DIFFERENTIAL_SEEDS ?? 6);
  for (let seed = 1; seed <= seeds; seed++) {
    test(`seed ${seed}: read from the syntax, the checker's manifest byte for byte`, () => {
      const tsconfig = generate(seed);
      const fast = extractManifestWithFront(tsconfig);
      expect(fast.declined, `seed ${seed} (${tsconfig})`).toBeUndefined();
      expect(fast.manifest.tasks.length).toBe(18);
      expect(JSON.stringify(fast.manifest, null, 1)).toBe(
        JSON.stringify(extractManifest(tsconfig, { front: "checker" }), null, 1),
      );
    });
  }
});
