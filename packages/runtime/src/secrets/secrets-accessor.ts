import { readFileSync } from "node:fs";
import { join } from "node:path";
import { redactSecrets, rememberSecret, rememberSecretsOf } from "./redaction.js";

/** The prefix of the environment variables Flyte's secret webhook sets, unless `FLYTE_SECRETS_ENV_PREFIX` says otherwise. */
export const DEFAULT_SECRETS_ENV_PREFIX = "_FSEC_";
/** Where Flyte mounts secret files, unless `FLYTE_SECRETS_DEFAULT_DIR` says otherwise. */
export const DEFAULT_SECRETS_DIR = "/etc/flyte/secrets";

/**
 * Reads the secrets a task requested, as flytekit's SecretsManager does on a cluster: the
 * environment variable `<prefix><GROUP>_<KEY>` (upper-cased; the prefix is `FLYTE_SECRETS_ENV_PREFIX`,
 * default `_FSEC_`), else the file `<dir>/<group>/<file prefix><key>` (lower-cased; `dir` is
 * `FLYTE_SECRETS_DEFAULT_DIR`, default `/etc/flyte/secrets`, the file prefix
 * `FLYTE_SECRETS_FILE_PREFIX`, default none), its content stripped of surrounding whitespace as
 * flytekit strips it. Every value read, and every value of a secret variable, is remembered so it is
 * scrubbed from logs and error documents ({@link redactSecrets}).
 */
export class SecretsAccessor {
  readonly #env: NodeJS.ProcessEnv;

  constructor(env: NodeJS.ProcessEnv = process.env) {
    this.#env = env;
    rememberSecretsOf(env, this.#prefix);
  }

  get #prefix(): string {
    return this.#env.FLYTE_SECRETS_ENV_PREFIX ?? DEFAULT_SECRETS_ENV_PREFIX;
  }

  /** The environment variable secret `group`/`key` is read from. */
  envVarName(group: string, key = ""): string {
    return `${this.#prefix}${group}${key === "" ? "" : `_${key}`}`.toUpperCase();
  }

  /** The secret `group`/`key`. @throws Error naming where it looked when it is not there. */
  get(group: string, key = ""): string {
    const envName = this.envVarName(group, key);
    const fromEnv = this.#env[envName];
    if (fromEnv !== undefined) return this.#remember(fromEnv);
    const dir = this.#env.FLYTE_SECRETS_DEFAULT_DIR ?? DEFAULT_SECRETS_DIR;
    const file = join(
      dir,
      group.toLowerCase(),
      `${this.#env.FLYTE_SECRETS_FILE_PREFIX ?? ""}${key.toLowerCase()}`,
    );
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      throw new Error(
        `secret ${group}/${key} not found: no environment variable ${envName} and no file ${file}`,
      );
    }
    // Remember the file's content as it is, too: a task may print the unstripped text.
    rememberSecret(text);
    return this.#remember(text.trim());
  }

  /** `text` with every secret value seen in this process replaced by `***`. */
  redact(text: string): string {
    return redactSecrets(text);
  }

  #remember(value: string): string {
    rememberSecret(value);
    return value;
  }
}
