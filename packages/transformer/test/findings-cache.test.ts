import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { extractManifest, writeManifest } from "../src/extract.js";
import { FileHashes } from "../src/syntactic/file-hashes.js";
import { packageDir } from "./support/compile.js";

/**
 * The syntactic front's cache: a module is read again exactly when it, or a module its types or
 * tasks come from, changed; an up-to-date manifest is left as it is. Every result equals a run
 * without the cache.
 */
const fixtures = join(packageDir, "test", "fixtures");
const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** A project with its own node_modules (the cache goes there, and goes with it). */
function project(files: Record<string, string>): {
  dir: string;
  tsconfig: string;
  write(file: string, text: string): void;
} {
  const dir = mkdtempSync(join(fixtures, ".tmp-cache-"));
  folders.push(dir);
  mkdirSync(join(dir, "node_modules"));
  writeFileSync(join(dir, "package.json"), '{ "name": "cache-case", "private": true, "type": "module" }\n');
  writeFileSync(join(dir, "tsconfig.json"), readFileSync(join(fixtures, "vocabulary", "tsconfig.json")));
  const write = (file: string, text: string) => {
    mkdirSync(dirname(join(dir, "src", file)), { recursive: true });
    writeFileSync(join(dir, "src", file), text);
  };
  for (const [file, text] of Object.entries(files)) write(file, text);
  return { dir, tsconfig: join(dir, "tsconfig.json"), write };
}

const header = 'import { task, workflow } from "@flytekit-ts/core";\n';
const files = {
  "shapes/index.ts": 'export interface Shape { w: number; h: number }\nexport type Unit = "cm" | "in";\n',
  "area.ts": `${header}import type { Shape, Unit } from "./shapes/index.js";\nexport const area = task((s: Shape, u: Unit): number => s.w * s.h);\n`,
  "plain.ts": `${header}export const twice = task((n: number): number => n * 2);\n`,
  "flow.ts": `${header}import { twice } from "./plain.js";\nexport const flow = workflow((n: number) => twice(n));\n`,
};
const uncached = (tsconfig: string) => JSON.stringify(extractManifest(tsconfig, { cache: false }));
const written = (tsconfig: string) =>
  JSON.stringify(JSON.parse(readFileSync(join(dirname(tsconfig), "flyte.manifest.json"), "utf8")));

