import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fromBinary } from "@bufbuild/protobuf";
import { afterAll, describe, expect, test } from "vitest";
import { TaskSpecSchema } from "../../core/src/idl.js";
import { pbjs, throughProtobufjs } from "../../core/test/support/fixtures.js";
import { runtimeDir } from "../../runtime/test/support/entrypoint.js";
import { cliDir, cliProject, copyCliProject, readArchive, scratch, tsflyte } from "./support/cli.js";

const made: string[] = [];
const tmp = (dir: string) => {
  made.push(dir);
  return dir;
};

afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

const GOOD = ["-m", "one", "-m", "ten"];

describe("tsflyte package", () => {
  test.each([
    [["-m", "one"], 1, ["0_one.solo_1.pb"]],
    [["-m", "ten"], 10, ["0_ten.basics.add_1.pb", "5_ten.more.stats_1.pb", "9_ten.more.Reports.count_1.pb"]],
    [GOOD, 11, ["00_one.solo_1.pb", "01_ten.basics.add_1.pb", "06_ten.more.stats_1.pb"]],
  ])(
    "%j: %i entities in definition order (module by module, then by line, as pyflyte), index zero-padded to ceil(log10(count)) digits",
    async (modules, count, expected) => {
      const out = join(tmp(scratch()), "flyte-package.tgz");
      const run = tsflyte(["package", ...modules, "-o", out]);
      expect(run.stderr).toContain(`Successfully packaged ${count} flyte objects`);
      expect(run.status).toBe(0);
      const entries = await readArchive(out);
      const names = entries.map((e) => e.name);
      expect(names).toHaveLength(count);
      for (const name of expected) expect(names).toContain(name);
      // flytectl registers in lexicographic order: it must be the order written.
      expect([...names].sort()).toEqual(names);
      // Flat, regular files, readable.
      for (const entry of entries) {
        expect(entry.name).not.toContain("/");
        expect(entry.type).toBe("file");
        expect(entry.mode).toBe(0o644);
      }
    },
  );

  test("every entry decodes as admin.TaskSpec with empty project/domain/version and the task's container args", async () => {
    const out = join(tmp(scratch()), "p.tgz");
    expect(tsflyte(["package", ...GOOD, "-o", out]).status).toBe(0);
    const manifest = JSON.parse(readFileSync(join(cliProject, "flyte.manifest.json"), "utf8")) as {
      tasks: { name: string; module: string; key: string; kind: string }[];
    };
    for (const entry of await readArchive(out)) {
      const match = /^(\d+)_(.+)_1\.pb$/.exec(entry.name);
      expect(match).not.toBeNull();
      const spec = fromBinary(TaskSpecSchema, entry.bytes);
      const template = spec.template;
      const id = template?.id;
      expect(id?.resourceType).toBe(1); // TASK
      expect([id?.project, id?.domain, id?.version]).toEqual(["", "", ""]);
      expect(id?.name).toBe(match?.[2]);
      const task = manifest.tasks.find((t) => t.name === id?.name);
      expect(task).toBeDefined();
      const container = template?.target.case === "container" ? template.target.value : undefined;
      expect(container).toBeDefined();
      if (task?.kind === "instance") {
        // A raw container task: the image placeholder resolved against the configured "spark" image.
        expect(container?.image).toBe("ghcr.io/acme/spark:3.5");
      } else {
        expect(container?.image).toBe("ghcr.io/acme/app:1.0");
        expect(container?.args).toEqual(
          expect.arrayContaining(["tsflyte-execute", "task-module", task?.module, "task-name", task?.key]),
        );
      }
      // package.json's "flyte".env reaches every container.
      expect(container?.env).toEqual(
        expect.arrayContaining([expect.objectContaining({ key: "TEAM", value: "data" })]),
      );
      // The independent protobufjs code in @flyteorg/flyteidl reads every field back.
      expect(throughProtobufjs(TaskSpecSchema, pbjs.admin.TaskSpec, spec).equal).toBe(true);
    }
  });

  test("the archive holds exactly what serializeTask returns for the same tasks", async () => {
    const out = join(tmp(scratch()), "p.tgz");
    expect(tsflyte(["package", ...GOOD, "-o", out]).status).toBe(0);
    // The compiled project serialized in a plain Node process with the compiled core.
    const expected = JSON.parse(
      execFileSync(
        process.execPath,
        [
          join(runtimeDir, "test", "support", "serialize-tasks.mjs"),
          cliProject,
          JSON.stringify(["ghcr.io/acme/app:1.0", "spark=ghcr.io/acme/spark:3.5"]),
          JSON.stringify({ TEAM: "data" }),
          "one",
          "ten",
        ],
        { encoding: "utf8" },
      ),
    ) as Record<string, string>;
    const entries = await readArchive(out);
    expect(entries).toHaveLength(11);
    expect(Object.keys(expected)).toHaveLength(11);
    for (const entry of entries) {
      const name = fromBinary(TaskSpecSchema, entry.bytes).template?.id?.name as string;
      expect(Buffer.from(entry.bytes).toString("base64"), name).toBe(expected[name]);
    }
  });

  test("the same project gives the same archive bytes (fixed entry times)", () => {
    const dir = tmp(scratch());
    expect(tsflyte(["package", "-m", "one", "-o", join(dir, "a.tgz")]).status).toBe(0);
    expect(tsflyte(["package", "-m", "one", "-o", join(dir, "b.tgz")]).status).toBe(0);
    expect(readFileSync(join(dir, "a.tgz"))).toEqual(readFileSync(join(dir, "b.tgz")));
  });

  test("an existing archive is a usage error without --force, and replaced with it", async () => {
    const out = join(tmp(scratch()), "flyte-package.tgz");
    writeFileSync(out, "precious");
    const refused = tsflyte(["package", "-m", "one", "-o", out]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/already exists; pass --force/);
    expect(readFileSync(out, "utf8")).toBe("precious");
    expect(tsflyte(["package", "-m", "one", "-o", out, "--force"]).status).toBe(0);
    expect((await readArchive(out)).map((e) => e.name)).toEqual(["0_one.solo_1.pb"]);
  });

  test("writes flyte-package.tgz in the project folder by default; -i and --env flags win over the configuration", async () => {
    const copy = tmp(copyCliProject());
    const run = tsflyte(
      [
        "package",
        "-m",
        "ten.more",
        "-i",
        `ghcr.io/acme/app@sha256:${"a".repeat(64)}`,
        "-i",
        "spark=spark:4",
        "--env",
        "TEAM=ml",
      ],
      { cwd: join(copy, "src") },
    );
    expect(run.status).toBe(0);
    const entries = await readArchive(join(copy, "flyte-package.tgz"));
    const specs = entries.map((e) => fromBinary(TaskSpecSchema, e.bytes));
    const container = (name: string) => {
      const target = specs.find((s) => s.template?.id?.name === name)?.template?.target;
      return target?.case === "container" ? target.value : undefined;
    };
    expect(container("ten.more.heavy")?.image).toBe(`ghcr.io/acme/app@sha256:${"a".repeat(64)}`);
    expect(container("ten.more.sparkSquare")?.image).toBe("spark:4");
    expect(container("ten.more.heavy")?.env).toEqual(
      expect.arrayContaining([expect.objectContaining({ key: "TEAM", value: "ml" })]),
    );
  });

  test("without a manifest, the extractor writes one first", async () => {
    const copy = tmp(copyCliProject({ manifest: false }));
    const run = tsflyte(["--verbose", "package", "-m", "one", "-o", "out.tgz"], { cwd: copy });
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/extracted flyte\.manifest\.json \(18 tasks, 3 workflows and launch plans\)/);
    expect(existsSync(join(copy, "flyte.manifest.json"))).toBe(true);
    expect((await readArchive(join(copy, "out.tgz"))).map((e) => e.name)).toEqual(["0_one.solo_1.pb"]);
  });

  test("a progress bar on a TTY, plain lines when piped", () => {
    const dir = tmp(scratch());
    const tty = tsflyte(["package", ...GOOD, "-o", join(dir, "a.tgz")], { env: { FORCE_TTY: "1" } });
    expect(tty.status).toBe(0);
    expect(tty.stderr).toContain("\r\u001b[2KSerializing");
    expect(tty.stderr).toMatch(/Serializing .*11\/11/);
    const piped = tsflyte(["package", ...GOOD, "-o", join(dir, "b.tgz")]);
    expect(piped.stderr).not.toContain("\r");
    expect(piped.stderr).not.toContain("\x1b[");
  });
});

