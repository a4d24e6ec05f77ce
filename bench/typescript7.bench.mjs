// The TypeScript 7 route on the 500-file / 2,000-task project: TypeScript 7's tsc, then
// `tsflyte extract` (its syntactic front; and with --checker beside it), against TypeScript 7's
// tsc alone; the tspc route
// (TypeScript 6 with the transformer, which writes the manifest while it compiles) beside them.
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateProject } from "./generate-project.mjs";
import { sideBySide } from "./measure.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const spawn = (command, args) => () => execFileSync(command, args, { stdio: "pipe" });

export async function run() {
  const project = join(root, ".bench", "project-ts7");
  generateProject(project, 500, 4);
  const plain = join(project, "tsconfig.plain.json");
  const tsc7 = [process.execPath, [join(root, "node_modules", "typescript-7", "bin", "tsc"), "-p", plain]];
  // The command a user runs (its launcher enables Node's compile cache, as every start does).
  const extract = [
    process.execPath,
    [
      join(root, "packages", "cli", "bin", "tsflyte.js"),
      "extract",
      "--project-root",
      project,
      "--tsconfig",
      plain,
    ],
  ];
  const route =
    (...flags) =>
    () => {
      execFileSync(...tsc7, { stdio: "pipe" });
      // Its report (on stderr) says which front read the project.
      const { status, stderr: printed } = spawnSync(extract[0], [...extract[1], ...flags], {
        cwd: project,
        encoding: "utf8",
      });
      if (status !== 0) throw new Error(`tsflyte extract: ${printed}`);
      const front = flags.includes("--checker") ? "with the checker" : "from the syntax";
      if (!printed.includes(front)) throw new Error(`not read ${front}: ${printed}`);
      const tasks = JSON.parse(readFileSync(join(project, "flyte.manifest.json"), "utf8")).tasks.length;
      if (tasks !== 2000) throw new Error(`tasks: ${tasks}`);
    };
  // The syntactic front reads this project (every task written out); --checker forces TypeScript's.
  const ts7 = sideBySide(route(), spawn(...tsc7), 3);
  const checker = sideBySide(route("--checker"), spawn(...tsc7), 3);
  const tspc = sideBySide(
    spawn(join(root, "node_modules", ".bin", "tspc"), ["-p", join(project, "tsconfig.json")]),
    spawn(...tsc7),
    3,
  );
  return [
    {
      name: "typescript 7: tsc 7 + extraction vs tsc 7 alone, 2,000 tasks",
      ratio: ts7.a / ts7.b,
      target: 1.3,
      detail: `${ts7.a.toFixed(0)} ms vs ${ts7.b.toFixed(0)} ms; with the checker ${(checker.a / checker.b).toFixed(2)}x (${checker.a.toFixed(0)} ms); the tspc route: ${tspc.a.toFixed(0)} ms`,
    },
  ];
}
