// Cold start of tsflyte-execute running add(2, 3) from a compiled project, against node importing
// the same compiled module and calling the function (the floor for any entrypoint).
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeManifest } from "@flytekit-ts/transformer/extract";
import { sideBySide } from "./measure.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const project = join(root, "packages", "runtime", "test", "fixtures", "project");

export async function run() {
  if (!existsSync(join(project, "dist", "tasks.js")))
    execFileSync(join(root, "node_modules", ".bin", "tspc"), ["-p", project]);
  writeManifest(join(project, "tsconfig.json"));
  const work = mkdtempSync(join(tmpdir(), "bench-entrypoint-"));
  const inputs = join(work, "inputs.pb");
  writeFileSync(inputs, readFileSync(join(root, "packages", "runtime", "test", "fixtures", "add.inputs.pb")));
  const entrypoint = join(root, "packages", "runtime", "dist", "bin", "tsflyte-execute.js");
  const ours = () =>
    execFileSync(
      process.execPath,
      [
        entrypoint,
        "--inputs",
        inputs,
        "--output-prefix",
        join(work, "out"),
        "--resolver",
        "@flytekit-ts/runtime:defaultTaskResolver",
        "--",
        "task-module",
        "tasks",
        "task-name",
        "add",
      ],
      { cwd: project },
    );
  const floor = () =>
    execFileSync(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `const m = await import(${JSON.stringify(join(project, "dist", "tasks.js"))}); m.add.taskFunction(2, 3);`,
      ],
      { cwd: project },
    );
  const { a, b } = sideBySide(ours, floor, 9);
  return [
    {
      name: "entrypoint: tsflyte-execute add(2, 3) cold start vs node import + call",
      ratio: a / b,
      target: 1.5,
      detail: `${a.toFixed(0)} ms vs ${b.toFixed(0)} ms (pyflyte-execute: 550-600 ms here)`,
    },
  ];
}
