import { execFile, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fromBinary } from "@bufbuild/protobuf";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { TaskSpecSchema } from "../../core/src/idl.js";
import { loadRemoteConfig } from "../src/remote/remote-config.js";
import { type AdminStandIn, startAdminStandIn } from "./support/admin-stand-in.js";
import { cli, cliDir, copyCliProject } from "./support/cli.js";

const made: string[] = [];
const tmp = (dir: string) => {
  made.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** `tsflyte` in `cwd`, asynchronously (the stand-in serves from this process). */
function tsflyte(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  return new Promise<{ status: number; stdout: string; stderr: string }>((resolve) =>
    execFile(
      process.execPath,
      [cli, ...args],
      { cwd, env: { PATH: process.env.PATH, ...env }, encoding: "utf8", timeout: 120_000 },
      (error, stdout, stderr) =>
        resolve({
          status: error === null ? 0 : typeof error.code === "number" ? error.code : 1,
          stdout,
          stderr,
        }),
    ),
  );
}

/** A copy of the CLI fixture project whose config.yaml points at `admin`, with a home and cache of its own. */
function projectFor(admin: AdminStandIn, auth = "") {
  const project = tmp(copyCliProject());
  writeFileSync(
    join(project, "config.yaml"),
    `admin:\n  endpoint: dns:///${admin.endpoint}\n  insecure: true\n${auth}`,
  );
  const home = tmp(mkdtempSync(join(cliDir, "test", "fixtures", ".tmp-home-")));
  const env = { HOME: home, XDG_CACHE_HOME: join(home, ".cache") };
  return { project, env, dest: join(project, "image-root") };
}

describe("flytectl's configuration", () => {
  const dir = tmp(mkdtempSync(join(cliDir, "test", "fixtures", ".tmp-config-")));
  test("admin.endpoint (dns:/// stripped), insecure, authType and its settings; FLYTE_* variables win", () => {
    const file = join(dir, "config.yaml");
    writeFileSync(
      file,
      "admin:\n  endpoint: dns:///flyte.example.com:443\n  authType: ClientSecret\n  clientId: ci\n  clientSecretLocation: /etc/secret\n  scopes: [all]\nproject: p1\ndomain: staging\n",
    );
    const config = loadRemoteConfig(file, {});
    expect(config).toMatchObject({
      endpoint: "flyte.example.com:443",
      insecure: false,
      authType: "ClientSecret",
      clientId: "ci",
      clientSecretLocation: "/etc/secret",
      scopes: ["all"],
      project: "p1",
      domain: "staging",
    });
    const overridden = loadRemoteConfig(file, {
      FLYTE_PLATFORM_URL: "localhost:30080",
      FLYTE_PLATFORM_INSECURE: "true",
      FLYTE_CREDENTIALS_AUTH_MODE: "Pkce",
    });
    expect(overridden).toMatchObject({ endpoint: "localhost:30080", insecure: true, authType: "Pkce" });
  });

  test("no endpoint, or an unknown authType: one line saying what to set", () => {
    const empty = join(dir, "empty.yaml");
    writeFileSync(empty, "admin: {}\n");
    expect(() => loadRemoteConfig(empty, {})).toThrow(/no FlyteAdmin endpoint: set admin.endpoint/);
    const bad = join(dir, "bad.yaml");
    writeFileSync(bad, "admin:\n  endpoint: x:1\n  authType: Magic\n");
    expect(() => loadRemoteConfig(bad, {})).toThrow(/authType "Magic" is not one of/);
  });
});

describe("tsflyte register against a FlyteAdmin stand-in", () => {
  let admin: AdminStandIn;
  beforeAll(async () => {
    admin = await startAdminStandIn();
  });
  afterAll(() => admin?.close());

  test("fast by default: one bundle upload, every entity created with complete ids, a content version, the bundle's URL in the args; a table", async () => {
    const { project, env, dest } = projectFor(admin);
    const run = await tsflyte(
      ["register", "-m", "one", "-m", "flows", "-p", "acme", "-d", "dev", "--destination-dir", dest],
      project,
      env,
    );
    expect(run.stderr).toContain("Registered");
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^NAME\s+TYPE\s+VERSION\s+STATUS$/);
    expect(run.stdout).toMatch(/one\.solo\s+task\s+\S+\s+registered/);
    expect(run.stdout).toMatch(/flows\.pipeline\.pipeline\s+workflow/);
    expect(run.stdout).toMatch(/flows\.pipeline\.pipeline\s+launch plan/);
    expect(run.stdout).toMatch(/flows\.with_ten\s+launch plan/);
    expect(admin.uploads).toHaveLength(1);
    expect(admin.uploads[0]?.key).toMatch(/^acme\/dev\/[0-9a-f]{32}\/fast[0-9a-f]{32}\.tar\.gz$/);
    const version = /one\.solo\s+task\s+(\S+)/.exec(run.stdout)?.[1] as string;
    const solo = admin.registered.get(`task:acme/dev/one.solo/${version}`) as Uint8Array;
    expect(solo).toBeDefined();
    const args = (() => {
      const target = fromBinary(TaskSpecSchema, solo).template?.target;
      return target?.case === "container" ? target.value.args : [];
    })();
    expect(args.slice(0, 6)).toEqual([
      "tsflyte-fast-execute",
      "--additional-distribution",
      expect.stringMatching(/^file:\/\/.*fast[0-9a-f]{32}\.tar\.gz$/),
      "--dest-dir",
      dest,
      "--",
    ]);
    expect(args.join(" ")).not.toContain("{{ .");
    // Creates in order: the upload location first, tasks before the workflows that use them.
    const creates = admin.calls.filter((call) => call.includes("Create"));
    expect(creates[0]).toBe("DataProxyService/CreateUploadLocation");
    // Tasks before the workflows that use them: the stand-in refuses a workflow whose tasks are not registered.
    expect(creates.filter((call) => call === "AdminService/CreateWorkflow")).toHaveLength(2);

    // Again, unchanged: the same version, everything already registered, success.
    const again = await tsflyte(
      ["register", "-m", "one", "-m", "flows", "-p", "acme", "-d", "dev", "--destination-dir", dest],
      project,
      env,
    );
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toContain(version);
    const rows = again.stdout.trim().split("\n").slice(1);
    expect(rows.length).toBeGreaterThan(5);
    for (const row of rows) expect(row).toMatch(/already registered$/);
    expect(again.stderr).toMatch(/already registered/);

    // A one-line change: a new version, one new bundle upload and nothing else uploaded.
    const uploadsBefore = admin.uploads.length;
    const file = join(project, "dist", "one.js");
    writeFileSync(file, `${readFileSync(file, "utf8")}\n// a change\n`);
    const changed = await tsflyte(
      ["register", "-m", "one", "-m", "flows", "-p", "acme", "-d", "dev", "--destination-dir", dest],
      project,
      env,
    );
    expect(changed.status, changed.stderr).toBe(0);
    expect(changed.stdout).not.toContain(version);
    expect(admin.uploads.length - uploadsBefore).toBe(1);
  });

  test("the same version with other content: an error naming the entity; --non-fast uploads nothing", async () => {
    const { project, env } = projectFor(admin);
    const before = admin.uploads.length;
    const first = await tsflyte(
      ["register", "-m", "one", "-p", "acme", "-d", "dev", "--version", "v1", "--non-fast"],
      project,
      env,
    );
    expect(first.status, first.stderr).toBe(0);
    expect(admin.uploads.length).toBe(before);
    const file = join(project, "dist", "one.js");
    writeFileSync(file, readFileSync(file, "utf8").replace("n + 1", "n + 2"));
    const uploads = admin.uploads.length;
    const second = await tsflyte(
      ["register", "-m", "one", "-p", "acme", "-d", "dev", "--version", "v1"],
      project,
      env,
    );
    expect(second.status).toBe(1);
    expect(second.stderr).toContain(
      "task one.solo (version v1) was refused: task with different structure already exists",
    );
    expect(second.stderr.trim().split("\n")).toHaveLength(1);
    expect(admin.uploads.length).toBe(uploads + 1);
  });

  test("run --remote on a terminal: a progress line rewritten in place with the execution's phase", async () => {
    const { project, env, dest } = projectFor(admin);
    const command = [
      process.execPath,
      cli,
      "run",
      "--remote",
      "-p",
      "acme",
      "-d",
      "dev",
      "--destination-dir",
      dest,
      "one",
      "solo",
      "--n",
      "1",
    ]
      .map((part) => `'${part}'`)
      .join(" ");
    // script(1) gives the command a terminal, as a user's shell would.
    const run = await new Promise<{ status: number; output: string }>((resolve) =>
      execFile(
        "script",
        ["-qec", command, "/dev/null"],
        {
          cwd: project,
          env: { PATH: process.env.PATH, TERM: "xterm", ...env },
          encoding: "utf8",
          timeout: 120_000,
        },
        (error, stdout) => resolve({ status: error === null ? 0 : 1, output: stdout }),
      ),
    );
    expect(run.status, run.output).toBe(0);
    expect(run.output).toMatch(/\rone\.solo: (QUEUED|RUNNING|SUCCEEDED) \(\d+s\)/);
    expect(run.output).toContain("one.solo: SUCCEEDED");
    expect(run.output).toContain('"o0": 2');
  });

  test("run --remote: registers, starts the task, follows it, prints its outputs; the stand-in ran it from the uploaded bundle", async () => {
    const { project, env, dest } = projectFor(admin);
    const remote = ["--remote", "-p", "acme", "-d", "dev", "--destination-dir", dest];
    const run = await tsflyte(["run", ...remote, "one", "solo", "--n", "41"], project, env);
    expect(run.stderr).toMatch(
      /Execution a[0-9a-f]{19}: http:\/\/127\.0\.0\.1:\d+\/console\/projects\/acme\/domains\/dev\/executions\/a[0-9a-f]{19}/,
    );
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ o0: 42 });
    const failing = await tsflyte(["run", ...remote, "src/ten/basics.ts", "fails", "--x", "5"], project, env);
    expect(failing.status).toBe(1);
    expect(failing.stderr).toMatch(/execution a[0-9a-f]{19} ended FAILED: USER:RuntimeError/);
    expect(failing.stderr).toContain("boom 5");
    const queued = await tsflyte(
      [
        "run",
        "--remote",
        "--wait=false",
        "-p",
        "acme",
        "-d",
        "dev",
        "flows.pipeline",
        "pipeline",
        "--a",
        "1",
      ],
      project,
      env,
    );
    expect(queued.status, queued.stderr).toBe(0);
    expect(JSON.parse(queued.stdout)).toMatchObject({
      execution: expect.stringMatching(/^a[0-9a-f]{19}$/),
      url: expect.stringContaining("/executions/"),
    });
  });
});