describe("the syntactic front's cache", () => {
  test("an unchanged project: every module from the cache, the manifest left as it is", () => {
    const { tsconfig } = project(files);
    const first = writeManifest(tsconfig);
    expect(first.modules).toEqual({ read: 4, cached: 0 });
    const before = statSync(first.file).mtimeMs;
    const second = writeManifest(tsconfig);
    expect(second.unchanged).toBe(true);
    expect(statSync(second.file).mtimeMs).toBe(before);
    expect(written(tsconfig)).toBe(uncached(tsconfig));
    // Assembled from each module's entry texts, it is exactly what JSON.stringify writes.
    const raw = readFileSync(first.file, "utf8");
    expect(raw).toBe(`${JSON.stringify(JSON.parse(raw))}\n`);
    expect(raw).toBe(`${JSON.stringify(extractManifest(tsconfig, { cache: false }))}\n`);
  });

  test("a changed module is read again, with every module whose types or tasks come from it", () => {
    const { tsconfig, write } = project(files);
    writeManifest(tsconfig);
    // A type the area task uses.
    write(
      "shapes/index.ts",
      'export interface Shape { w: number; h: number; d?: number }\nexport type Unit = "in" | "cm" | "mm";\n',
    );
    const typeChanged = writeManifest(tsconfig);
    expect(typeChanged.modules).toEqual({ read: 4, cached: 2 }); // plain.ts and flow.ts kept
    expect(written(tsconfig)).toBe(uncached(tsconfig));
    expect(typeChanged.manifest.tasks.find((t) => t.key === "area")?.signature?.params[1]?.type).toEqual({
      kind: "enum",
      values: ["in", "cm", "mm"],
    });
    // The task a workflow in another module returns.
    write("plain.ts", `${header}export const twice = task((n: number): string => String(n * 2));\n`);
    const taskChanged = writeManifest(tsconfig);
    expect(taskChanged.modules).toEqual({ read: 4, cached: 2 }); // shapes and area kept
    expect(taskChanged.manifest.workflows[0]?.signature?.returns).toEqual({
      kind: "single",
      type: { kind: "string" },
    });
    expect(written(tsconfig)).toBe(uncached(tsconfig));
  });

  test("a new file that an import now resolves to is read", () => {
    const { tsconfig, write } = project({
      ...files,
      "area.ts": `${header}import type { Shape, Unit } from "./shapes";\nexport const area = task((s: Shape, u: Unit): number => s.w * s.h);\n`,
    });
    writeManifest(tsconfig);
    // `./shapes` was shapes/index.ts; shapes.ts now comes first.
    write("shapes.ts", 'export interface Shape { side: number }\nexport type Unit = "px";\n');
    const after = writeManifest(tsconfig);
    expect(after.manifest.tasks.find((t) => t.key === "area")?.signature?.params[0]?.type).toMatchObject({
      fields: [{ name: "side", type: { kind: "float" } }],
    });
    expect(written(tsconfig)).toBe(uncached(tsconfig));
  });

  test("a manifest edited by hand, or an unreadable cache, is made again", () => {
    const { dir, tsconfig } = project(files);
    const first = writeManifest(tsconfig);
    writeFileSync(first.file, "{}\n");
    expect(writeManifest(tsconfig).unchanged).toBeUndefined();
    expect(written(tsconfig)).toBe(uncached(tsconfig));
    const cacheFolder = join(dir, "node_modules", ".cache", "flytekit-ts");
    for (const file of readdirSync(cacheFolder)) writeFileSync(join(cacheFolder, file), "not json");
    const again = writeManifest(tsconfig);
    expect(again.modules).toEqual({ read: 4, cached: 0 });
    expect(written(tsconfig)).toBe(uncached(tsconfig));
  });

  test("a file is read again when its size, time or inode changed, and only then", () => {
    const { dir, tsconfig, write } = project(files);
    writeManifest(tsconfig);
    // The same size, another content: its time changed, so it is read.
    write("plain.ts", `${header}export const twice = task((n: number): number => n * 3);\n`);
    const edited = writeManifest(tsconfig);
    expect(edited.unchanged).toBeUndefined();
    expect(written(tsconfig)).toBe(uncached(tsconfig));
    // Touched, the same content: read, found unchanged, and its new time remembered.
    const plain = join(dir, "src", "plain.ts");
    const later = new Date(Date.now() + 5_000);
    utimesSync(plain, later, later);
    expect(writeManifest(tsconfig).unchanged).toBe(true);
    const cacheFolder = join(dir, "node_modules", ".cache", "flytekit-ts");
    const stampFile = readdirSync(cacheFolder).find((file) => file.includes(".stamp-")) ?? "";
    const stamp = JSON.parse(readFileSync(join(cacheFolder, stampFile), "utf8"));
    expect(stamp.files[plain][1]).toBe(statSync(plain).mtimeMs);
  });

  test("FileHashes trusts a recorded hash while size, time and inode match, and reads otherwise", () => {
    const { dir } = project(files);
    const file = join(dir, "src", "plain.ts");
    // A whole second, which utimes can put back exactly.
    const mtime = new Date(Math.floor(Date.now() / 1000) * 1000);
    utimesSync(file, mtime, mtime);
    const first = new FileHashes();
    const hash = first.hashOf(file);
    expect(first.changed).toBe(true);
    const recorded = first.stamps();
    // Another content of the same size, its time put back: by its stamp, it is the same file.
    writeFileSync(file, readFileSync(file, "utf8").replace("n * 2", "n * 9"));
    utimesSync(file, mtime, mtime);
    const trusting = new FileHashes(recorded);
    expect(trusting.hashOf(file)).toBe(hash);
    expect(trusting.changed).toBe(false);
    // Its time moves: it is read.
    const later = new Date(mtime.getTime() + 5_000);
    utimesSync(file, later, later);
    const reading = new FileHashes(recorded);
    expect(reading.hashOf(file)).not.toBe(hash);
    expect(reading.changed).toBe(true);
    expect(reading.hashOf(join(dir, "src", "gone.ts"))).toBeUndefined();
  });
});
