// Cold start of tsflyte-execute running add(2, 3) from a compiled project (restored from the
// entrypoints' startup snapshot, as the images of the generated Dockerfile run it, and through the package's
// launcher, node_modules/.bin/tsflyte-execute), against the floor for any entrypoint: a
// bare node script, no SDK, that reads inputs.pb and writes outputs.pb. Measured with Node's
// compile cache warm (what an image that bakes it has, see the README) and empty (a first start),
// with each side's peak resident memory. When `pyflyte-execute` is on the PATH, flytekit's
// entrypoint runs the equivalent Python task (the same inputs.pb) side by side with ours.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeManifest } from "@flytekit-ts/transformer/extract";
import { sideBySide } from "./measure.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const project = join(root, "packages", "runtime", "test", "fixtures", "project");
const peakRss = join(root, "bench", "report-peak-rss.mjs");

/** Peak resident memory (MiB) of one run of `args` under node. */
function peakMib(args, env) {
  const run = spawnSync(process.execPath, ["--require", peakRss, ...args], {
    cwd: project,
    env,
    encoding: "utf8",
  });
  const kib = Number(/peak-rss-kib (\d+)/.exec(run.stderr)?.[1]);
  return (kib / 1024).toFixed(0);
}

export async function run() {
  if (!existsSync(join(project, "dist", "tasks.js")))
    execFileSync(join(root, "node_modules", ".bin", "tspc"), ["-p", project]);
  writeManifest(join(project, "tsconfig.json"));
  const work = mkdtempSync(join(tmpdir(), "bench-entrypoint-"));
  const inputs = join(work, "inputs.pb");
  writeFileSync(inputs, readFileSync(join(root, "packages", "runtime", "test", "fixtures", "add.inputs.pb")));
  const launcher = join(root, "packages", "runtime", "bin", "tsflyte-execute.js");
  const oursArgs = [
    launcher,
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
  ];
  const floorScript = join(work, "floor.mjs");
  writeFileSync(
    floorScript,
    'import { mkdirSync, readFileSync, writeFileSync } from "node:fs";\n' +
      "const [inputs, out] = process.argv.slice(2);\n" +
      "const bytes = readFileSync(inputs);\n" +
      "mkdirSync(out, { recursive: true });\n" +
      'writeFileSync(out + "/outputs.pb", bytes);\n',
  );
  const floorArgs = [floorScript, inputs, join(work, "floor-out")];
  const warmCache = join(work, "compile-cache");
  const warm = { ...process.env, NODE_COMPILE_CACHE: warmCache };
  const ours = () => execFileSync(process.execPath, oursArgs, { cwd: project, env: warm });
  const floor = () => execFileSync(process.execPath, floorArgs, { cwd: project, env: warm });
  const coldCache = join(work, "cold-cache");
  const firstStart = (args) => () => {
    rmSync(coldCache, { recursive: true, force: true });
    execFileSync(process.execPath, args, {
      cwd: project,
      env: { ...process.env, NODE_COMPILE_CACHE: coldCache },
    });
  };
  // What the generated Dockerfile's images run: the launcher restored from the entrypoints' startup snapshot.
  const snapshotDir = join(work, "snapshot");
  execFileSync(process.execPath, [
    join(root, "packages", "runtime", "bin", "tsflyte-snapshot.js"),
    snapshotDir,
  ]);
  const snapshotArgs = ["--snapshot-blob", join(snapshotDir, "entrypoints.blob"), ...oursArgs];
  const restored = () => execFileSync(process.execPath, snapshotArgs, { cwd: project, env: warm });
  const snap = sideBySide(restored, floor, 15);
  const hot = sideBySide(ours, floor, 15);
  const snapCold = sideBySide(firstStart(snapshotArgs), floor, 9);
  const memory = `peak ${peakMib(oursArgs, warm)} MiB vs ${peakMib(floorArgs, warm)} MiB`;
  const snapMemory = `peak ${peakMib(snapshotArgs, warm)} MiB vs ${peakMib(floorArgs, warm)} MiB`;
  const results = [
    {
      name: "entrypoint: tsflyte-execute add(2, 3) from its startup snapshot (the generated Dockerfile's, an ImageSpec's with entrypointSnapshot) vs bare node reading inputs.pb, writing outputs.pb",
      ratio: snap.a / snap.b,
      target: 2,
      detail: `${snap.a.toFixed(0)} ms vs ${snap.b.toFixed(0)} ms; ${snapMemory}`,
    },
    {
      name: "entrypoint: the same from the snapshot, a pod's first start (empty compile cache)",
      ratio: snapCold.a / snapCold.b,
      target: 2,
      detail: `${snapCold.a.toFixed(0)} ms vs ${snapCold.b.toFixed(0)} ms`,
    },
    {
      name: "entrypoint: the same through the package's launcher (no snapshot), compile cache warm",
      ratio: hot.a / hot.b,
      target: 3,
      detail: `${hot.a.toFixed(0)} ms vs ${hot.b.toFixed(0)} ms; ${memory}`,
    },
  ];
  const pyflyte = pyflyteExecute(work, inputs);
  if (pyflyte === undefined) {
    console.log("entrypoint: pyflyte-execute is not on the PATH; the comparison with flytekit is skipped");
  } else {
    const versus = sideBySide(restored, pyflyte, 7);
    results.push({
      name: "entrypoint: tsflyte-execute (from its snapshot) vs pyflyte-execute, add(2, 3) cold start",
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
