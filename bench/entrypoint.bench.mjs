// Cold start of tsflyte-execute running add(2, 3) from a compiled project, against node importing
// the same compiled module and calling the function (the floor for any entrypoint). When
// `pyflyte-execute` is on the PATH, it also runs flytekit's entrypoint on the equivalent Python task
// (the same inputs.pb) side by side with ours and reports that ratio.
import { execFileSync, spawnSync } from "node:child_process";
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
  const results = [
    {
      name: "entrypoint: tsflyte-execute add(2, 3) cold start vs node import + call",
      ratio: a / b,
      target: 1.5,
      detail: `${a.toFixed(0)} ms vs ${b.toFixed(0)} ms`,
    },
  ];
  const pyflyte = pyflyteExecute(work, inputs);
  if (pyflyte === undefined) {
    console.log("entrypoint: pyflyte-execute is not on the PATH; the comparison with flytekit is skipped");
  } else {
    const versus = sideBySide(ours, pyflyte, 7);
    results.push({
      name: "entrypoint: tsflyte-execute vs pyflyte-execute, add(2, 3) cold start",
      ratio: versus.a / versus.b,
      target: 1,
      detail: `${versus.a.toFixed(0)} ms vs ${versus.b.toFixed(0)} ms`,
    });
  }
  return results;
}

/** flytekit's entrypoint on `add(a: int, b: int) -> int` in module ref_tasks, if installed. */
function pyflyteExecute(work, inputs) {
  if (spawnSync("pyflyte-execute", ["--help"], { stdio: "ignore" }).status !== 0) return undefined;
  const module = join(work, "py");
  execFileSync("mkdir", ["-p", module]);
  writeFileSync(
    join(module, "ref_tasks.py"),
    "from flytekit import task\n\n@task\ndef add(a: int, b: int) -> int:\n    return a + b\n",
  );
  const args = [
    "--inputs",
    inputs,
    "--output-prefix",
    join(work, "py-out"),
    "--raw-output-data-prefix",
    join(work, "py-raw"),
    "--resolver",
    "flytekit.core.python_auto_container.default_task_resolver",
    "--",
    "task-module",
    "ref_tasks",
    "task-name",
    "add",
  ];
  return () =>
    execFileSync("pyflyte-execute", args, { cwd: module, env: { ...process.env, PYTHONPATH: module } });
}
