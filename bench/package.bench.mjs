// `tsflyte package` on a generated project of 1,000 tasks (250 modules), against the floor: a plain
// node process importing the same compiled modules and serializing the same tasks to TaskSpec bytes.
// Also reported: wall time against the 400 ms target, peak memory against 100 MB and, when `pyflyte`
// is on the PATH, `pyflyte package` on 1,000 equivalent Python tasks side by side (target: 4x faster).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseManifest } from "@flytekit-ts/core/internal";
import { writeManifest } from "@flytekit-ts/transformer/extract";
import { generateProject } from "./generate-project.mjs";
import { sideBySide } from "./measure.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const TASKS = 1000;

const floorScript = `
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { toBinary } from "@bufbuild/protobuf";
import { ImageConfig, SerializationSettings, serializeTask } from "@flytekit-ts/core";
import { TaskSpecSchema } from "@flytekit-ts/core/idl";
const root = process.argv[1];
const settings = new SerializationSettings({ imageConfig: ImageConfig.validateImage(["ghcr.io/acme/app:1.0"]) });
const manifest = JSON.parse(readFileSync(join(root, "flyte.manifest.json"), "utf8"));
const modules = new Map();
for (const entry of manifest.tasks) if (!modules.has(entry.compiledFile)) modules.set(entry.compiledFile, import(pathToFileURL(join(root, entry.compiledFile)).href));
let bytes = 0;
for (const entry of manifest.tasks) bytes += toBinary(TaskSpecSchema, serializeTask((await modules.get(entry.compiledFile))[entry.key], settings)).length;
if (manifest.tasks.length !== ${TASKS}) throw new Error("tasks: " + manifest.tasks.length);
`;

export async function run() {
  // Inside the repository, so @flytekit-ts/core resolves through the workspace.
  const project = join(root, ".bench", "package-project");
  if (
    !existsSync(join(project, "flyte.manifest.json")) ||
    parseManifest(readFileSync(join(project, "flyte.manifest.json"), "utf8")).inputs === undefined
  ) {
    generateProject(project, TASKS / 4, 4);
    execFileSync(join(root, "node_modules", ".bin", "tspc"), ["-p", join(project, "tsconfig.json")], {
      stdio: "pipe",
    });
    writeManifest(join(project, "tsconfig.json"));
  }
  const cli = join(root, "packages", "cli", "dist", "bin", "tsflyte.js");
  const output = join(project, "flyte-package.tgz");
  const packageArgs = [cli, "package", "-i", "ghcr.io/acme/app:1.0", "-o", output, "--force"];
  const ours = () => execFileSync(process.execPath, packageArgs, { cwd: project, stdio: "pipe" });
  const floor = () =>
    execFileSync(process.execPath, ["--input-type=module", "-e", floorScript, project], {
      cwd: project,
      stdio: "pipe",
    });
  const { a, b } = sideBySide(ours, floor, 7);

  const measured = spawnSync(
    process.execPath,
    ["--import", join(root, "bench", "report-peak-rss.mjs"), ...packageArgs],
    {
      cwd: project,
      encoding: "utf8",
    },
  );
  const peakKib = Number(/peak-rss-kib (\d+)/.exec(measured.stderr)?.[1] ?? Number.NaN);
  const peakMb = (peakKib * 1024) / 1e6;
  rmSync(output, { force: true });
  const versusPyflyte = pyflytePackage(join(root, ".bench", "py-package-project"));
  let pyflyteResult = [];
  if (versusPyflyte === undefined) {
    console.log("package: pyflyte is not on the PATH; the comparison with flytekit is skipped");
  } else {
    const versus = sideBySide(ours, versusPyflyte, 5);
    pyflyteResult = [
      {
        name: "package: tsflyte package vs pyflyte package, 1,000 tasks",
        ratio: versus.a / versus.b,
        target: 0.25,
        detail: `${versus.a.toFixed(0)} ms vs ${versus.b.toFixed(0)} ms: ${(versus.b / versus.a).toFixed(1)}x faster`,
      },
    ];
  }
  const perTask = `${((a / TASKS) * 1000).toFixed(0)} µs per task`;
  const freshness = await freshnessCheck(root, project);
  // Fast registration: the same package plus the code bundle, side by side with the plain one.
  const fastArgs = [...packageArgs, "--fast"];
  const fast = sideBySide(
    () => execFileSync(process.execPath, fastArgs, { cwd: project, stdio: "pipe" }),
    ours,
    7,
  );
  const helloBundle = helloBundleBytes(cli);
  return [
    {
      name: "package: tsflyte package 1,000 tasks vs in-process floor",
      ratio: a / b,
      target: 1.5,
      detail: `${a.toFixed(0)} ms vs ${b.toFixed(0)} ms; ${perTask}`,
    },
    {
      name: "package: tsflyte package 1,000 tasks, wall vs 400 ms",
      ratio: a / 400,
      target: 1,
      detail: `${a.toFixed(0)} ms; ${perTask}`,
    },
    {
      name: "package: peak memory vs 100 MB",
      ratio: peakMb / 100,
      target: 1,
      detail: `${peakMb.toFixed(0)} MB peak RSS`,
    },
    {
      name: "package: manifest freshness check (nothing changed) vs package",
      ratio: freshness / a,
      target: 0.05,
      detail: `${freshness.toFixed(1)} ms vs ${a.toFixed(0)} ms`,
    },
    {
      name: "package: tsflyte package --fast vs tsflyte package, 1,000 tasks",
      ratio: fast.a / fast.b,
      target: 1.3,
      detail: `${fast.a.toFixed(0)} ms vs ${fast.b.toFixed(0)} ms`,
    },
    {
      name: "package: the code bundle of examples/hello vs 1 MB",
      ratio: helloBundle / 1e6,
      target: 1,
      detail: `${(helloBundle / 1024).toFixed(1)} KiB (--copy auto)`,
    },
    ...pyflyteResult,
  ];
}

