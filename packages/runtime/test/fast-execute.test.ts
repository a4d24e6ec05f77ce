import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { pack } from "tar-stream";
import { afterAll, describe, expect, test } from "vitest";
import { UsageError } from "../src/errors/usage-error.js";
import {
  outputPrefixOf,
  parseFastExecuteArgs,
  withDistributionFlags,
} from "../src/fast/fast-execute-args.js";
import { entryPath, UnsafeBundleError, unpackBundle } from "../src/fast/unpack-bundle.js";

const made: string[] = [];
const folder = () => {
  const dir = mkdtempSync(join(tmpdir(), "fast-unpack-"));
  made.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

type Entry = {
  name: string;
  type?: "file" | "directory" | "symlink" | "link" | "character-device";
  body?: string;
  mode?: number;
  linkname?: string;
};

/** A tar of `entries`, as any tool (or an attacker) could write it. */
async function tarOf(entries: readonly Entry[]): Promise<Buffer> {
  const packer = pack();
  const chunks: Buffer[] = [];
  packer.on("data", (chunk: unknown) => chunks.push(chunk as Buffer));
  const end = new Promise<void>((resolve) => packer.on("end", () => resolve()));
  for (const entry of entries) {
    const type = entry.type ?? "file";
    const header = {
      name: entry.name,
      type,
      mode: entry.mode ?? 0o644,
      ...(entry.linkname ? { linkname: entry.linkname } : {}),
    };
    if (type === "file") packer.entry(header, Buffer.from(entry.body ?? ""));
    else packer.entry(header, "");
  }
  packer.finalize();
  await end;
  return Buffer.concat(chunks);
}

describe("tsflyte-fast-execute's arguments", () => {
  test("pyflyte-fast-execute's: the distribution, the destination, the command after --", () => {
    expect(
      parseFastExecuteArgs([
        "--additional-distribution",
        "s3://b/fast1.tar.gz",
        "--dest-dir",
        "/root",
        "--",
        "tsflyte-execute",
        "--inputs",
        "x",
      ]),
    ).toEqual({
      additionalDistribution: "s3://b/fast1.tar.gz",
      destDir: "/root",
      command: ["tsflyte-execute", "--inputs", "x"],
    });
    expect(parseFastExecuteArgs(["--dest-dir=/app", "--", "run"]).destDir).toBe("/app");
    expect(() => parseFastExecuteArgs(["--additional-distribution", "x"])).toThrow(UsageError);
    expect(() => parseFastExecuteArgs(["--bogus", "1", "--", "run"])).toThrow("no such option: --bogus");
    expect(() => parseFastExecuteArgs(["--dest-dir", "--", "run"])).toThrow("requires an argument");
    expect(() => parseFastExecuteArgs(["--"])).toThrow("no command after --");
  });

  test("the code's location is passed on before --resolver, as pyflyte-fast-execute passes it", () => {
    expect(
      withDistributionFlags(
        ["tsflyte-execute", "--inputs", "i", "--resolver", "r", "--", "task-module", "m"],
        "s3://b/f.tar.gz",
        "/root",
      ),
    ).toEqual([
      "tsflyte-execute",
      "--inputs",
      "i",
      "--dynamic-addl-distro",
      "s3://b/f.tar.gz",
      "--dynamic-dest-dir",
      "/root",
      "--resolver",
      "r",
      "--",
      "task-module",
      "m",
    ]);
    expect(outputPrefixOf(["tsflyte-execute", "--output-prefix", "s3://b/out", "--", "x"])).toBe(
      "s3://b/out",
    );
    expect(outputPrefixOf(["tsflyte-execute", "--output-prefix={{.outputPrefix}}"])).toBeUndefined();
    expect(outputPrefixOf(["tsflyte-execute", "--", "--output-prefix", "x"])).toBeUndefined();
  });
});

describe("unpacking a code bundle (data from an object store, never trusted)", () => {
  test("gzipped or not (flytectl uploads it uncompressed), replacing the image's files, keeping permissions without write bits for others", async () => {
    const tar = await tarOf([
      { name: "dist/a.js", body: "export const a = 1;\n" },
      { name: "dist/deep/b.js", body: "b", mode: 0o777 },
      { name: "package.json", body: "{}" },
    ]);
    for (const bytes of [tar, gzipSync(tar)]) {
      const dest = folder();
      mkdirSync(join(dest, "dist"));
      writeFileSync(join(dest, "dist", "a.js"), "old");
      expect(await unpackBundle(bytes, dest)).toBe(3);
      expect(readFileSync(join(dest, "dist", "a.js"), "utf8")).toBe("export const a = 1;\n");
      expect(lstatSync(join(dest, "dist", "deep", "b.js")).mode & 0o777).toBe(0o755);
    }
  });

  test.each([["../escape.js"], ["dist/../../escape.js"], ["/etc/escape.js"], ["./"]])(
    "refuses the entry %j: nothing is written outside the destination",
    async (name) => {
      const parent = folder();
      const dest = join(parent, "dest");
      mkdirSync(dest);
      await expect(unpackBundle(await tarOf([{ name, body: "x" }]), dest)).rejects.toThrow(UnsafeBundleError);
      expect(existsSync(join(parent, "escape.js"))).toBe(false);
    },
  );

  test.each([
    [{ name: "link", type: "symlink", linkname: "/etc/passwd" }],
    [{ name: "hard", type: "link", linkname: "/etc/passwd" }],
    [{ name: "dev", type: "character-device" }],
  ] as [Entry][])("refuses a %j entry: only files and folders", async (entry) => {
    const dest = folder();
    await expect(unpackBundle(await tarOf([entry]), dest)).rejects.toThrow(/is a .*, not a file/);
    expect(existsSync(join(dest, entry.name))).toBe(false);
  });

  test("a link already in the destination is replaced, never written through", async () => {
    const dest = folder();
    const outside = folder();
    writeFileSync(join(outside, "target.js"), "outside");
    symlinkSync(join(outside, "target.js"), join(dest, "a.js"));
    await unpackBundle(await tarOf([{ name: "a.js", body: "inside" }]), dest);
    expect(readFileSync(join(outside, "target.js"), "utf8")).toBe("outside");
    expect(lstatSync(join(dest, "a.js")).isSymbolicLink()).toBe(false);
    expect(readFileSync(join(dest, "a.js"), "utf8")).toBe("inside");
  });

  test("limits: too many bytes or entries is an error, not a full disk", async () => {
    const dest = folder();
    const big = await tarOf([{ name: "a", body: "x".repeat(2000) }]);
    await expect(unpackBundle(big, dest, { maxBytes: 1000 })).rejects.toThrow("unpacks to over 1000 bytes");
    const many = await tarOf([{ name: "a" }, { name: "b" }, { name: "c" }]);
    await expect(unpackBundle(many, dest, { maxEntries: 2 })).rejects.toThrow("over 2 entries");
  });

  test("a corrupt bundle is an error", async () => {
    await expect(
      unpackBundle(gzipSync(Buffer.from("not a tar at all".repeat(100))), folder()),
    ).rejects.toThrow();
    expect(entryPath("a/./b.js")).toBe("a/b.js");
  });
});