describe("authentication", () => {
  let admin: AdminStandIn;
  beforeAll(async () => {
    admin = await startAdminStandIn({ clientCredentials: { clientId: "ci", secret: "s3cr3t-value" } });
  });
  afterAll(() => admin?.close());
  afterEach(() => undefined);

  test("ClientSecret: the token endpoint discovered from the server, the token cached between commands and renewed when refused", async () => {
    const { project, env } = projectFor(
      admin,
      "  authType: ClientSecret\n  clientId: ci\n  clientSecretEnvVar: CI_SECRET\n",
    );
    const withSecret = { ...env, CI_SECRET: "s3cr3t-value" };
    const first = await tsflyte(["register", "-m", "one", "--non-fast"], project, withSecret);
    expect(first.status, first.stderr).toBe(0);
    expect(admin.tokensIssued).toBe(1);
    const cached = await tsflyte(["register", "-m", "one", "--non-fast"], project, withSecret);
    expect(cached.status, cached.stderr).toBe(0);
    expect(admin.tokensIssued).toBe(1);
    admin.expireTokens();
    const renewed = await tsflyte(["register", "-m", "one", "--non-fast"], project, withSecret);
    expect(renewed.status, renewed.stderr).toBe(0);
    expect(admin.tokensIssued).toBe(2);
    const cache = readFileSync(join(env.XDG_CACHE_HOME, "flytekit-ts", "tokens.json"));
    expect(cache.toString()).not.toContain("s3cr3t-value");
  });

  test("a wrong secret, no credentials, a server that does not answer: one line each, the secret never printed", async () => {
    const { project, env } = projectFor(
      admin,
      "  authType: ClientSecret\n  clientId: ci\n  clientSecretEnvVar: CI_SECRET\n",
    );
    const wrong = await tsflyte(["register", "-m", "one", "--non-fast"], project, {
      ...env,
      CI_SECRET: "wrong-secret-value",
    });
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain(
      "the client-credentials grant for ci failed: invalid_client (bad client credentials)",
    );
    expect(wrong.stderr).not.toContain("wrong-secret-value");
    expect(wrong.stderr.trim().split("\n")).toHaveLength(1);
    const none = await tsflyte(["register", "-m", "one", "--non-fast"], project, env);
    expect(none.status).toBe(1);
    expect(none.stderr).toContain("the client secret's variable CI_SECRET is not set");
    const anonymous = projectFor(admin);
    const refused = await tsflyte(["register", "-m", "one", "--non-fast"], anonymous.project, anonymous.env);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/refused the credentials/);
    writeFileSync(
      join(anonymous.project, "config.yaml"),
      "admin:\n  endpoint: dns:///127.0.0.1:1\n  insecure: true\n",
    );
    const down = await tsflyte(["register", "-m", "one", "--non-fast"], anonymous.project, anonymous.env);
    expect(down.status).toBe(1);
    expect(down.stderr).toMatch(/FlyteAdmin at 127\.0\.0\.1:1 does not answer/);
  });
});

