/**
 * A task plugin in the style of flytekit's `SQLite3Task`: the task is a `CustomizedContainerTask`
 * whose container is the plugin's image, and whose logic, `SQLite3TaskExecutor`, runs inside it from
 * the serialized task template alone (`getCustom` holds the query and the database's location).
 * Nothing of the user's code is needed where it runs.
 */
import { readFile } from "node:fs/promises";
import { gunzipSync } from "node:zlib";
import {
  CustomizedContainerTask,
  FlyteError,
  type JsonObject,
  ShimTaskExecutor,
  type StructDescriptor,
  type TaskTemplate,
  type TypeDescriptor,
  t,
} from "@flytekit-ts/core";
import initSqlJs, { type SqlValue } from "sql.js";

/** Where the database comes from (flytekit's `SQLite3Config`). */
export interface SQLite3Config {
  /**
   * A SQLite database file: a path in the task's container (relative paths from its working
   * directory), a `file://` URL, or an `http(s)://` URL downloaded when the task runs.
   */
  uri: string;
  /** The file is gzip-compressed. @default false */
  compressed?: boolean;
}

/** Options of {@link SQLite3Task}. */
export interface SQLite3TaskOptions {
  /** The task's name. */
  name: string;
  /**
   * The query. `{{ .inputs.<name> }}` (spaces optional) stands for an input; unlike flytekit, which
   * pastes the input's text into the query, each one is bound as a SQL parameter, so no input can
   * change the query's meaning.
   */
  queryTemplate: string;
  /** The inputs the query uses. @default {} */
  inputs?: Readonly<Record<string, TypeDescriptor>>;
  /** One result row: a struct whose fields are the query's columns. The output `results` is a list of them. */
  rowType: StructDescriptor;
  /** The database. */
  taskConfig: SQLite3Config;
  /** The plugin's image: holds Node.js, flytekit-ts and this package. @default ghcr.io/flytekit-ts/sqlite:0.1.0 */
  image?: string;
}

/** The SQL query failed, or the database could not be read. */
export class SQLite3TaskError extends FlyteError {
  constructor(
    readonly taskName: string,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super("USER", `SQLite3 task ${taskName}: ${message}`, options);
  }
}

/** What `getCustom` writes and the executor reads (the keys flytekit's SQLite3Task writes). */
interface SQLite3Custom {
  query_template: string;
  uri: string;
  compressed: boolean;
}

const INPUT_PLACEHOLDER = /\{\{\s*\.inputs\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** The query with a `?` for each input placeholder, and the input names in order. */
export function parameterizeQuery(queryTemplate: string): { sql: string; names: string[] } {
  const names: string[] = [];
  const sql = queryTemplate.replace(INPUT_PLACEHOLDER, (_match, name: string) => {
    names.push(name);
    return "?";
  });
  return { sql, names };
}

function sqlValueOf(value: unknown): SqlValue {
  if (value === undefined || value === null) return null;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "number" || typeof value === "string" || value instanceof Uint8Array) return value;
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value);
}

async function readDatabase(config: SQLite3Custom, taskName: string): Promise<Uint8Array> {
  const where = config.uri;
  try {
    let bytes: Uint8Array;
    if (/^https?:\/\//.test(where)) {
      const response = await fetch(where);
      if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`);
      bytes = new Uint8Array(await response.arrayBuffer());
    } else {
      bytes = await readFile(where.startsWith("file://") ? new URL(where) : where);
    }
    return config.compressed ? gunzipSync(bytes) : bytes;
  } catch (error) {
    throw new SQLite3TaskError(taskName, `cannot read the database ${where}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/** Runs the query of a {@link SQLite3Task} from its template (flytekit's `SQLite3TaskExecutor`). */
export class SQLite3TaskExecutor extends ShimTaskExecutor {
  async executeFromModel(
    template: TaskTemplate,
    inputs: Readonly<Record<string, unknown>>,
  ): Promise<unknown> {
    const taskName = template.id?.name ?? "";
    const custom = template.custom as unknown as SQLite3Custom;
    const { sql, names } = parameterizeQuery(custom.query_template);
    const missing = names.filter((name) => !(name in inputs));
    if (missing.length > 0) {
      throw new SQLite3TaskError(
        taskName,
        `the query uses input(s) the task does not have: ${missing.join(", ")}`,
      );
    }
    const bytes = await readDatabase(custom, taskName);
    const SQL = await initSqlJs();
    const database = new SQL.Database(bytes);
    try {
      const statement = database.prepare(sql);
      try {
        statement.bind(names.map((name) => sqlValueOf(inputs[name])));
        const rows: Record<string, unknown>[] = [];
        while (statement.step()) {
          const row: Record<string, unknown> = {};
          for (const [column, value] of Object.entries(statement.getAsObject())) {
            if (value !== null) row[column] = value; // NULL: an absent (optional) field
          }
          rows.push(row);
        }
        return { results: rows };
      } finally {
        statement.free();
      }
    } catch (error) {
      if (error instanceof SQLite3TaskError) throw error;
      throw new SQLite3TaskError(taskName, `the query failed: ${(error as Error).message}`, { cause: error });
    } finally {
      database.close();
    }
  }
}

/**
 * Runs a SQL query over a SQLite database and returns its rows as `results`, a list of `rowType`
 * structs (flytekit returns a dataframe). Registers as task type `sqlite`.
 */
export class SQLite3Task extends CustomizedContainerTask<SQLite3Config> {
  readonly queryTemplate: string;

  constructor(options: SQLite3TaskOptions) {
    const inputs = options.inputs ?? {};
    const { names } = parameterizeQuery(options.queryTemplate);
    const unknown = names.filter((name) => !(name in inputs));
    if (unknown.length > 0) {
      throw new SQLite3TaskError(
        options.name,
        `the query uses {{ .inputs.${unknown[0]} }}, but the task's inputs are: ${Object.keys(inputs).join(", ") || "none"}`,
      );
    }
    super({
      name: options.name,
      image: options.image ?? "ghcr.io/flytekit-ts/sqlite:0.1.0",
      executorType: SQLite3TaskExecutor,
      taskType: "sqlite",
      taskConfig: options.taskConfig,
      inputs,
      outputs: { results: t.list(options.rowType) },
    });
    this.queryTemplate = options.queryTemplate;
  }

  override getCustom(): JsonObject {
    return {
      query_template: this.queryTemplate,
      uri: this.taskConfig.uri,
      compressed: this.taskConfig.compressed ?? false,
    } satisfies SQLite3Custom;
  }
}
