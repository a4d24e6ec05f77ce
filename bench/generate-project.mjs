// Generates a TypeScript project of `files` modules with `tasksPerFile` function tasks each, for the
// build benchmarks. Written under .bench/ (ignored by git).
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export function generateProject(dir, files = 500, tasksPerFile = 4) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "src"), { recursive: true });
  writeFileSync(
    join(dir, "package.json"),
    '{ "name": "bench-project", "private": true, "type": "module" }\n',
  );
  const compilerOptions = {
    target: "es2023",
    lib: ["es2023"],
    module: "nodenext",
    moduleResolution: "nodenext",
    strict: true,
    rootDir: "src",
    outDir: "dist",
    types: [],
    skipLibCheck: true,
  };
  writeFileSync(
    join(dir, "tsconfig.plain.json"),
    JSON.stringify({ compilerOptions, include: ["src"] }, null, 2),
  );
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify(
      {
        compilerOptions: { ...compilerOptions, plugins: [{ transform: "@flytekit-ts/transformer/tsc" }] },
        include: ["src"],
      },
      null,
      2,
    ),
  );
  writeFileSync(
    join(dir, "src", "types.ts"),
    "export interface Row { id: number; name: string; tags: string[]; score?: number }\nexport type Level = 'low' | 'high';\n",
  );
  for (let f = 0; f < files; f++) {
    const tasks = [];
    for (let t = 0; t < tasksPerFile; t++) {
      tasks.push(
        `/** Task ${t} of module ${f}.\n * @param rows the rows\n */\nexport const task${t} = task(async (rows: Row[], level: Level, factor: number, when: Date): Promise<[number, string]> => [rows.length * factor, \`\${level}\${when.getTime()}\`]);`,
      );
    }
    writeFileSync(
      join(dir, "src", `mod${f}.ts`),
      `import { task } from "@flytekit-ts/core";\nimport type { Level, Row } from "./types.js";\n\n${tasks.join("\n\n")}\n`,
    );
  }
}