describe("signing in as a user", () => {
  let admin: AdminStandIn;
  beforeAll(async () => {
    admin = await startAdminStandIn({ users: { staticToken: "static-token-from-a-command" } });
  });
  afterAll(() => admin?.close());

  test("DeviceFlow: says where to go and the code, polls until approved; later commands refresh the token instead of signing in again", async () => {
    const { project, env } = projectFor(admin, "  authType: DeviceFlow\n");
    const first = await tsflyte(["register", "-m", "one", "--non-fast"], project, env);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).toMatch(
      /To sign in, open http:\/\/127\.0\.0\.1:\d+\/device and enter the code WDJB-MJHT/,
    );
    const issued = admin.tokensIssued;
    admin.expireTokens();
    const refreshed = await tsflyte(["register", "-m", "one", "--non-fast"], project, env);
    expect(refreshed.status, refreshed.stderr).toBe(0);
    expect(refreshed.stderr).not.toContain("To sign in");
    expect(admin.tokensIssued).toBe(issued + 1);
  });

  test("Pkce: prints the authorization URL, receives the code on the redirect URI, exchanges it with the verifier", async () => {
    const { project, env } = projectFor(admin, "  authType: Pkce\n");
    const child = spawn(process.execPath, [cli, "register", "-m", "one", "--non-fast"], {
      cwd: project,
      env: { PATH: process.env.PATH, ...env },
    });
    let stderr = "";
    let browsed: Promise<Response> | undefined;
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      const url = /To sign in, open (\S+)/.exec(stderr)?.[1];
      // The user's browser: open the URL, follow the redirect back to the CLI.
      if (url !== undefined && browsed === undefined) browsed = fetch(url);
    });
    const status = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(status, stderr).toBe(0);
    const page = await (browsed as Promise<Response>);
    expect(await page.text()).toContain("Signed in");
    expect(stderr).toMatch(/code_challenge_method=S256/);
  });

  test("ExternalCommand: the token is what admin.command prints", async () => {
    const command = `  authType: ExternalCommand\n  command: ["${process.execPath}", "-e", "process.stdout.write('static-token-from-a-command')"]\n`;
    const { project, env } = projectFor(admin, command);
    const issued = admin.tokensIssued;
    const run = await tsflyte(["register", "-m", "one", "--non-fast"], project, env);
    expect(run.status, run.stderr).toBe(0);
    expect(admin.tokensIssued).toBe(issued);
    const failing = projectFor(
      admin,
      `  authType: ExternalCommand\n  command: ["${process.execPath}", "-e", "process.exit(3)"]\n`,
    );
    const refused = await tsflyte(["register", "-m", "one", "--non-fast"], failing.project, failing.env);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain("failed (exit 3)");
  });
});

