// The transformer's build cost: tspc with the transformer vs plain tsc on a generated project of
// 500 files and 2,000 tasks, and the manifest extractor vs `tsc --noEmit`.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateProject } from "./generate-project.mjs";
import { sideBySide } from "./measure.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const bin = (name) => join(root, "node_modules", ".bin", name);
const spawn = (command, args) => () => execFileSync(command, args, { stdio: "pipe" });

export async function run() {
  // Inside the repository, so @flytekit-ts/core and the transformer resolve through the workspace.
  const project = join(root, ".bench", "project");
  generateProject(project, 500, 4);
  const build = sideBySide(
    spawn(bin("tspc"), ["-p", join(project, "tsconfig.json")]),
    spawn(bin("tsc"), ["-p", join(project, "tsconfig.plain.json")]),
    3,
  );
  // The same build without the plugin: what ts-patch's live compiler costs by itself.
  const own = sideBySide(
    spawn(bin("tspc"), ["-p", join(project, "tsconfig.json")]),
    spawn(bin("tspc"), ["-p", join(project, "tsconfig.plain.json")]),
    3,
  );
  // ts-patch's live compiler alone (no plugin) against tsc: the part of the first ratio no plugin can remove.
  const tspcAlone = sideBySide(
    spawn(bin("tspc"), ["-p", join(project, "tsconfig.plain.json")]),
    spawn(bin("tsc"), ["-p", join(project, "tsconfig.plain.json")]),
    3,
  );
  const extractScript = `import("@flytekit-ts/transformer/extract").then((m) => { const n = m.extractManifest(${JSON.stringify(join(project, "tsconfig.plain.json"))}).tasks.length; if (n !== 2000) throw new Error("tasks: " + n); })`;
  const extract = sideBySide(
    spawn(process.execPath, ["--input-type=module", "-e", extractScript]),
    spawn(bin("tsc"), ["-p", join(project, "tsconfig.plain.json"), "--noEmit"]),
    3,
  );
  return [
    {
      name: "transformer: tspc + transformer vs tsc, 500 files / 2,000 tasks",
      ratio: build.a / build.b,
      target: 1.15,
      detail: `${build.a.toFixed(0)} ms vs ${build.b.toFixed(0)} ms`,
    },
    {
      name: "transformer: its own cost (tspc with vs without the plugin)",
      ratio: own.a / own.b,
      target: 1.15,
      detail: `${own.a.toFixed(0)} ms vs ${own.b.toFixed(0)} ms`,
    },
    {
      name: "transformer: ts-patch alone (tspc without the plugin) vs tsc",
      ratio: tspcAlone.a / tspcAlone.b,
      target: 1.15,
      detail: `${tspcAlone.a.toFixed(0)} ms vs ${tspcAlone.b.toFixed(0)} ms: the floor of the first ratio`,
    },
    {
      name: "transformer: extractor vs tsc --noEmit, same project",
      ratio: extract.a / extract.b,
      target: 1.5,
      detail: `${extract.a.toFixed(0)} ms vs ${extract.b.toFixed(0)} ms`,
    },
  ];
}
