import { FlyteValidationError } from "../errors/flyte-error.js";
import { MANIFEST_FILE, MANIFEST_VERSION, type Manifest } from "./manifest.js";

/** A manifest that cannot be read: the message names the field and what was expected. */
function invalid(origin: string, path: string, expected: string): never {
  throw new FlyteValidationError(
    `${origin} is not a valid task manifest: ${path} should be ${expected}; rebuild the project or run \`tsflyte extract\``,
  );
}

type Check = (value: unknown, path: string) => void;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function checker(origin: string) {
  const string: Check = (value, path) => {
    if (typeof value !== "string") invalid(origin, path, "a string");
  };
  const optionalString: Check = (value, path) => {
    if (value !== undefined) string(value, path);
  };
  const line: Check = (value, path) => {
    if (typeof value !== "number" || !Number.isInteger(value) || value < 0)
      invalid(origin, path, "a line number");
  };
  const optionalLine: Check = (value, path) => {
    if (value !== undefined) line(value, path);
  };
  const oneOf =
    (...allowed: string[]): Check =>
    (value, path) => {
      if (typeof value !== "string" || !allowed.includes(value))
        invalid(origin, path, `one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}`);
    };
  const signature: Check = (value, path) => {
    if (value === undefined) return;
    if (!isRecord(value) || !Array.isArray(value.params) || !isRecord(value.returns))
      invalid(origin, path, "a signature ({ params: [...], returns: {...} })");
  };
  const object =
    (fields: Record<string, Check>): Check =>
    (value, path) => {
      if (!isRecord(value)) invalid(origin, path, "an object");
      for (const [name, check] of Object.entries(fields)) check(value[name], `${path}.${name}`);
    };
  const list =
    (item: Check): Check =>
    (value, path) => {
      if (!Array.isArray(value)) invalid(origin, path, "a list");
      for (const [i, entry] of value.entries()) item(entry, `${path}[${i}]`);
    };
  const hashes: Check = (value, path) => {
    if (!isRecord(value)) invalid(origin, path, "an object of file hashes");
    for (const [file, hash] of Object.entries(value)) string(hash, `${path}[${JSON.stringify(file)}]`);
  };
  return { string, optionalString, line, optionalLine, oneOf, signature, object, list, hashes };
}

/**
 * Reads a manifest's JSON text, checking every field the runtime relies on.
 * @param origin names the file in errors. @default "flyte.manifest.json"
 * @throws FlyteValidationError naming the first field that is missing or of the wrong kind, or a
 *   version newer than this package reads.
 */
export function parseManifest(text: string, origin: string = MANIFEST_FILE): Manifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new FlyteValidationError(
      `${origin} is not JSON (${(error as Error).message}): run \`tsflyte extract\``,
      {
        cause: error,
      },
    );
  }
  const c = checker(origin);
  if (!isRecord(json)) invalid(origin, "the manifest", "an object");
  if (typeof json.version !== "number") invalid(origin, "version", "a number");
  if (json.version > MANIFEST_VERSION) {
    throw new FlyteValidationError(
      `${origin} has version ${json.version}, newer than the ${MANIFEST_VERSION} this @flytekit-ts/core reads: update @flytekit-ts packages together`,
    );
  }
  const identity = { module: c.string, key: c.string, compiledFile: c.string };
  c.list(
    c.object({
      ...identity,
      name: c.optionalString,
      kind: c.oneOf("function", "method", "instance"),
      sourceFile: c.optionalString,
      line: c.optionalLine,
      signature: c.signature,
    }),
  )(json.tasks, "tasks");
  if (json.workflows !== undefined) {
    c.list(
      c.object({
        ...identity,
        name: c.optionalString,
        kind: c.oneOf("workflow", "launchPlan"),
        sourceFile: c.optionalString,
        line: c.optionalLine,
        signature: c.signature,
      }),
    )(json.workflows, "workflows");
  }
  c.list(c.object(identity))(json.exports, "exports");
  if (json.inputs !== undefined) {
    c.object({ sources: c.hashes, compiled: c.hashes, outDirs: c.list(c.string) })(json.inputs, "inputs");
  }
  return { ...(json as unknown as Manifest), workflows: (json.workflows ?? []) as Manifest["workflows"] };
}