describe("registration order and references", () => {
  test("a workflow whose task is not registered: FlyteAdmin's refusal names the task, in one line", async () => {
    const admin = await startAdminStandIn();
    try {
      const { project, env } = projectFor(admin);
      // Only the workflow's module's workflows: serialize, then drop the tasks before registering.
      const { serializeProject } = await import("../src/packaging/serialize-project.js");
      const { registerEntities } = await import("../src/remote/register-project.js");
      const { connectAdmin } = await import("../src/remote/admin-client.js");
      const { loadRemoteConfig } = await import("../src/remote/remote-config.js");
      const serialized = await serializeProject({
        projectRoot: project,
        modules: ["flows"],
        images: ["ghcr.io/acme/app:1.0"],
      });
      const withoutTasks = serialized.files.filter((file) => file.entity.kind !== "task");
      const remote = connectAdmin(loadRemoteConfig(join(project, "config.yaml"), env), {
        say: () => undefined,
      });
      await expect(
        registerEntities(remote, withoutTasks, { project: "acme", domain: "dev", version: "v1" }),
      ).rejects.toThrow(
        /workflow flows\.pipeline\.pipeline \(version v1\) was refused: task \[acme\/dev\/[\w.]+\/v1\] is not registered/,
      );
    } finally {
      await admin.close();
    }
  });
});

