// A trivial ContainerTask run through the CLI (`tsflyte run containers shout --word hi`: node
// start, project load, copilot input files, the container, output parsing, cleanup) against
// `docker run --rm` of the same image and command. Starts an engine with the project's script.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeManifest } from "@flytekit-ts/transformer/extract";
import { sideBySide } from "./measure.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const project = join(root, "packages", "runtime", "test", "fixtures", "project");
const cli = join(root, "packages", "runtime", "dist", "bin", "tsflyte.js");
const IMAGE = "flytekit-ts-bench/busybox:1";

/** A busybox image imported offline (no registry here). */
function busyboxImage() {
  try {
    execFileSync("docker", ["image", "inspect", IMAGE], { stdio: "ignore" });
    return;
  } catch {
    // import it
  }
  const busybox = execFileSync("sh", ["-c", "command -v busybox"], { encoding: "utf8" }).trim();
  const rootfs = mkdtempSync(join(tmpdir(), "bench-rootfs-"));
  mkdirSync(join(rootfs, "bin"));
  mkdirSync(join(rootfs, "tmp"));
  copyFileSync(busybox, join(rootfs, "bin", "busybox"));
  for (const applet of execFileSync(busybox, ["--list"], { encoding: "utf8" }).split("\n").filter(Boolean)) {
    if (applet !== "busybox") symlinkSync("busybox", join(rootfs, "bin", applet));
  }
  execFileSync("sh", ["-c", `tar -C ${rootfs} -c . | docker import - ${IMAGE}`], { stdio: "ignore" });
}

export async function run() {
  execFileSync("bash", [join(root, "scripts", "docker-engine.sh"), "start"], { stdio: "inherit" });
  busyboxImage();
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
  const { a, b } = sideBySide(ours, docker, 9);
  return [
    {
      name: "ContainerTask via tsflyte run vs docker run --rm",
      ratio: a / b,
      target: 1.1,
      detail: `tsflyte run ${a.toFixed(0)} ms, docker run ${b.toFixed(0)} ms`,
    },
  ];
}