/** The size of examples/hello's fast-registration bundle (the example must be built). */
function helloBundleBytes(cli) {
  const hello = join(root, "examples", "hello");
  if (!existsSync(join(hello, "dist", "hello.js")))
    execFileSync(join(root, "node_modules", ".bin", "tspc"), ["-p", hello], { stdio: "pipe" });
  const output = join(root, ".bench", "hello-fast.tgz");
  const run = spawnSync(process.execPath, [cli, "package", "--fast", "-o", output, "--force"], {
    cwd: hello,
    encoding: "utf8",
  });
  const size = /\(([\d.]+) KiB\)/.exec(run.stderr)?.[1];
  if (size === undefined) throw new Error(`tsflyte package --fast in examples/hello: ${run.stderr}`);
  return Number(size) * 1024;
}

/** The median time (ms) of the check `package`, `serialize` and `run` make before using the manifest. */
async function freshnessCheck(root, project) {
  const { manifestChanges } = await import(
    pathToFileURL(join(root, "packages", "cli", "dist", "project", "manifest-freshness.js")).href
  );
  // The manifest is parsed once either way (the check and the loaders share it): the check's own
  // cost is hashing the files it was made from and listing the output folder.
  const manifest = parseManifest(readFileSync(join(project, "flyte.manifest.json"), "utf8"));
  const times = [];
  for (let i = 0; i < 9; i++) {
    const start = performance.now();
    const changes = await manifestChanges(project, manifest);
    times.push(performance.now() - start);
    if (changes.length > 0) throw new Error(`the manifest is stale: ${changes.slice(0, 3).join(", ")}`);
  }
  return times.sort((x, y) => x - y)[Math.floor(times.length / 2)];
}

/**
 * `pyflyte package` on the Python twin of the generated project (250 modules of 4 tasks with the
 * same signature: a list of dataclasses, an enum, a float and a datetime in; an int and a str out),
 * or undefined when pyflyte is not installed.
 */
function pyflytePackage(dir) {
  if (spawnSync("pyflyte", ["--help"], { stdio: "ignore" }).status !== 0) return undefined;
  const modules = join(dir, "bench_tasks");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(modules, { recursive: true });
  writeFileSync(join(modules, "__init__.py"), "");
  writeFileSync(
    join(modules, "models.py"),
    [
      "import enum",
      "from dataclasses import dataclass",
      "from typing import List, Optional",
      "",
      "@dataclass",
      "class Row:",
      "    id: int",
      "    name: str",
      "    tags: List[str]",
      "    score: Optional[float] = None",
      "",
      "class Level(enum.Enum):",
      '    LOW = "low"',
      '    HIGH = "high"',
      "",
    ].join("\n"),
  );
  for (let f = 0; f < TASKS / 4; f++) {
    const tasks = [];
    for (let t = 0; t < 4; t++) {
      tasks.push(
        `@task\ndef task${t}(rows: List[Row], level: Level, factor: float, when: datetime) -> Tuple[int, str]:\n    """Task ${t} of module ${f}."""\n    return len(rows) * int(factor), f"{level.value}{when.timestamp()}"\n`,
      );
    }
    writeFileSync(
      join(modules, `mod${f}.py`),
      `from datetime import datetime\nfrom typing import List, Tuple\n\nfrom flytekit import task\n\nfrom .models import Level, Row\n\n\n${tasks.join("\n\n")}`,
    );
  }
  const archive = join(dir, "flyte-package.tgz");
  return () =>
    execFileSync(
      "pyflyte",
      ["--pkgs", "bench_tasks", "package", "--image", "ghcr.io/acme/app:1.0", "--output", archive, "--force"],
      { cwd: dir, stdio: "pipe" },
    );
}
