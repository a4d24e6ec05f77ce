import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ContainerTask,
  type ContainerTaskOptions,
  Secret,
  SecretMountType,
  SerializationSettings,
  serializeTask,
  t,
} from "@flytekit-ts/core";
import { create, LiteralMapSchema } from "@flytekit-ts/core/idl";
import { beforeAll, describe, expect, test } from "vitest";
import { ExecutionFailure } from "../../core/src/index.js";
import { LocalFileAccess } from "../../runtime/src/files/local-file-access.js";
import { readRegularFile, UnreadableFileError } from "../../runtime/src/files/regular-files.js";
import { rememberSecret } from "../../runtime/src/secrets/redaction.js";
import { SecretsAccessor } from "../../runtime/src/secrets/secrets-accessor.js";
import { createCliLogger } from "../src/command-line/logger.js";
import { ContainerTaskError } from "../src/containers/container-task-error.js";
import { runTemplateInContainer } from "../src/containers/run-in-container.js";
import { localExecute } from "../src/execution/local-execute.js";
import { busyboxImage } from "./support/docker-images.js";

/** What a container's output folder may hold is the container's choice: none of it reaches the host. */

let image = "";
beforeAll(async () => {
  image = await busyboxImage();
}, 120_000);

const shTask = (script: string, options: Partial<ContainerTaskOptions> = {}) =>
  new ContainerTask({
    name: options.name ?? "hostile",
    image,
    command: ["sh", "-c"],
    arguments: [script],
    inputDataDir: "/var/inputs",
    outputDataDir: "/var/outputs",
    ...options,
  });

async function failure(task: ContainerTask): Promise<ContainerTaskError> {
  const started = Date.now();
  const error = await localExecute(task, {}, { env: {}, container: { network: "none" } }).then(
    () => undefined,
    (e: unknown) => e,
  );
  // A FIFO must fail at once, not when a test times out.
  expect(Date.now() - started).toBeLessThan(20_000);
  expect(error).toBeInstanceOf(ExecutionFailure);
  const cause = (error as ExecutionFailure).cause;
  expect(cause).toBeInstanceOf(ContainerTaskError);
  return cause as ContainerTaskError;
}

describe("a local ContainerTask's output folder is read without following links", () => {
  test("a primitive output linked to a host file is refused, not read", async () => {
    const error = await failure(shTask("ln -s /etc/passwd /var/outputs/out", { outputs: { out: t.string } }));
    expect(error.reason).toBe("output");
    expect(error.message).toContain("output out: out is a symbolic link");
    expect(error.message).not.toContain("root:");
  });

  test("a link to /proc/self/environ (size 0) is refused too", async () => {
    const error = await failure(
      shTask("ln -s /proc/self/environ /var/outputs/out", { outputs: { out: t.string } }),
    );
    expect(error.message).toContain("is a symbolic link");
    expect(error.message).not.toContain("PATH=");
  });

  test("_ERROR as a link is refused, its target never read", async () => {
    const error = await failure(shTask("ln -s /etc/passwd /var/outputs/_ERROR", { outputs: { n: t.int } }));
    expect(error.reason).toBe("reported");
    expect(error.message).toContain("error file is a symbolic link");
    expect(error.message).not.toContain("root:");
  });

  test("a FIFO as an output or as _ERROR fails at once instead of hanging", async () => {
    const output = await failure(shTask("mkfifo /var/outputs/out", { outputs: { out: t.string } }));
    expect(output.message).toContain("out is a FIFO, not a regular file");
    const reported = await failure(shTask("mkfifo /var/outputs/_ERROR", { outputs: { n: t.int } }));
    expect(reported.message).toContain("error file is a FIFO, not a regular file");
  });

  test("a file output that is a link, or a folder output holding one, is refused", async () => {
    const file = await failure(shTask("ln -s /etc/passwd /var/outputs/doc", { outputs: { doc: t.file() } }));
    expect(file.message).toContain("output doc: doc is a symbolic link");
    const folder = await failure(
      shTask(
        "mkdir -p /var/outputs/dir/sub && echo ok > /var/outputs/dir/a && ln -s /etc /var/outputs/dir/sub/etc",
        {
          outputs: { dir: t.directory() },
        },
      ),
    );
    expect(folder.message).toContain("output dir: dir/sub/etc is a symbolic link");
  });
});