describe("TLS", () => {
  test("a server with its own CA: trusted through admin.caCertFilePath; without it, one line about the certificate", async () => {
    // A committed self-signed certificate (test only): no openssl needed on the machine.
    const key = join(cliDir, "test", "fixtures", "tls", "stand-in.key.pem");
    const cert = join(cliDir, "test", "fixtures", "tls", "stand-in.cert.pem");
    const admin = await startAdminStandIn({
      tls: { key: readFileSync(key, "utf8"), cert: readFileSync(cert, "utf8") },
    });
    try {
      const { project, env } = projectFor(admin);
      writeFileSync(
        join(project, "config.yaml"),
        `admin:\n  endpoint: dns:///${admin.endpoint}\n  caCertFilePath: ${cert}\n`,
      );
      const trusted = await tsflyte(["register", "-m", "one", "--non-fast"], project, env);
      expect(trusted.status, trusted.stderr).toBe(0);
      writeFileSync(join(project, "config.yaml"), `admin:\n  endpoint: dns:///${admin.endpoint}\n`);
      const untrusted = await tsflyte(["register", "-m", "one", "--non-fast"], project, env);
      expect(untrusted.status).toBe(1);
      expect(untrusted.stderr).toMatch(/certificate/i);
      expect(untrusted.stderr.trim().split("\n")).toHaveLength(1);
    } finally {
      await admin.close();
    }
  });
});
