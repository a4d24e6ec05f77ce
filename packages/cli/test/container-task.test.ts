import { mkdir, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ContainerTask,
  type ContainerTaskOptions,
  Duration,
  FlyteDirectory,
  FlyteFile,
  MetadataFormat,
  Secret,
  SecretMountType,
  t,
} from "@flytekit-ts/core";
import { beforeAll, describe, expect, test } from "vitest";
import { ExecutionFailure } from "../../core/src/index.js";
import { ContainerTaskError } from "../src/containers/container-task-error.js";
import { PlaceholderError } from "../src/containers/placeholders.js";
import { ImageNotFoundError, RUN_LABEL } from "../src/docker/run-container.js";
import { localExecute } from "../src/execution/local-execute.js";
import { busyboxImage, requireDocker } from "./support/docker-images.js";

let image = "";
beforeAll(async () => {
  image = await busyboxImage();
}, 120_000);

const shTask = (script: string, options: Partial<ContainerTaskOptions> = {}) =>
  new ContainerTask({
    name: options.name ?? "sh",
    image,
    command: ["sh", "-c"],
    arguments: [script],
    inputDataDir: "/var/inputs",
    outputDataDir: "/var/outputs",
    ...options,
  });

const run = (task: ContainerTask, inputs: Record<string, unknown> = {}, env: NodeJS.ProcessEnv = {}) =>
  localExecute(task, inputs, { env, container: { network: "none" } });

/** The ContainerTaskError a failing run ends with. */
async function failure(promise: Promise<unknown>): Promise<ContainerTaskError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ExecutionFailure);
  const cause = (error as ExecutionFailure).cause;
  expect(cause).toBeInstanceOf(ContainerTaskError);
  return cause as ContainerTaskError;
}

async function leftovers(): Promise<{ containers: number; folders: string[] }> {
  const docker = await requireDocker();
  const containers = await docker.listContainers({ all: true, filters: { label: [RUN_LABEL] } });
  const folders = (await readdir(tmpdir())).filter((name) => name.startsWith("flytekit-ts-run-"));
  return { containers: containers.length, folders };
}

