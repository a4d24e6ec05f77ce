// The plugin's executor sees only the task template: these tests run it that way, in process (as
// `localExecute` and `tsflyte run` do) and in a separate `tsflyte-execute` process given nothing but
// the serialized template and the inputs, as inside the plugin's container on a cluster.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ExecutionFailure, localExecute } from "@flytekit-ts/cli";
import { fromLiteralMap, SerializationSettings, serializeTask, t, toLiteralMap } from "@flytekit-ts/core";
import {
  ErrorDocumentSchema,
  fromBinary,
  LiteralMapSchema,
  TaskTemplateSchema,
  toBinary,
} from "@flytekit-ts/core/idl";
import { beforeAll, describe, expect, test } from "vitest";
import { makeDatabase } from "../src/make-database.js";
import { Customer, topCustomers } from "../src/shop.js";
import { parameterizeQuery, SQLite3Task, SQLite3TaskError } from "../src/sqlite3-task.js";

const example = fileURLToPath(new URL("..", import.meta.url));
const repoRoot = join(example, "..", "..");
const work = mkdtempSync(join(tmpdir(), "sqlite-example-"));
const database = join(work, "shop.db");
const settings = SerializationSettings.forImage("ghcr.io/flytekit-ts/sqlite:0.1.0", "v1");

const byCity = (uri: string, compressed = false) =>
  new SQLite3Task({
    name: "shop.by_city",
    queryTemplate: "SELECT name, city FROM customers WHERE city = {{.inputs.city}} ORDER BY name",
    inputs: { city: t.string },
    rowType: t.struct("Person", { name: t.string, city: t.optional(t.string) }),
    taskConfig: { uri, compressed },
  });

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

beforeAll(async () => {
  writeFileSync(database, await makeDatabase());
  writeFileSync(`${database}.gz`, await makeDatabase({ compressed: true }));
});

describe("SQLite3Task serializes as flytekit's SQLite3Task does", () => {
  test("task type sqlite; query and database in custom; the template resolver's args", () => {
    const template = serializeTask(topCustomers, settings).template;
    expect(template?.type).toBe("sqlite");
    expect(template?.custom).toEqual({
      query_template: topCustomers.queryTemplate,
      uri: "data/shop.db",
      compressed: false,
    });
    const container = template?.target.case === "container" ? template.target.value : undefined;
    expect(container?.image).toBe("ghcr.io/flytekit-ts/sqlite:0.1.0");
    expect(container?.args.slice(-3)).toEqual([
      "--",
      "{{.taskTemplatePath}}",
      "sqlite3-task:SQLite3TaskExecutor",
    ]);
    expect(Object.keys(template?.interface?.outputs?.variables ?? {})).toEqual(["results"]);
  });

  test("a placeholder naming no input is refused when the task is declared", () => {
    expect(
      () =>
        new SQLite3Task({
          name: "shop.bad",
          queryTemplate: "SELECT * FROM orders WHERE amount > {{ .inputs.minimum }}",
          rowType: Customer,
          taskConfig: { uri: database },
        }),
    ).toThrow(SQLite3TaskError);
  });

  test("placeholders become bound parameters, in order", () => {
    expect(parameterizeQuery("a = {{.inputs.x}} AND b = {{ .inputs.y }} OR c = {{.inputs.x}}")).toEqual({
      sql: "a = ? AND b = ? OR c = ?",
      names: ["x", "y", "x"],
    });
  });
});