describe("tsflyte package: every bad input fails on one line, with nothing written", () => {
  const failing: [string, string[], number, RegExp][] = [
    [
      "an image without tag or digest",
      ["-i", "ghcr.io/acme/app"],
      2,
      /Invalid value for '-i' \/ '--image': .*missing tag or digest/,
    ],
    ["two default images", ["-i", "a:1", "-i", "b:2"], 2, /Only one default image can be specified/],
    ["an --env without =", ["--env", "TEAM"], 2, /--env.*expected KEY=VALUE/],
    ["an unknown option", ["--colour"], 2, /unknown option '--colour'/],
    ["a module with no tasks", ["-m", "nope"], 1, /no tasks found in modules nope/],
    [
      "a task that fails to serialize",
      ["-m", "one", "-m", "broken.bad-image"],
      1,
      /task broken\.badImage\.missingImage \(broken\.bad-image:missingImage, src\/broken\/bad-image\.ts:3\) cannot be serialized: Image Config with name nope not found.*\[IMAGE\]/,
    ],
    [
      "a module that throws on import",
      ["-m", "broken.throws"],
      1,
      /importing module broken\.throws \(dist\/broken\/throws\.js\) failed: this module fails to import/,
    ],
    [
      "two tasks with one name",
      ["-m", "broken.dupe-a", "-m", "broken.dupe-b"],
      1,
      /two tasks are named shared\.name: .*broken\.dupe-a:first.*broken\.dupe-b:second/,
    ],
    [
      "an unreadable project",
      ["--project-root", "/nonexistent/project"],
      1,
      /cannot extract the task manifest: no \/nonexistent\/project\/tsconfig\.json/,
    ],
  ];
  test.each(failing)("%s", (_, args, status, message) => {
    const dir = tmp(scratch());
    const out = join(dir, "flyte-package.tgz");
    const run = tsflyte(["package", ...args, "-o", out]);
    expect(run.status).toBe(status);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/^\s+at /m); // no stack trace without --verbose
    expect(readdirSync(dir)).toEqual([]); // no archive, no partial file
  });

  test("--verbose adds the stack trace", () => {
    const run = tsflyte(["--verbose", "package", "-m", "broken.throws", "-o", join(tmp(scratch()), "x.tgz")]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^\s+at /m);
  });

  test("a compiled file missing from the build: build first", () => {
    const copy = tmp(copyCliProject());
    rmSync(join(copy, "dist", "one.js"));
    const run = tsflyte(["package", "-m", "one", "-o", "x.tgz"], { cwd: copy });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /module one: its compiled file dist\/one\.js is missing; build the project first/,
    );
    expect(existsSync(join(copy, "x.tgz"))).toBe(false);
  });

  test("no task image configured: one line that says how to set one (no silent default image)", () => {
    const copy = tmp(copyCliProject());
    const manifest = JSON.parse(readFileSync(join(copy, "package.json"), "utf8"));
    delete manifest.flyte.images;
    writeFileSync(join(copy, "package.json"), JSON.stringify(manifest));
    for (const command of [
      ["package", "-m", "one", "-o", "x.tgz"],
      ["serialize", "-m", "one", "-o", "pb"],
    ]) {
      const run = tsflyte(command, { cwd: copy });
      expect(run.status, command[0]).toBe(1);
      expect(run.stderr.trim()).toBe(
        '[error] no task image configured: set "flyte": { "images": { "default": "<registry>/<project>:<tag>" } } in package.json (tsflyte init writes one), or pass -i <image> [IMAGE]',
      );
    }
    expect(existsSync(join(copy, "x.tgz"))).toBe(false);
    // A default image by flag, or the one propeller names in a task pod, is enough.
    expect(
      tsflyte(["package", "-m", "one", "-o", "x.tgz", "-i", "ghcr.io/acme/app:2.0"], { cwd: copy }).status,
    ).toBe(0);
    const internal = tsflyte(["package", "-m", "one", "-o", "y.tgz"], {
      cwd: copy,
      env: { FLYTE_INTERNAL_IMAGE: "ghcr.io/acme/app:3.0" },
    });
    expect(internal.status).toBe(0);
  });

  test("a configured image without a tag takes the default image's version, as flytekit's [images]", async () => {
    const copy = tmp(copyCliProject());
    const manifest = JSON.parse(readFileSync(join(copy, "package.json"), "utf8"));
    manifest.flyte.images.spark = "ghcr.io/acme/spark";
    writeFileSync(join(copy, "package.json"), JSON.stringify(manifest));
    const run = tsflyte(["package", "-m", "ten", "-o", "x.tgz"], { cwd: copy });
    expect(run.status, run.stderr).toBe(0);
    const entry = (await readArchive(join(copy, "x.tgz"))).find((e) => e.name.includes("sparkSquare"));
    const spec = fromBinary(TaskSpecSchema, entry?.bytes ?? new Uint8Array());
    const container = spec.template?.target.case === "container" ? spec.template.target.value : undefined;
    expect(container?.image).toBe("ghcr.io/acme/spark:1.0");
  });

  test("a bad configuration names its file and field", () => {
    const copy = tmp(copyCliProject());
    writeFileSync(join(copy, "flyte.config.json"), JSON.stringify({ imagez: {} }));
    const run = tsflyte(["package", "-o", "x.tgz"], { cwd: copy });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/flyte\.config\.json: unknown field "imagez" \(known: .*images/);
  });
});

