import { execFile, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { extract, type Header } from "tar-stream";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ErrorDocumentSchema, LiteralMapSchema, LiteralSchema, TaskSpecSchema } from "../../core/src/idl.js";
import { runtimeDir } from "../../runtime/test/support/entrypoint.js";
import { BUCKET, type LocalS3, startLocalS3 } from "../../runtime/test/support/s3-server.js";
import { bundleFiles } from "../src/fast/bundle-files.js";
import { bundleDigest, codeBundle } from "../src/fast/code-bundle.js";
import { cliDir, copyCliProject, readArchive, scratch, tsflyte } from "./support/cli.js";

// flytekit 1.16.24's own output, kept with core's other goldens.
const golden = join(cliDir, "..", "core", "test", "fixtures", "flytekit-1.16.24-constructs");
const made: string[] = [];
const tmp = (dir: string) => {
  made.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** The members of a tar (gzipped or not), with their headers. */
async function tarMembers(bytes: Uint8Array): Promise<{ header: Header; bytes: Buffer }[]> {
  const tar = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : Buffer.from(bytes);
  const reader = extract();
  const members: { header: Header; bytes: Buffer }[] = [];
  const done = (async () => {
    for await (const entry of reader) {
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      members.push({ header: entry.header, bytes: Buffer.concat(chunks) });
    }
  })();
  reader.end(tar);
  await done;
  return members;
}

/** `tsflyte package` in `project` with `args`; the archive's entries. */
async function packageIn(project: string, args: readonly string[]) {
  const out = join(tmp(scratch()), "flyte-package.tgz");
  const run = tsflyte(["package", "-m", "one", "-m", "ten", "-o", out, ...args], { cwd: project });
  expect(run.stderr).toContain("Successfully packaged");
  expect(run.status).toBe(0);
  return { run, entries: await readArchive(out) };
}

function argsOf(bytes: Uint8Array): string[] {
  const target = fromBinary(TaskSpecSchema, bytes).template?.target;
  return target?.case === "container" ? target.value.args : [];
}

describe("the code bundle, as flytekit writes it", () => {
  test("digest: md5 of each file's bytes then its path without separators, files sorted (flytekit's own bundle name)", () => {
    const source = readFileSync(join(golden, "ref_constructs.py"));
    expect(bundleDigest([{ path: "ref_constructs.py", bytes: source }])).toBe(
      "cf7aa199dacb67e63b9aa1397ee13fa6",
    );
    expect(readFileSync(join(golden, "package-fast-contents.txt"), "utf8")).toContain(
      "fastcf7aa199dacb67e63b9aa1397ee13fa6.tar.gz",
    );
    // Separators do not count; order does.
    const a = { path: "a/b.js", bytes: Buffer.from("1") };
    const b = { path: "ab.js", bytes: Buffer.from("1") };
    expect(bundleDigest([a])).toBe(bundleDigest([b]));
    expect(bundleDigest([a, { path: "c", bytes: Buffer.from("2") }])).not.toBe(
      bundleDigest([{ path: "c", bytes: Buffer.from("2") }, a]),
    );
  });

  test("the bundle of flytekit's golden folder: its name, gzip header (FNAME, mtime 0, XFL 2, OS 255) and member attributes", async () => {
    const folder = tmp(mkdtempSync(join(cliDir, "test", "fixtures", ".tmp-bundle-")));
    writeFileSync(join(folder, "ref_constructs.py"), readFileSync(join(golden, "ref_constructs.py")), {
      mode: 0o644,
    });
    const bundle = await codeBundle(folder, ["ref_constructs.py"]);
    expect(bundle.fileName).toBe("fastcf7aa199dacb67e63b9aa1397ee13fa6.tar.gz");
    const gz = Buffer.from(bundle.bytes);
    expect([...gz.subarray(0, 4)]).toEqual([0x1f, 0x8b, 8, 0x08]);
    expect(gz.readUInt32LE(4)).toBe(0);
    expect([gz[8], gz[9]]).toEqual([2, 255]);
    expect(gz.subarray(10, gz.indexOf(0, 10)).toString("latin1")).toBe(
      "fastcf7aa199dacb67e63b9aa1397ee13fa6.tar",
    );
    const members = await tarMembers(bundle.bytes);
    expect(members).toHaveLength(1);
    const [member] = members as [{ header: Header; bytes: Buffer }];
    expect(member.header).toMatchObject({
      name: "ref_constructs.py",
      type: "file",
      mode: 0o644,
      uid: 0,
      gid: 0,
    });
    expect(member.header.mtime?.getTime()).toBe(315532800 * 1000);
    expect(member.header.uname ?? "").toBe("");
    expect(member.header.gname ?? "").toBe("");
    expect(member.bytes.equals(readFileSync(join(golden, "ref_constructs.py")))).toBe(true);
    // GNU tar reads it too.
    const listing = spawnSync("tar", ["-tzvf", "-"], { input: gz, encoding: "utf8" });
    expect(listing.stdout).toContain("ref_constructs.py");
  });
});

describe("tsflyte package --fast", () => {
  let project: string;
  beforeAll(() => {
    project = tmp(copyCliProject());
  });

  test("each task's args are flytekit's fast-execute prefix (tsflyte's entrypoints) before its own args; the bundle is in the archive", async () => {
    const goldenArgs = (
      JSON.parse(readFileSync(join(golden, "package-fast.square.taskspec.json"), "utf8")) as {
        template: { container: { args: string[] } };
      }
    ).template.container.args;
    const prefix = goldenArgs
      .slice(0, goldenArgs.indexOf("--") + 1)
      .map((arg) => (arg === "pyflyte-fast-execute" ? "tsflyte-fast-execute" : arg));
    expect(prefix).toEqual([
      "tsflyte-fast-execute",
      "--additional-distribution",
      "{{ .remote_package_path }}",
      "--dest-dir",
      "/root",
      "--",
    ]);
    const plain = await packageIn(project, []);
    const fast = await packageIn(project, ["--fast"]);
    expect(fast.run.stderr).toMatch(/Fast mode: fast[0-9a-f]{32}\.tar\.gz holds \d+ files/);
    const names = fast.entries.map((entry) => entry.name);
    expect(names.slice(0, -1)).toEqual(plain.entries.map((entry) => entry.name));
    expect(names.at(-1)).toMatch(/^fast[0-9a-f]{32}\.tar\.gz$/);
    let prefixed = 0;
    for (const [index, entry] of plain.entries.entries()) {
      const args = argsOf((fast.entries[index] as { bytes: Uint8Array }).bytes);
      const own = argsOf(entry.bytes);
      // Tasks that run tsflyte-execute fetch the code first; raw container tasks run as they are.
      if (own[0] === "tsflyte-execute") {
        expect(args).toEqual([...prefix, ...own]);
        prefixed++;
      } else expect(args).toEqual(own);
    }
    expect(prefixed).toBeGreaterThan(5);
    // -d sets the destination, as pyflyte package's --in-container-source-path.
    const other = await packageIn(project, ["--fast", "-d", "/app"]);
    const solo = other.entries.find((entry) => entry.name.endsWith("one.solo_1.pb")) as { bytes: Uint8Array };
    expect(argsOf(solo.bytes).slice(0, 5)).toEqual([
      "tsflyte-fast-execute",
      "--additional-distribution",
      "{{ .remote_package_path }}",
      "--dest-dir",
      "/app",
    ]);
  });

  test("--copy auto holds what runs; --copy all adds every file the ignore files leave, and the compiled output even when ignored", async () => {
    writeFileSync(join(project, ".gitignore"), "dist/\nflyte.manifest.json\nsecret.txt\n");
    writeFileSync(join(project, ".dockerignore"), "drafts/\n");
    writeFileSync(join(project, "notes.md"), "notes\n");
    writeFileSync(join(project, "secret.txt"), "do not ship\n");
    mkdirSync(join(project, "drafts"), { recursive: true });
    writeFileSync(join(project, "drafts", "idea.ts"), "export {};\n");
    mkdirSync(join(project, "node_modules", "x"), { recursive: true });
    writeFileSync(join(project, "node_modules", "x", "index.js"), "export {};\n");
    const auto = await bundleFiles(project, "auto", ["dist"]);
    expect(auto).toContain("dist/one.js");
    expect(auto).toContain("flyte.manifest.json");
    expect(auto).toContain("package.json");
    expect(
      auto.every(
        (path) => path.startsWith("dist/") || ["flyte.manifest.json", "package.json"].includes(path),
      ),
    ).toBe(true);
    const all = await bundleFiles(project, "all", ["dist"]);
    for (const path of [
      "dist/one.js",
      "flyte.manifest.json",
      "package.json",
      "src/one.ts",
      "notes.md",
      ".gitignore",
      "tsconfig.json",
    ])
      expect(all).toContain(path);
    for (const path of all) {
      expect(path).not.toMatch(/^(node_modules|drafts)\//);
      expect(path).not.toBe("secret.txt");
    }
    expect([...all].sort()).toEqual(all);
    const { entries } = await packageIn(project, ["--fast", "--copy", "all"]);
    const bundle = entries.at(-1) as { bytes: Uint8Array };
    expect((await tarMembers(bundle.bytes)).map((member) => member.header.name)).toEqual(all);
  });

  test("content-addressed: the same code gives the same bundle; a one-line change, another", async () => {
    const first = (await packageIn(project, ["--fast"])).entries.at(-1)?.name;
    expect((await packageIn(project, ["--fast"])).entries.at(-1)?.name).toBe(first);
    const file = join(project, "dist", "one.js");
    const original = readFileSync(file, "utf8");
    writeFileSync(file, `${original}\n// changed\n`);
    try {
      expect((await packageIn(project, ["--fast", "--no-extract"])).entries.at(-1)?.name).not.toBe(first);
    } catch {
      // A stale manifest is re-extracted; the name still changes.
      expect((await packageIn(project, ["--fast"])).entries.at(-1)?.name).not.toBe(first);
    } finally {
      writeFileSync(file, original);
    }
  });

  test("--copy none packages without a bundle; with --fast it is a usage error", async () => {
    const { entries } = await packageIn(project, ["--copy", "none"]);
    expect(entries.some((entry) => entry.name.startsWith("fast"))).toBe(false);
    const run = tsflyte(
      ["package", "-m", "one", "--fast", "--copy", "none", "-o", join(tmp(scratch()), "x.tgz")],
      {
        cwd: project,
      },
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("--fast packages the code; it cannot go with --copy none");
  });
});

describe("registered as flytectl registers it, run by tsflyte-fast-execute with the bundle on an object store", () => {
  let s3: LocalS3;
  let project: string;
  let entries: { name: string; bytes: Uint8Array }[];
  let dest: string;
  beforeAll(async () => {
    s3 = await startLocalS3();
    project = tmp(copyCliProject());
    dest = join(project, "image-root");
    ({ entries } = await packageIn(project, ["--fast", "-d", "{{ .dest_dir }}"]));
  });
  afterAll(() => s3?.close());

  /** flytectl register files: the bundle uploaded (uncompressed, as flytectl's DirectUpload sends it), args hydrated. */
  async function register(): Promise<string[]> {
    const bundle = entries.find((entry) => entry.name.startsWith("fast")) as {
      name: string;
      bytes: Uint8Array;
    };
    const client = new S3Client({
      endpoint: s3.endpoint,
      region: "us-east-1",
      forcePathStyle: true,
      credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
    });
    await client.send(new CreateBucketCommand({ Bucket: BUCKET })).catch(() => undefined);
    const key = `fast/v1-${bundle.name}`;
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: gunzipSync(bundle.bytes) }));
    const solo = entries.find((entry) => entry.name.endsWith("one.solo_1.pb")) as { bytes: Uint8Array };
    return argsOf(solo.bytes).map((arg) =>
      arg === "{{ .remote_package_path }}" ? `s3://${BUCKET}/${key}` : arg === "{{ .dest_dir }}" ? dest : arg,
    );
  }

  /**
   * The pod: the hydrated args with propeller's placeholders rendered, run with the S3 environment
   * (asynchronously: the S3 server runs in this process).
   */
  async function runPod(args: readonly string[], work: string) {
    const inputs = join(work, "inputs.pb");
    const n = create(LiteralSchema, {
      value: {
        case: "scalar",
        value: { value: { case: "primitive", value: { value: { case: "integer", value: 41n } } } },
      },
    });
    writeFileSync(inputs, toBinary(LiteralMapSchema, create(LiteralMapSchema, { literals: { n } })));
    const rendered = args.map((arg) =>
      arg === "{{.input}}"
        ? inputs
        : arg === "{{.outputPrefix}}"
          ? join(work, "out")
          : arg === "{{.rawOutputDataPrefix}}"
            ? join(work, "raw")
            : arg,
    );
    expect(rendered[0]).toBe("tsflyte-fast-execute");
    return new Promise<{ status: number | null; stderr: string }>((done) => {
      execFile(
        process.execPath,
        [join(runtimeDir, "bin", "tsflyte-fast-execute.js"), ...rendered.slice(1)],
        { cwd: project, env: { PATH: process.env.PATH, ...s3.env }, encoding: "utf8" },
        (error, _stdout, stderr) =>
          done({ status: error === null ? 0 : (error.code as number | null), stderr }),
      );
    });
  }

  test("the code comes from the bundle: an image with stale code runs the registered code", async () => {
    const args = await register();
    // The image's copy of the code is stale: it throws.
    mkdirSync(join(dest, "dist"), { recursive: true });
    writeFileSync(join(dest, "dist", "one.js"), 'throw new Error("stale code");\n');
    writeFileSync(join(dest, "package.json"), '{"type":"module"}\n');
    const work = tmp(scratch());
    const run = await runPod(args, work);
    expect(run.stderr).not.toContain("stale code");
    expect(run.status).toBe(0);
    const outputs = fromBinary(LiteralMapSchema, readFileSync(join(work, "out", "outputs.pb")));
    const o0 = outputs.literals.o0?.value;
    expect(
      o0?.case === "scalar" && o0.value.value.case === "primitive"
        ? o0.value.value.value.value.value
        : undefined,
    ).toBe(42n);
    expect(existsSync(join(work, "out", "error.pb"))).toBe(false);
    expect(readFileSync(join(dest, "dist", "one.js"), "utf8")).toBe(
      readFileSync(join(project, "dist", "one.js"), "utf8"),
    );
  });

  test("a bundle missing from the store: the task's error document (SYSTEM), no outputs, exit 1", async () => {
    const args = (await register()).map((arg) =>
      arg.startsWith(`s3://${BUCKET}/fast/`) ? `s3://${BUCKET}/fast/missing.tar.gz` : arg,
    );
    const work = tmp(scratch());
    const run = await runPod(args, work);
    expect(run.status).toBe(1);
    expect(existsSync(join(work, "out", "outputs.pb"))).toBe(false);
    const document = fromBinary(ErrorDocumentSchema, readFileSync(join(work, "out", "error.pb")));
    expect(document.error?.code).toBe("SYSTEM");
    expect(document.error?.message).toContain("task execution code was not found");
    expect(document.error?.message).toContain("missing.tar.gz");
  });
});