describe("ContainerTask in Docker", () => {
  test("primitives go in as copilot files and placeholders, and come back as outputs", async () => {
    const types = { i: t.int, f: t.float, b: t.boolean, s: t.string, d: t.datetime, u: t.duration };
    const task = shTask(
      'for n in i f b s d u; do cp /var/inputs/$n /var/outputs/$n; done; echo "$1" > /var/outputs/rendered',
      {
        name: "primitives",
        arguments: [
          'for n in i f b s d u; do cp /var/inputs/$n /var/outputs/$n; done; printf "%s" "$1" > /var/outputs/rendered',
          "sh",
          "i={{.inputs.i}} f={{ .Inputs.f }} b={{$inputs.b}} s={{.inputs.s}} d={{.inputs.d}} u={{.inputs.u}} o={{.outputPrefix}} x={{.unknown}}",
        ],
        inputs: types,
        outputs: { ...types, rendered: t.string },
      },
    );
    const when = new Date("2024-01-02T03:04:05.678Z");
    const outputs = await run(task, {
      i: 42,
      f: 3,
      b: true,
      s: "hi there",
      d: when,
      u: new Duration(3723, 500_000_000),
    });
    expect(outputs).toEqual({
      i: 42,
      f: 3,
      b: true,
      s: "hi there",
      d: when,
      u: new Duration(3723, 500_000_000),
      rendered: `i=42 f=3 b=true s=hi there d=2024-01-02T03:04:05.678Z u=seconds:3723 nanos:500000000 o=/var/outputs x={{.unknown}}`,
    });
  });

  test("files and folders go in under the input folder and come back from the output folder", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ct-files-"));
    await writeFile(join(dir, "in.txt"), "hello\n");
    await mkdir(join(dir, "tree"));
    await writeFile(join(dir, "tree", "a"), "A");
    await writeFile(join(dir, "tree", "b"), "B");
    const task = shTask(
      "tr a-z A-Z < /var/inputs/doc > /var/outputs/upper && mkdir /var/outputs/listing && ls /var/inputs/tree > /var/outputs/listing/names && cat /var/inputs/tree/a /var/inputs/tree/b > /var/outputs/listing/joined",
      {
        name: "files",
        inputs: { doc: t.file(), tree: t.directory() },
        outputs: { upper: t.file(), listing: t.directory() },
      },
    );
    const outputs = await run(task, {
      doc: new FlyteFile(join(dir, "in.txt")),
      tree: new FlyteDirectory(join(dir, "tree")),
    });
    const upper = outputs.upper as FlyteFile;
    const listing = outputs.listing as FlyteDirectory;
    expect(upper).toBeInstanceOf(FlyteFile);
    expect(await readFile(upper.path, "utf8")).toBe("HELLO\n");
    expect(listing).toBeInstanceOf(FlyteDirectory);
    expect(await readFile(join(listing.path, "names"), "utf8")).toBe("a\nb\n");
    expect(await readFile(join(listing.path, "joined"), "utf8")).toBe("AB");
  });

  test.each([
    [
      MetadataFormat.JSON,
      "inputs.json",
      '{"b":true,"d":"2024-01-02T03:04:05Z","f":2.5,"i":42,"l":[1,2],"s":"x y","u":null}',
    ],
    [
      MetadataFormat.YAML,
      "inputs.yaml",
      "b: true\nd: 2024-01-02T03:04:05Z\nf: 2.5\ni: 42\nl:\n  - 1\n  - 2\ns: x y\nu: null\n",
    ],
  ])("metadata format %s writes %s as copilot does", async (format, file, expected) => {
    const task = shTask(`cat /var/inputs/${file} > /var/outputs/meta; ls /var/inputs > /var/outputs/names`, {
      name: "meta",
      metadataFormat: format,
      inputs: {
        b: t.boolean,
        d: t.datetime,
        f: t.float,
        i: t.int,
        l: t.list(t.int),
        s: t.string,
        u: t.duration,
      },
      outputs: { meta: t.string, names: t.string },
    });
    const outputs = await run(task, {
      b: true,
      d: new Date("2024-01-02T03:04:05Z"),
      f: 2.5,
      i: 42,
      l: [1, 2],
      s: "x y",
      u: new Duration(5),
    });
    expect(outputs.meta).toBe(expected.trim());
    expect((outputs.names as string).split("\n").sort()).toEqual(
      ["b", "d", "f", "i", file, "inputs.pb", "l", "s", "u"].sort(),
    );
  });

  test("metadata format PROTO writes only inputs.pb beside the values", async () => {
    const task = shTask("ls /var/inputs > /var/outputs/names; ls /var/inputs/l > /var/outputs/items", {
      name: "proto",
      metadataFormat: MetadataFormat.PROTO,
      inputs: { l: t.list(t.string) },
      outputs: { names: t.string, items: t.string },
    });
    expect(await run(task, { l: ["a", "b", "c"] })).toEqual({ names: "inputs.pb\nl", items: "0\n1\n2" });
  });

  test("environment and secrets are visible inside, as env and as files", async () => {
    const task = shTask(
      'printf "%s|%s|%s|%s" "$GREETING" "$_FSEC_DB_PASSWORD" "$(cat /etc/flyte/secrets/db/password)" "$TOKEN_VAR" > /var/outputs/seen; test ! -e /etc/flyte/secrets/api',
      {
        name: "secrets",
        environment: { GREETING: "hello" },
        secretRequests: [
          new Secret({ group: "db", key: "password" }),
          new Secret({
            group: "api",
            key: "token",
            mountRequirement: SecretMountType.ENV_VAR,
            envVar: "TOKEN_VAR",
          }),
        ],
        outputs: { seen: t.string },
      },
    );
    const outputs = await run(task, {}, { _FSEC_DB_PASSWORD: "s3cret", _FSEC_API_TOKEN: "tok" });
    expect(outputs.seen).toBe("hello|s3cret|s3cret|tok");
  });

  test("a secret missing on this machine fails before the container starts", async () => {
    const task = shTask("true", {
      name: "nosecret",
      secretRequests: [new Secret({ group: "db", key: "password" })],
    });
    const error = await failure(run(task));
    expect(error.reason).toBe("secret");
    expect(error.message).toContain("secret db/password not found");
  });

  test("the memory limit is enforced", async () => {
    const task = shTask("x=$(head -c 67108864 /dev/zero | tr '\\0' a); echo $x | wc -c", {
      name: "hungry",
      limits: { mem: "16Mi" },
    });
    const error = await failure(run(task));
    expect(error.reason).toBe("exit");
    expect(error.exitCode).toBe(137);
    expect(error.message).toContain("out of memory");
  });

  test("the task's timeout kills the container", async () => {
    const task = shTask("echo started; sleep 30", { name: "slow", metadata: { timeout: 1 } });
    const started = Date.now();
    const error = await failure(run(task));
    expect(error.reason).toBe("timeout");
    expect(error.message).toContain("timed out after 1s");
    expect(error.message).toContain("started");
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  test("a non-zero exit fails with the code and the last log lines", async () => {
    const error = await failure(
      run(shTask("echo working; sleep 0.3; echo oops >&2; exit 3", { name: "fails" })),
    );
    expect(error.reason).toBe("exit");
    expect(error.exitCode).toBe(3);
    expect(error.message).toContain(
      "container task fails: the container exited with code 3\nlast lines of its output:\n  working\n  oops",
    );
  });

  test("a missing output fails naming it", async () => {
    const error = await failure(run(shTask("true", { name: "lazy", outputs: { result: t.int } })));
    expect(error.reason).toBe("output");
    expect(error.message).toContain("output result: the container wrote no file result");
  });

  test("output text that does not read as its type fails naming it", async () => {
    const error = await failure(
      run(shTask("echo abc > /var/outputs/n", { name: "badtext", outputs: { n: t.int } })),
    );
    expect(error.reason).toBe("output");
    expect(error.message).toContain('output n: failed to parse an integer value from "abc"');
  });

  test("_ERROR in the output folder fails with its text", async () => {
    const error = await failure(
      run(shTask("echo 'bad input' > /var/outputs/_ERROR", { name: "reports", outputs: { n: t.int } })),
    );
    expect(error.reason).toBe("reported");
    expect(error.message).toContain("User Error: bad input");
  });

  test("an unknown input in a placeholder fails before anything runs", async () => {
    const task = shTask("echo {{.inputs.nope}}", { name: "typo", inputs: { x: t.int } });
    const error = await run(task, { x: 1 }).catch((e: unknown) => e);
    expect((error as ExecutionFailure).cause).toBeInstanceOf(PlaceholderError);
    expect((error as Error).message).toContain("requested input is not found [nope]");
  });

  test("logs stream line by line when asked (localLogs or the logs option)", async () => {
    const lines: string[] = [];
    const task = shTask("echo one; echo two; printf three", { name: "chatty" });
    await localExecute(
      task,
      {},
      { env: {}, container: { network: "none", logs: (line) => lines.push(line) } },
    );
    expect(lines).toEqual(["one", "two", "three"]);
  });

  test("an image that is neither local nor pullable fails naming it", async () => {
    const task = shTask("true", { name: "absent", image: "flytekit-ts-test/absent:1" });
    const error = await run(task).catch((e: unknown) => e);
    expect((error as ExecutionFailure).cause).toBeInstanceOf(ImageNotFoundError);
    expect((error as Error).message).toContain(
      "image flytekit-ts-test/absent:1 is not in the local Docker engine and could not be pulled",
    );
  }, 60_000);

  test("no container and no temporary folder is left behind", async () => {
    expect(await leftovers()).toEqual({ containers: 0, folders: [] });
  });
});
