import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
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

async function importImage(
  docker: Dockerode,
  repo: string,
  files: readonly RootFile[],
  changes: readonly string[] = [],
): Promise<string> {
  const hash = createHash("sha256");
  for (const file of files) {
    hash.update(`${file.path}\0${file.mode ?? 0}\0${file.linkTo ?? ""}\0${file.dir ? 1 : 0}\0`);
    if (file.content) hash.update(file.content);
  }
  hash.update(changes.join("\n"));
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
  const stream = await docker.importImage(tar as unknown as NodeJS.ReadableStream, {
    repo: repository,
    tag,
    ...(changes.length > 0 ? { changes: [...changes] } : {}),
  });
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

/** Every file under `dir` (recursively), as image files under `target`. */
function filesUnder(dir: string, target: string, skip: (name: string) => boolean = () => false): RootFile[] {
  const out: RootFile[] = [{ path: target, dir: true }];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (skip(entry.name)) continue;
    const source = join(dir, entry.name);
    const path = `${target}/${entry.name}`;
    if (entry.isSymbolicLink()) {
      const real = realpathSync(source);
      if (statSync(real).isDirectory()) out.push(...filesUnder(real, path, skip));
      else out.push({ path, content: readFileSync(real), mode: statSync(real).mode & 0o777 });
    } else if (entry.isDirectory()) out.push(...filesUnder(source, path, skip));
    else out.push({ path, content: readFileSync(source), mode: statSync(source).mode & 0o777 });
  }
  return out;
}

/** The packages `name` needs at run time (its dependencies, recursively), resolved from `from`. */
function dependencyClosure(
  name: string,
  from: string,
  seen = new Map<string, string>(),
): Map<string, string> {
  let dir = from;
  for (;;) {
    const candidate = join(dir, "node_modules", name);
    if (existsSync(join(candidate, "package.json"))) {
      const real = realpathSync(candidate);
      if (seen.has(name)) return seen;
      seen.set(name, real);
      const manifest = JSON.parse(readFileSync(join(real, "package.json"), "utf8")) as {
        dependencies?: Record<string, string>;
      };
      for (const dependency of Object.keys(manifest.dependencies ?? {}))
        dependencyClosure(dependency, real, seen);
      return seen;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot resolve ${name} from ${from}`);
    dir = parent;
  }
}

/** Node's binary and the shared libraries it loads (from `ldd`). */
function nodeFiles(): RootFile[] {
  const libs = execFileSync("ldd", [process.execPath], { encoding: "utf8" })
    .split("\n")
    .map((line) => /(\/\S+)\s+\(0x/.exec(line)?.[1])
    .filter((path): path is string => path !== undefined);
  const dirs = new Set<string>(["/usr", "/usr/local", "/usr/local/bin", "/usr/bin"]);
  for (const lib of libs) for (let d = dirname(lib); d !== "/"; d = dirname(d)) dirs.add(d);
  return [
    ...[...dirs].sort().map((path) => ({ path, dir: true })),
    ...libs.map((lib) => ({ path: lib, content: readFileSync(realpathSync(lib)), mode: 0o755 })),
    { path: "/usr/local/bin/node", content: readFileSync(process.execPath), mode: 0o755 },
    { path: "/usr/bin/env", linkTo: "/bin/busybox" },
  ];
}

/**
 * An image holding this machine's `node`, busybox, and a built project at `/app` (its compiled
 * files, manifest and the runtime's dependencies), with `tsflyte-execute` (and the map and fast entrypoints) on the PATH: what a task
 * image must contain. Imported once per content.
 */
export async function nodeProjectImage(projectDir: string): Promise<string> {
  const workspace = (name: string) => dependencyClosure(name, projectDir);
  const packages = new Map([...workspace("@flytekit-ts/runtime"), ...workspace("@flytekit-ts/core")]);
  const files: RootFile[] = [
    ...busyboxFiles(),
    ...nodeFiles(),
    { path: "/app", dir: true },
    { path: "/app/node_modules", dir: true },
  ];
  const scopes = new Set<string>();
  for (const [name, dir] of packages) {
    if (name.includes("/")) scopes.add(name.split("/")[0] as string);
    const ownWorkspace = name.startsWith("@flytekit-ts/");
    files.push(
      ...filesUnder(
        dir,
        `/app/node_modules/${name}`,
        (entry) =>
          entry === "node_modules" ||
          (ownWorkspace && ["src", "test", "tsconfig.json", "tsconfig.tsbuildinfo"].includes(entry)),
      ),
    );
  }
  for (const scope of scopes) files.push({ path: `/app/node_modules/${scope}`, dir: true });
  for (const entry of ["package.json", "flyte.manifest.json"]) {
    files.push({ path: `/app/${entry}`, content: readFileSync(join(projectDir, entry)) });
  }
  files.push(...filesUnder(join(projectDir, "dist"), "/app/dist"));
  for (const bin of ["tsflyte-execute", "tsflyte-map-execute", "tsflyte-fast-execute", "tsflyte-snapshot"])
    files.push({
      path: `/usr/local/bin/${bin}`,
      linkTo: `/app/node_modules/@flytekit-ts/runtime/bin/${bin}.js`,
    });
  const unique = new Map(files.map((file) => [file.path, file]));
  // Parents before children, as tar extraction needs.
  const ordered = [...unique.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return importImage(await requireDocker(), "flytekit-ts-test/node-project", ordered, ["WORKDIR /app"]);
}
