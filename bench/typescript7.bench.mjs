// The TypeScript 7 route on the 500-file / 2,000-task project: TypeScript 7's tsc, then
// `tsflyte extract` (its syntactic front), against TypeScript 7's tsc alone: from nothing
// (--no-cache), with nothing changed (the manifest is up to date), and with one module changed
// (it alone is read again); `--checker` and the tspc route beside them.
import { execFileSync, spawnSync } from "node:child_process";
import { appendFileSync, readFileSync } from "node:fs";
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
  const cli = join(root, "packages", "cli", "bin", "tsflyte.js");
  const extract = (...flags) => {
    const args = [cli, "extract", "--project-root", project, "--tsconfig", plain, ...flags];
    // Its report (on stderr) says which front read the project.
    const { status, stderr } = spawnSync(process.execPath, args, { cwd: project, encoding: "utf8" });
    if (status !== 0) throw new Error(`tsflyte extract: ${stderr}`);
    const front = flags.includes("--checker") ? "with the checker" : "from the syntax";
    if (!stderr.includes(front)) throw new Error(`not read ${front}: ${stderr}`);
    const tasks = JSON.parse(readFileSync(join(project, "flyte.manifest.json"), "utf8")).tasks.length;
    if (tasks !== 2000) throw new Error(`tasks: ${tasks}`);
  };
  const route =
    (before, ...flags) =>
    () => {
      before?.();
      execFileSync(...tsc7, { stdio: "pipe" });
      extract(...flags);
    };
  const alone = spawn(...tsc7);
  let edits = 0;
  const editOneModule = () => appendFileSync(join(project, "src", "mod7.ts"), `// edit ${edits++}\n`);
  const cold = sideBySide(route(undefined, "--no-cache"), alone, 3);
  extract(); // the cache and the stamp of this state
  const unchanged = sideBySide(route(), alone, 3);
  const oneChanged = sideBySide(route(editOneModule), alone, 3);
  const checker = sideBySide(route(undefined, "--checker"), alone, 3);
  const tspc = sideBySide(
    spawn(join(root, "node_modules", ".bin", "tspc"), ["-p", join(project, "tsconfig.json")]),
    alone,
    3,
  );
  const ms = (m) => `${m.a.toFixed(0)} ms vs ${m.b.toFixed(0)} ms`;
  return [
    {
      name: "typescript 7: tsc 7 + extraction vs tsc 7 alone, 2,000 tasks, from nothing",
      ratio: cold.a / cold.b,
      target: 1.3,
      detail: `${ms(cold)}; with the checker ${(checker.a / checker.b).toFixed(2)}x (${checker.a.toFixed(0)} ms); the tspc route: ${tspc.a.toFixed(0)} ms`,
    },
    {
      name: "typescript 7: the same, one module changed",
      ratio: oneChanged.a / oneChanged.b,
      target: 1.3,
      detail: ms(oneChanged),
    },
    {
      name: "typescript 7: the same, nothing changed (up to date)",
      ratio: unchanged.a / unchanged.b,
      target: 1.3,
      detail: ms(unchanged),
    },
  ];
}
