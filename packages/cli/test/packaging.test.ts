import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, test } from "vitest";
import {
  indexWidth,
  isRegistrationFileName,
  registrationFileName,
  registrationFiles,
  type SerializedEntity,
} from "../src/packaging/registration-files.js";
import { ustar } from "../src/packaging/ustar.js";
import { ARCHIVE_MTIME, registrationArchive } from "../src/packaging/write-archive.js";
import { readArchive } from "./support/cli.js";

const dir = mkdtempSync(join(tmpdir(), "tsflyte-packaging-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const entity = (name: string, kind: SerializedEntity["kind"] = "task"): SerializedEntity => ({
  kind,
  name,
  bytes: new Uint8Array([1, 2, 3]),
});

describe("registration file names", () => {
  test.each([
    [1, 0],
    [2, 1],
    [9, 1],
    [10, 1],
    [11, 2],
    [100, 2],
    [101, 3],
    [1000, 3],
    [1001, 4],
  ])("%i entities: %i digits, as flytekit's _determine_text_chars", (count, digits) => {
    expect(indexWidth(count)).toBe(digits);
  });

  test("<index>_<name>_<1|2|3>.pb, dots in names kept", () => {
    expect(registrationFileName(0, 1, entity("one.solo"))).toBe("0_one.solo_1.pb");
    expect(registrationFileName(7, 11, entity("wf.main", "workflow"))).toBe("07_wf.main_2.pb");
    expect(registrationFileName(10, 11, entity("wf.main", "launchPlan"))).toBe("10_wf.main_3.pb");
    const names = registrationFiles(Array.from({ length: 11 }, (_, i) => entity(`t${i}`))).map(
      (f) => f.fileName,
    );
    expect(names[0]).toBe("00_t0_1.pb");
    expect([...names].sort()).toEqual(names);
    expect(isRegistrationFileName("00_t0_1.pb")).toBe(true);
    expect(isRegistrationFileName("notes.txt")).toBe(false);
    expect(isRegistrationFileName("00_t0_4.pb")).toBe(false);
  });
});

describe("ustar", () => {
  const files = [
    { name: "0_a_1.pb", bytes: new Uint8Array(0) },
    { name: "1_b.c_1.pb", bytes: new Uint8Array(513).fill(7) },
    { name: `2_${"x".repeat(93)}.pb`, bytes: new TextEncoder().encode("hello") },
  ];

  test("reads back with tar-stream: names, sizes, bytes, mode, mtime, regular files", async () => {
    const path = join(dir, "a.tgz");
    writeFileSync(path, gzipSync(ustar(files, { mtime: ARCHIVE_MTIME.getTime() / 1000 })));
    const entries = await readArchive(path);
    expect(entries.map((e) => e.name)).toEqual(files.map((f) => f.name));
    for (const [i, entry] of entries.entries()) {
      expect(entry.bytes).toEqual(files[i]?.bytes);
      expect(entry.type).toBe("file");
      expect(entry.mode).toBe(0o644);
    }
  });

  test("GNU tar lists and extracts it (owner 0, 1981-01-01)", () => {
    const path = join(dir, "b.tgz");
    writeFileSync(path, gzipSync(ustar(files, { mtime: ARCHIVE_MTIME.getTime() / 1000 })));
    const listing = execFileSync("tar", ["-tvzf", path, "--numeric-owner", "--utc"], { encoding: "utf8" });
    expect(listing).toMatch(/^-rw-r--r-- 0\/0\s+513 1981-01-01 00:00 1_b\.c_1\.pb$/m);
    const out = mkdtempSync(join(dir, "x-"));
    execFileSync("tar", ["-xzf", path, "-C", out]);
    expect(execFileSync("cat", [join(out, files[2]?.name as string)], { encoding: "utf8" })).toBe("hello");
  });

  test("names over 100 bytes are refused rather than truncated", () => {
    expect(() => ustar([{ name: "n".repeat(101), bytes: new Uint8Array() }], { mtime: 0 })).toThrow(
      /longer than 100 bytes/,
    );
  });

  test("the same files give the same archive bytes", () => {
    const files = registrationFiles([entity("a"), entity("b")]);
    expect(registrationArchive(files)).toEqual(registrationArchive(files));
  });
});
