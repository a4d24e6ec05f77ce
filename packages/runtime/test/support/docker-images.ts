import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type Dockerode from "dockerode";
import { pack } from "tar-stream";
import { dockerEngine } from "../../src/docker/docker-engine.js";

/**
 * Test images, built offline (no registry is reachable): root filesystems packed here and loaded
 * with `docker import`. Each image's tag is a hash of its content, so it is built once per machine.
 */

/** The engine, or a failure that says how to start one: these tests are never skipped. */
export async function requireDocker(): Promise<Dockerode> {
  try {
    return await dockerEngine();
  } catch (error) {
    throw new Error(
      `these tests need a Docker engine: run \`bash scripts/docker-engine.sh start\` (as root; CI does) — ${(error as Error).message}`,
    );
  }
}

export interface RootFile {
  path: string;
  content?: Buffer;
  mode?: number;
  linkTo?: string;
  dir?: boolean;
}

async function importImage(docker: Dockerode, repo: string, files: readonly RootFile[]): Promise<string> {
  const hash = createHash("sha256");
  for (const file of files) {
    hash.update(`${file.path}\0${file.mode ?? 0}\0${file.linkTo ?? ""}\0${file.dir ? 1 : 0}\0`);
    if (file.content) hash.update(file.content);
  }
  const ref = `${repo}:${hash.digest("hex").slice(0, 16)}`;
  try {
    await docker.getImage(ref).inspect();
    return ref;
  } catch {
    // build it
  }
  const tar = pack();
  for (const file of files) {
    const name = file.path.replace(/^\//, "");
    if (file.dir) tar.entry({ name, type: "directory", mode: file.mode ?? 0o755 });
    else if (file.linkTo !== undefined) tar.entry({ name, type: "symlink", linkname: file.linkTo });
    else tar.entry({ name, mode: file.mode ?? 0o644 }, file.content ?? Buffer.alloc(0));
  }
  tar.finalize();
  const [repository, tag] = ref.split(":") as [string, string];
  const stream = await docker.importImage(tar as unknown as NodeJS.ReadableStream, { repo: repository, tag });
  await new Promise<void>((resolve, reject) =>
    docker.modem.followProgress(stream, (error) => (error ? reject(error) : resolve())),
  );
  return ref;
}

function busyboxPath(): string {
  return execFileSync("sh", ["-c", "command -v busybox"], { encoding: "utf8" }).trim();
}

/** Busybox: `/bin/busybox` (Debian's static build) and a link per applet. */
export function busyboxFiles(): RootFile[] {
  const path = busyboxPath();
  const applets = execFileSync(path, ["--list"], { encoding: "utf8" })
    .split("\n")
    .filter((a) => a !== "" && a !== "busybox");
  return [
    { path: "/bin", dir: true },
    { path: "/tmp", dir: true, mode: 0o1777 },
    { path: "/etc", dir: true },
    { path: "/bin/busybox", content: readFileSync(path), mode: 0o755 },
    ...applets.map((applet) => ({ path: `/bin/${applet}`, linkTo: "busybox" })),
    {
      path: "/etc/passwd",
      content: Buffer.from("root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/sh\n"),
    },
  ];
}

/** The busybox test image (imported once per machine). */
export async function busyboxImage(): Promise<string> {
  return importImage(await requireDocker(), "flytekit-ts-test/busybox", busyboxFiles());
}

export { importImage };