describe("a template run reads outputs.pb and its blobs without following links", () => {
  test("outputs.pb as a link to a host file is refused", async () => {
    const task = shTask("ln -s /etc/passwd /var/flyte/run/outputs/outputs.pb", { name: "linked-doc" });
    const template = serializeTask(task, SerializationSettings.forImage(image, "v1")).template;
    if (template === undefined) throw new Error("no template");
    const error = await runTemplateInContainer(template, create(LiteralMapSchema), { network: "none" }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ContainerTaskError);
    expect((error as Error).message).toContain("outputs.pb is a symbolic link");
  });
});

describe("local reads refuse what is not a regular file", () => {
  test("a FIFO, a device and a folder are refused at once; a link is followed unless refused", async () => {
    const dir = await mkdtemp(join(tmpdir(), "regular-files-"));
    const fifo = join(dir, "fifo");
    execFileSync("mkfifo", [fifo]);
    const store = new LocalFileAccess();
    await expect(store.read(fifo)).rejects.toThrow("is a FIFO, not a regular file");
    await expect(store.read("/dev/zero")).rejects.toThrow("is a device or other special file");
    await expect(store.read(dir)).rejects.toThrow("is a directory, not a regular file");
    await writeFile(join(dir, "real"), "data");
    await symlink(join(dir, "real"), join(dir, "link"));
    expect(Buffer.from(await store.read(join(dir, "link"))).toString()).toBe("data");
    await expect(readRegularFile(join(dir, "link"), { noFollow: true })).rejects.toBeInstanceOf(
      UnreadableFileError,
    );
    await expect(readRegularFile(join(dir, "real"), { maxBytes: 2 })).rejects.toThrow(
      "is 4 bytes, more than the 2 accepted",
    );
  });
});

describe("secrets never leave a local container run", () => {
  const pem = "-----BEGIN KEY-----\nAAAAB3NzaC1yc2EAAAADAQABAAABAQ\n-----END KEY-----";

  test("log lines, the log tail and _ERROR are redacted, a multi-line secret line by line", async () => {
    const task = shTask('echo "$_FSEC_TLS_KEY"; echo "key=$_FSEC_TLS_KEY" > /var/outputs/_ERROR', {
      name: "talkative",
      secretRequests: [new Secret({ group: "tls", key: "key", mountRequirement: SecretMountType.ENV_VAR })],
      outputs: { n: t.int },
    });
    const lines: string[] = [];
    const error = await localExecute(
      task,
      {},
      { env: { _FSEC_TLS_KEY: pem }, container: { network: "none", logs: (line) => lines.push(line) } },
    ).catch((e: unknown) => e as Error);
    expect(lines.length).toBeGreaterThan(0);
    for (const text of [lines.join("\n"), (error as Error).message]) {
      for (const line of pem.split("\n")) expect(text).not.toContain(line);
    }
    expect((error as Error).message).toContain("key=***");
  });
});

describe("secrets are read as flytekit reads them", () => {
  test("a file secret is stripped of surrounding whitespace; FLYTE_SECRETS_ENV_PREFIX renames the variables", async () => {
    const dir = await mkdtemp(join(tmpdir(), "secrets-"));
    await mkdir(join(dir, "db"));
    await writeFile(join(dir, "db", "password"), "  pa55word \r\n");
    const fromFile = new SecretsAccessor({ FLYTE_SECRETS_DEFAULT_DIR: dir });
    expect(fromFile.get("db", "password")).toBe("pa55word");
    expect(fromFile.redact("said pa55word")).toBe("said ***");
    const prefixed = new SecretsAccessor({ FLYTE_SECRETS_ENV_PREFIX: "MY_", MY_DB_PASSWORD: "from-env" });
    expect(prefixed.get("db", "password")).toBe("from-env");
    expect(prefixed.envVarName("db", "password")).toBe("MY_DB_PASSWORD");
  });
});

describe("the CLI prints no secret", () => {
  test("everything the CLI logger writes is redacted, whatever the level", async () => {
    const written: string[] = [];
    const stream = Object.assign(Object.create(process.stderr) as NodeJS.WriteStream, {
      isTTY: false,
      write: (chunk: string) => {
        written.push(String(chunk));
        return true;
      },
    });
    rememberSecret("cli-secret-value\nsecond-line-of-it");
    const logger = await createCliLogger({ verbose: true, stream });
    logger.console.error(new Error("failed with cli-secret-value"));
    logger.console.info("line: second-line-of-it");
    const text = written.join("");
    expect(text).toContain("failed with ***");
    expect(text).not.toContain("cli-secret-value");
    expect(text).not.toContain("second-line-of-it");
  });
});
