import { readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Reads the secrets a task requested, as flytekit does on a cluster: the environment variable
 * `_FSEC_<GROUP>_<KEY>` (upper-cased), else the file `<dir>/<group>/<key>` mounted by Flyte
 * (`/etc/flyte/secrets` unless `FLYTE_SECRETS_DEFAULT_DIR` says otherwise). Every value read is
 * remembered so it can be scrubbed from logs and error documents.
 */
export class SecretsAccessor {
  readonly #read = new Set<string>();
  readonly #env: NodeJS.ProcessEnv;

  constructor(env: NodeJS.ProcessEnv = process.env) {
    this.#env = env;
    for (const [name, value] of Object.entries(env))
      if (name.startsWith("_FSEC_") && value) this.#read.add(value);
  }

  /** The secret `group`/`key`. @throws Error naming where it looked when it is not there. */
  get(group: string, key = ""): string {
    const envName = `_FSEC_${group}${key === "" ? "" : `_${key}`}`.toUpperCase();
    const fromEnv = this.#env[envName];
    if (fromEnv !== undefined) return this.#remember(fromEnv);
    const dir = this.#env.FLYTE_SECRETS_DEFAULT_DIR ?? "/etc/flyte/secrets";
    const file = join(dir, group.toLowerCase(), key.toLowerCase());
    try {
      return this.#remember(readFileSync(file, "utf8").replace(/\n$/, ""));
    } catch {
      throw new Error(
        `secret ${group}/${key} not found: no environment variable ${envName} and no file ${file}`,
      );
    }
  }

  /** `text` with every secret value seen replaced by `***`. */
  redact(text: string): string {
    let out = text;
    for (const value of this.#read) if (value.length >= 3) out = out.split(value).join("***");
    return out;
  }

  #remember(value: string): string {
    this.#read.add(value);
    return value;
  }
}