describe("run locally from the template", () => {
  test("rows come back as typed structs; NULL is an absent optional field", async () => {
    const task = new SQLite3Task({
      name: "shop.top",
      queryTemplate: topCustomers.queryTemplate,
      inputs: { minimum: t.float },
      rowType: Customer,
      taskConfig: { uri: database },
    });
    expect(await localExecute(task, { minimum: 20 })).toEqual({
      results: [
        { name: "Ada", total: 42.5, orders: 2, city: "London" },
        { name: "Linus", total: 42, orders: 2 },
      ],
    });
  });

  test("a gzip-compressed database, and one fetched over HTTP", async () => {
    expect(await localExecute(byCity(`${database}.gz`, true), { city: "London" })).toEqual({
      results: [{ name: "Ada", city: "London" }],
    });
    const bytes = readFileSync(database);
    const server = createServer((request, response) => {
      if (request.url === "/shop.db") response.end(bytes);
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect(await localExecute(byCity(`${base}/shop.db`), { city: "Arlington" })).toEqual({
        results: [{ name: "Grace", city: "Arlington" }],
      });
      const missing = await failure(localExecute(byCity(`${base}/nope.db`), { city: "x" }));
      expect((missing as ExecutionFailure).cause).toBeInstanceOf(SQLite3TaskError);
      expect(String(missing)).toContain(`${base}/nope.db: HTTP 404`);
    } finally {
      server.close();
    }
  });

  test("an input cannot change the query's meaning", async () => {
    expect(await localExecute(byCity(database), { city: "x' OR '1'='1" })).toEqual({ results: [] });
  });

  test("a missing database and a failing query are SQLite3TaskErrors naming the task", async () => {
    const missing = await failure(localExecute(byCity(join(work, "nope.db")), { city: "London" }));
    expect(missing).toBeInstanceOf(ExecutionFailure);
    const cause = (missing as ExecutionFailure).cause as SQLite3TaskError;
    expect(cause).toBeInstanceOf(SQLite3TaskError);
    expect(cause.taskName).toBe("shop.by_city");
    expect(cause.message).toContain(`cannot read the database ${join(work, "nope.db")}`);

    const badQuery = new SQLite3Task({
      name: "shop.typo",
      queryTemplate: "SELECT name FROM customer",
      rowType: Customer,
      taskConfig: { uri: database },
    });
    const error = await failure(localExecute(badQuery, {}));
    expect(String((error as ExecutionFailure).cause)).toMatch(
      /shop\.typo: the query failed: no such table: customer/,
    );
  });

  test("a row that does not fit the row type fails converting the output", async () => {
    const wrong = new SQLite3Task({
      name: "shop.wrong",
      queryTemplate: "SELECT name, city AS total FROM customers",
      rowType: t.struct("Wrong", { name: t.string, total: t.float }),
      taskConfig: { uri: database },
    });
    const error = await failure(localExecute(wrong, {}));
    expect(error).toBeInstanceOf(ExecutionFailure);
    expect((error as ExecutionFailure).kind).toBe("conversion");
  });
});

describe("in tsflyte-execute, from the template alone", () => {
  beforeAll(() => {
    // What the plugin's image holds: the compiled package and its manifest.
    execFileSync(join(repoRoot, "node_modules", ".bin", "tspc"), ["-p", example], { stdio: "pipe" });
    execFileSync(join(repoRoot, "node_modules", ".bin", "tsflyte"), ["extract"], {
      cwd: example,
      stdio: "pipe",
    });
  }, 120_000);

  function execute(uri: string, city: string) {
    const dir = mkdtempSync(join(work, "run-"));
    const template = byCity(uri).serializeToModel(settings);
    writeFileSync(join(dir, "task.pb"), toBinary(TaskTemplateSchema, template));
    writeFileSync(
      join(dir, "inputs.pb"),
      toBinary(LiteralMapSchema, toLiteralMap(new Map([["city", t.string]]), { city })),
    );
    // The container's command, with the placeholders rendered as propeller renders them.
    const args = template.target.case === "container" ? template.target.value.args : [];
    const rendered = args.map((arg) =>
      arg
        .replace("{{.input}}", join(dir, "inputs.pb"))
        .replace("{{.outputPrefix}}", join(dir, "out"))
        .replace("{{.taskTemplatePath}}", join(dir, "task.pb"))
        .replace(/\{\{\.[A-Za-z]+\}\}/, ""),
    );
    const [command, ...rest] = rendered;
    expect(command).toBe("tsflyte-execute");
    const run = spawnSync(join(repoRoot, "node_modules", ".bin", "tsflyte-execute"), rest, {
      cwd: example,
      encoding: "utf8",
    });
    return { run, out: join(dir, "out") };
  }

  test("outputs.pb holds the rows", () => {
    const { run, out } = execute(database, "London");
    expect(run.stderr).toBe("");
    const outputs = fromBinary(LiteralMapSchema, readFileSync(join(out, "outputs.pb")));
    const types = new Map([
      ["results", t.list(t.struct("Person", { name: t.string, city: t.optional(t.string) }))],
    ]);
    expect(fromLiteralMap(types, outputs)).toEqual({ results: [{ name: "Ada", city: "London" }] });
  });

  test("error.pb names the task and the database when it cannot be read", () => {
    const { run, out } = execute(join(work, "gone.db"), "London");
    expect(run.status).toBe(0); // as pyflyte-execute: the error document is the result
    const error = fromBinary(ErrorDocumentSchema, readFileSync(join(out, "error.pb"))).error;
    expect(error?.message).toContain("SQLite3 task shop.by_city: cannot read the database");
    expect(error?.message).toContain("gone.db");
  });
});
