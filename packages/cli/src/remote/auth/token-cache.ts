import { chmod, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join } from "node:path";

/** A token as the OAuth2 server gave it, with when it stops being good. */
export interface CachedToken {
  readonly accessToken: string;
  readonly refreshToken?: string;
  /** Milliseconds since the epoch; `undefined` when the server did not say. */
  readonly expiresAt?: number;
}

/** `$XDG_CACHE_HOME/flytekit-ts/tokens.json` (else `~/.cache/...`): tokens, readable by the user only. */
export function tokenCacheFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "flytekit-ts", "tokens.json");
}

/** Tokens cached on disk between commands, by endpoint, client and flow. Never printed. */
export class TokenCache {
  constructor(readonly file: string = tokenCacheFile()) {}

  async read(key: string): Promise<CachedToken | undefined> {
    const all = await this.#all();
    return all[key];
  }

  async write(key: string, token: CachedToken | undefined): Promise<void> {
    const all = await this.#all();
    if (token === undefined) delete all[key];
    else all[key] = token;
    await mkdir(dirname(this.file), { recursive: true, mode: 0o700 });
    const partial = `${this.file}.${process.pid}.partial`;
    await writeFile(partial, JSON.stringify(all), { mode: 0o600 });
    await chmod(partial, 0o600);
    await rename(partial, this.file);
  }

  async #all(): Promise<Record<string, CachedToken>> {
    try {
      return JSON.parse(await readFile(this.file, "utf8")) as Record<string, CachedToken>;
    } catch {
      return {};
    }
  }
}

/** Whether `token` is good for another minute at least. */
export function fresh(token: CachedToken | undefined, now = Date.now()): token is CachedToken {
  return token !== undefined && (token.expiresAt === undefined || token.expiresAt - 60_000 > now);
}