describe("tsflyte serialize", () => {
  test("writes the archive's files into a folder; refuses to mix with an earlier run unless --force", async () => {
    const dir = tmp(scratch());
    const folder = join(dir, "pb");
    expect(tsflyte(["serialize", ...GOOD, "-o", folder]).status).toBe(0);
    expect(tsflyte(["package", ...GOOD, "-o", join(dir, "p.tgz")]).status).toBe(0);
    const archive = await readArchive(join(dir, "p.tgz"));
    expect(readdirSync(folder).sort()).toEqual(archive.map((e) => e.name));
    for (const entry of archive)
      expect(new Uint8Array(readFileSync(join(folder, entry.name)))).toEqual(entry.bytes);

    writeFileSync(join(folder, "notes.txt"), "mine");
    const refused = tsflyte(["serialize", "-m", "one", "-o", folder]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/already holds 11 registration file\(s\); pass --force/);
    expect(tsflyte(["serialize", "-m", "one", "--folder", folder, "-f"]).status).toBe(0);
    // Stale registration files are gone; other files stay.
    expect(readdirSync(folder).sort()).toEqual(["0_one.solo_1.pb", "notes.txt"]);
    expect(statSync(join(folder, "0_one.solo_1.pb")).size).toBeGreaterThan(0);
  });
});

