// The TypeScript 7 route on the 500-file / 2,000-task project, against TypeScript 7's tsc alone:
// `tsflyte tsc` (the build script of a TypeScript 7 project: its tsc, and the manifest read from
// the syntax meanwhile) from nothing (no cache), with one module changed and with nothing changed;
// beside it the two-step build (`tsc && tsflyte extract`), `--checker` and the tspc route.
import { execFileSync, spawnSync } from "node:child_process";
import { appendFileSync, mkdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateProject } from "./generate-project.mjs";
import { sideBySide } from "./measure.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const spawn = (command, args) => () => execFileSync(command, args, { stdio: "pipe" });

export async function run() {
  const project = join(root, ".bench", "project-ts7");
  generateProject(project, 500, 4);
  // The project's own TypeScript is 7, as `npm i -D typescript` installs it.
  mkdirSync(join(project, "node_modules"));
  symlinkSync(join(root, "node_modules", "typescript-7"), join(project, "node_modules", "typescript"), "dir");
  const cacheFolder = join(project, "node_modules", ".cache");
  const plain = join(project, "tsconfig.plain.json");
  const tsc7 = [process.execPath, [join(project, "node_modules", "typescript", "bin", "tsc"), "-p", plain]];
  // The command a user runs (its launcher enables Node's compile cache, as every start does).
  const cli = join(root, "packages", "cli", "bin", "tsflyte.js");
  const tsflyte = (args, front) => {
    // Its report (on stderr) says which front read the project.
    const { status, stderr } = spawnSync(process.execPath, [cli, ...args], {
      cwd: project,
      encoding: "utf8",
    });
    if (status !== 0) throw new Error(`tsflyte ${args.join(" ")}: ${stderr}`);
    if (!stderr.includes(front)) throw new Error(`not read ${front}: ${stderr}`);
    const tasks = JSON.parse(readFileSync(join(project, "flyte.manifest.json"), "utf8")).tasks.length;
    if (tasks !== 2000) throw new Error(`tasks: ${tasks}`);
  };
  const fromNothing = () => rmSync(cacheFolder, { recursive: true, force: true });
  let edits = 0;
  const editOneModule = () => appendFileSync(join(project, "src", "mod7.ts"), `// edit ${edits++}\n`);
  const compile = (before) => () => {
    before?.();
    tsflyte(["tsc", "-p", plain], "from the syntax");
  };
  const twoSteps =
    (before, ...flags) =>
    () => {
      before?.();
      execFileSync(...tsc7, { stdio: "pipe" });
      const front = flags.includes("--checker") ? "with the checker" : "from the syntax";
      tsflyte(["extract", "--tsconfig", plain, ...flags], front);
    };
  const alone = spawn(...tsc7);
  const cold = sideBySide(compile(fromNothing), alone, 3);
  const unchanged = sideBySide(compile(), alone, 3);
  const oneChanged = sideBySide(compile(editOneModule), alone, 3);
  const twoStepsCold = sideBySide(twoSteps(fromNothing), alone, 3);
  const twoStepsUnchanged = sideBySide(twoSteps(), alone, 3);
  const checker = sideBySide(twoSteps(undefined, "--checker"), alone, 3);
  const tspc = sideBySide(
    spawn(join(root, "node_modules", ".bin", "tspc"), ["-p", join(project, "tsconfig.json")]),
    alone,
    3,
  );
  const ms = (m) => `${m.a.toFixed(0)} ms vs ${m.b.toFixed(0)} ms`;
  const ratio = (m) => `${(m.a / m.b).toFixed(2)}x`;
  return [
    {
      name: "typescript 7: tsflyte tsc vs tsc 7 alone, 2,000 tasks, from nothing",
      ratio: cold.a / cold.b,
      target: 1.3,
      detail: `${ms(cold)}; two steps (tsc, then tsflyte extract) ${ratio(twoStepsCold)}; with the checker ${ratio(checker)} (${checker.a.toFixed(0)} ms); the tspc route: ${tspc.a.toFixed(0)} ms`,
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
      detail: `${ms(unchanged)}; two steps ${ratio(twoStepsUnchanged)}`,
    },
  ];
}
