// A trivial ContainerTask run locally against `docker run --rm` of the same image and command
// through the docker CLI, side by side: in process (`localExecute`, what a test or a script of the
// user's does: copilot input files, the container, output parsing, cleanup), and through our CLI
// (`tsflyte run containers shout --word hi`, which adds node's start and the project's loading).
// Starts an engine with the project's script.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeManifest } from "@flytekit-ts/transformer/extract";
import { sideBySide } from "./measure.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const project = join(root, "packages", "runtime", "test", "fixtures", "project");
const cli = join(root, "packages", "cli", "dist", "bin", "tsflyte.js");
const IMAGE = "flytekit-ts-bench/busybox:1";

// One node process alternates the two: each round awaits a local run, then runs `docker run --rm`.
const inProcessScript = `
import { execFileSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { ContainerTask, t } from "@flytekit-ts/core";
import { localExecute } from "@flytekit-ts/cli";
const [image, rounds] = [process.argv[1], Number(process.argv[2])];
const shout = new ContainerTask({
  name: "shout",
  image,
  command: ["sh", "-c"],
  arguments: ["echo {{.inputs.word}} | tr a-z A-Z > /var/outputs/loud"],
  outputDataDir: "/var/outputs",
  inputs: { word: t.string },
  outputs: { loud: t.string },
});
const ours = async () => {
  const { loud } = await localExecute(shout, { word: "hi" }, { container: { network: "none" } });
  if (loud !== "HI") throw new Error("the container task did not answer HI: " + loud);
};
const docker = () =>
  execFileSync("docker", ["run", "--rm", "--network", "none", image, "sh", "-c", "echo hi | tr a-z A-Z"]);
await ours();
docker();
const times = { a: [], b: [] };
for (let i = 0; i < rounds; i++) {
  const order = i % 2 === 0 ? ["a", "b"] : ["b", "a"];
  for (const key of order) {
    const start = performance.now();
    if (key === "a") await ours();
    else docker();
    times[key].push(performance.now() - start);
  }
}
const median = (list) => [...list].sort((x, y) => x - y)[Math.floor(list.length / 2)];
console.log(JSON.stringify({ a: median(times.a), b: median(times.b) }));
`;

export async function run() {
  execFileSync("bash", [join(root, "scripts", "docker-engine.sh"), "start"], { stdio: "inherit" });
  // A busybox image imported offline (no registry here), by the containers example's script.
  execFileSync("bash", [join(root, "examples", "containers", "scripts", "busybox-image.sh"), IMAGE], {
    stdio: "ignore",
  });
  execFileSync(join(root, "node_modules", ".bin", "tspc"), ["-p", project]);
  writeManifest(join(project, "tsconfig.json"));
  const ours = () =>
    execFileSync(
      process.execPath,
      [cli, "run", "-i", `busybox=${IMAGE}`, "--network", "none", "containers", "shout", "--word", "hi"],
      { cwd: project, encoding: "utf8" },
    );
  const docker = () =>
    execFileSync("docker", ["run", "--rm", "--network", "none", IMAGE, "sh", "-c", "echo hi | tr a-z A-Z"], {
      encoding: "utf8",
    });
  if (JSON.parse(ours()).loud !== "HI") throw new Error("the container task did not answer HI");
  const inProcess = JSON.parse(
    execFileSync(process.execPath, ["--input-type=module", "-e", inProcessScript, IMAGE, "11"], {
      cwd: root,
      encoding: "utf8",
    }),
  );
  const { a, b } = sideBySide(ours, docker, 9);
  return [
    {
      name: "ContainerTask local run (localExecute) vs docker run --rm",
      ratio: inProcess.a / inProcess.b,
      target: 1.1,
      detail: `localExecute ${inProcess.a.toFixed(0)} ms, docker run ${inProcess.b.toFixed(0)} ms`,
    },
    {
      name: "ContainerTask via tsflyte run (node start included) vs docker run",
      ratio: a / b,
      target: 1.1,
      detail: `tsflyte run ${a.toFixed(0)} ms, docker run ${b.toFixed(0)} ms`,
    },
  ];
}