describe("tsflyte extract", () => {
  test("writes the manifest the transformer's extractor writes, to -o", () => {
    const out = join(tmp(scratch()), "manifest.json");
    const run = tsflyte(["extract", "-o", out]);
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(
      /Wrote .*manifest\.json \(18 tasks, 3 workflows and launch plans; read with the checker\)/,
    );
    expect(JSON.parse(readFileSync(out, "utf8"))).toEqual(
      JSON.parse(readFileSync(join(cliProject, "flyte.manifest.json"), "utf8")),
    );
  });

  test("loads the extractor alone: neither the SDK (its protobuf descriptors) nor the runtime", () => {
    const out = join(tmp(scratch()), "manifest.json");
    // Every module the process loads, as a load hook sees it.
    const hook =
      'import{registerHooks}from"node:module";registerHooks({load(url,context,next){process.stderr.write("LOADED "+url+"\\n");return next(url,context)}});';
    const run = tsflyte(["extract", "-o", out], {
      env: { NODE_OPTIONS: `--import=data:text/javascript,${encodeURIComponent(hook)}` },
    });
    expect(run.status, run.stderr).toBe(0);
    const loaded = run.stderr.split("\n").filter((line) => line.startsWith("LOADED "));
    expect(loaded.some((line) => line.includes("transformer/dist/bundle/extract.js"))).toBe(true);
    expect(loaded.some((line) => line.includes("core/dist/bundle/errors.js"))).toBe(true);
    const heavy = loaded.filter((line) =>
      /core\/dist\/bundle\/(index|internal)\.js|@bufbuild\/protobuf|runtime\/dist\/bundle\/(index|internal)\.js/.test(
        line,
      ),
    );
    expect(heavy).toEqual([]);
    // The SDK's commands still load it.
    const help = tsflyte(["package", "--help"], {
      env: { NODE_OPTIONS: `--import=data:text/javascript,${encodeURIComponent(hook)}` },
    });
    expect(help.stderr).toMatch(/core\/dist\/bundle\/index\.js/);
  });

  test("a project whose tasks are written out is read from its syntax; run again unchanged, it is up to date", () => {
    const project = tmp(scratch());
    writeFileSync(join(project, "package.json"), '{ "name": "syntax", "private": true, "type": "module" }\n');
    writeFileSync(
      join(project, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { module: "nodenext", strict: true, rootDir: "src", outDir: "dist" },
      }),
    );
    for (const folder of ["src", "node_modules"]) mkdirSync(join(project, folder));
    writeFileSync(
      join(project, "src", "hello.ts"),
      'import { task, workflow } from "@flytekit-ts/core";\nexport const greet = task((name: string): string => name);\nexport const flow = workflow((name: string) => greet(name));\n',
    );
    const first = tsflyte(["extract"], { cwd: project });
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).toMatch(
      /Wrote flyte\.manifest\.json \(1 task, 1 workflow and launch plans; read from the syntax\)/,
    );
    const again = tsflyte(["-v", "extract"], { cwd: project });
    expect(again.stderr).toMatch(/1 of 1 modules unchanged since the last run/);
    expect(again.stderr).toMatch(/flyte\.manifest\.json is up to date/);
  });

  test("build problems are listed with file:line, exit 1", () => {
    const copy = tmp(copyCliProject());
    writeFileSync(
      join(copy, "src", "nested.ts"),
      'import { task } from "@flytekit-ts/core";\nconst hidden = task((x: number): number => x);\n',
    );
    const run = tsflyte(["extract"], { cwd: copy });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/src\/nested\.ts:2: .*export/);
  });
});

describe("tsflyte help and version", () => {
  test("--help lists the commands; each command has its own help", () => {
    const help = tsflyte(["--help"]);
    expect(help.status).toBe(0);
    for (const command of ["package", "serialize", "extract", "run"]) expect(help.stdout).toContain(command);
    const packageHelp = tsflyte(["package", "--help"]);
    expect(packageHelp.status).toBe(0);
    expect(packageHelp.stdout).toMatch(/-i, --image <name=ref>/);
    expect(packageHelp.stdout).toMatch(/-f, --force/);
  });

  test("--version prints the package version", () => {
    const run = tsflyte(["--version"]);
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe(JSON.parse(readFileSync(join(cliDir, "package.json"), "utf8")).version);
  });

  test("tsflyte init writes a new project; an existing folder with files is refused, untouched", () => {
    const dir = scratch();
    try {
      const run = tsflyte(["init", "my-flows", "--typescript", "6"], { cwd: dir });
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toContain("Created my-flows in my-flows (TypeScript 6).");
      const manifest = JSON.parse(readFileSync(join(dir, "my-flows", "package.json"), "utf8"));
      expect(manifest.scripts.build).toBe("tspc -p .");
      expect(manifest.flyte.images.default).toBe("localhost:30000/my-flows:0.1.0");
      expect(
        JSON.parse(readFileSync(join(dir, "my-flows", "tsconfig.json"), "utf8")).compilerOptions.plugins,
      ).toEqual([{ transform: "@flytekit-ts/transformer/tsc" }]);
      const again = tsflyte(["init", "my-flows"], { cwd: dir });
      expect(again.status).toBe(1);
      expect(again.stderr).toMatch(
        /my-flows is not empty \(\.dockerignore, \.gitignore, Dockerfile, \.\.\.\): choose a new folder/,
      );
      expect(readdirSync(dir)).toEqual(["my-flows"]);
      const bad = tsflyte(["init", "other", "--typescript", "5"], { cwd: dir });
      expect(bad.status).toBe(2);
      expect(bad.stderr).toMatch(/argument '5' is invalid\. Allowed choices are 7, 6/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("an unknown command is a usage error", () => {
    const run = tsflyte(["pakage"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/unknown command 'pakage'.*\n.*Did you mean package\?/s);
  });
});
