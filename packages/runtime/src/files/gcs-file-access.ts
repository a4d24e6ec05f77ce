import { createReadStream, createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { Readable } from "node:stream";
import { finished, pipeline } from "node:stream/promises";
import { setTimeout as sleep } from "node:timers/promises";
import type { Storage } from "@google-cloud/storage";
import { dynamicImport } from "../process/dynamic-import.js";
import { type FileAccess, FileNotFoundError } from "./file-access.js";
import { uploadsOf } from "./local-files.js";
import { timeoutMs } from "./network-timeouts.js";
import { MULTIPART_THRESHOLD, ObjectStoreError, parseBucketUri } from "./object-store-error.js";
import { importOptionalPeer } from "./optional-peer.js";

/** `gs://bucket/name` as its parts. */
export function parseGsUri(uri: string): { bucket: string; key: string } {
  return parseBucketUri(uri, "gs");
}

/** A client error as a clear one: missing objects are FileNotFoundError, refusals say "access denied". */
function translate(uri: string, error: unknown): Error {
  if (error instanceof ObjectStoreError || error instanceof FileNotFoundError) return error;
  const status = Number((error as { code?: unknown })?.code);
  if (status === 404) return new FileNotFoundError(uri, { cause: error });
  if (status === 401 || status === 403) {
    return new ObjectStoreError(uri, `access denied (${status})`, { cause: error });
  }
  const why = Number.isFinite(status) ? String(status) : ((error as Error)?.name ?? "network error");
  return new ObjectStoreError(uri, `request failed (${why})`, { cause: error });
}

const RETRY_DELAY_MS = 200;
const MAX_RETRY_DELAY_MS = 10_000;

/**
 * Runs `work` while data flows through `watched`; when none has flowed for `ms`, `failing` is
 * destroyed with a TimeoutError (transient, so the request is retried). A silence, not a total:
 * large objects may take as long as they need.
 */
async function untilSilent(
  watched: Readable,
  failing: { destroy(error: Error): unknown },
  ms: number,
  work: () => Promise<void>,
): Promise<void> {
  const silence = Object.assign(new Error(`no data for ${ms} ms`), { name: "TimeoutError" });
  const idle = setTimeout(() => failing.destroy(silence), ms);
  idle.unref();
  watched.on("data", () => idle.refresh());
  try {
    await work();
  } finally {
    clearTimeout(idle);
  }
}

/** A failure worth another attempt: throttling, a timeout, a server error, or no answer at all. */
function isTransient(error: unknown): boolean {
  if (error instanceof FileNotFoundError) return false;
  const status = Number((error as { code?: unknown })?.code);
  if (!Number.isFinite(status)) return true;
  return status === 408 || status === 429 || status >= 500;
}

/**
 * `gs://` objects through `@google-cloud/storage` with Google's default credentials (Workload
 * Identity, a service account key in `GOOGLE_APPLICATION_CREDENTIALS`, gcloud's user credentials),
 * as flytekit reads them on GCP. `STORAGE_EMULATOR_HOST` points it at an emulator. The library is
 * imported on first use; every request is retried on transient failures (429, 5xx, network
 * errors) up to `FLYTE_GCP_MAX_ATTEMPTS` attempts (default 5): our writes go to fresh paths, so
 * repeating one is safe. Each request, uploads too, may take at most `FLYTE_GCP_TIMEOUT` seconds
 * (default 60) before it counts as a transient failure.
 */
export class GcsFileAccess implements FileAccess {
  #client: Promise<Storage> | undefined;
  readonly #env: NodeJS.ProcessEnv;

  constructor(env: NodeJS.ProcessEnv = process.env) {
    this.#env = env;
  }

  get #timeout(): number {
    return timeoutMs(this.#env, "FLYTE_GCP_TIMEOUT");
  }

  handles(uri: string): boolean {
    return uri.startsWith("gs://");
  }

  client(): Promise<Storage> {
    this.#client ??= (async () => {
      const { IdempotencyStrategy, Storage } = await importOptionalPeer(
        () => dynamicImport("@google-cloud/storage") as Promise<typeof import("@google-cloud/storage")>,
        "@google-cloud/storage",
        "gs:// URIs",
      );
      const emulator = this.#env.STORAGE_EMULATOR_HOST;
      return new Storage({
        timeout: this.#timeout,
        ...(emulator ? { apiEndpoint: emulator, projectId: "emulator" } : {}),
        // Retries are ours (#retrying): the library's own retry of a streamed download pipes into
        // a stream it has destroyed, which on Node >= 22 is an unhandled rejection.
        retryOptions: { autoRetry: false, idempotencyStrategy: IdempotencyStrategy.RetryNever },
      });
    })();
    return this.#client;
  }

  /** Runs `request`, again after a transient failure (429, 408, 5xx, network, silence), with backoff. */
  async #retrying<T>(uri: string, request: () => Promise<T>): Promise<T> {
    const attempts = Math.max(Number(this.#env.FLYTE_GCP_MAX_ATTEMPTS ?? 5), 1);
    for (let attempt = 1; ; attempt++) {
      try {
        return await request();
      } catch (error) {
        const translated = translate(uri, error);
        if (attempt >= attempts || !isTransient(error)) throw translated;
        await sleep(Math.min(RETRY_DELAY_MS * 2 ** (attempt - 1), MAX_RETRY_DELAY_MS));
      }
    }
  }

  async #file(uri: string) {
    const { bucket, key } = parseGsUri(uri);
    return (await this.client()).bucket(bucket).file(key);
  }

  async read(uri: string): Promise<Uint8Array> {
    const chunks: Buffer[] = [];
    await this.#retrying(uri, async () => {
      chunks.length = 0;
      await this.#fetch(uri, (source) => {
        source.on("data", (chunk: Buffer) => chunks.push(chunk));
        return finished(source);
      });
    });
    const contents = Buffer.concat(chunks);
    return new Uint8Array(contents.buffer, contents.byteOffset, contents.byteLength);
  }

  /**
   * Streams an object into `consume`, failing it when no data comes for FLYTE_GCP_TIMEOUT: a
   * silence, not a total, so large objects may take as long as they need.
   */
  async #fetch(uri: string, consume: (source: Readable) => Promise<void>): Promise<void> {
    const source = (await this.#file(uri)).createReadStream({ validation: false });
    await untilSilent(source, source, this.#timeout, () => consume(source));
  }

  async write(uri: string, bytes: Uint8Array): Promise<void> {
    const body = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    await this.#retrying(uri, () => this.#send(uri, () => Readable.from([body]), false));
  }

  /**
   * Streams `source()` to an object (resumable or in one request), failing when the upload makes no
   * progress for FLYTE_GCP_TIMEOUT (nothing consumed, or no answer after the last byte).
   */
  async #send(uri: string, source: () => Readable, resumable: boolean): Promise<void> {
    const target = (await this.#file(uri)).createWriteStream({
      resumable,
      validation: false,
      timeout: this.#timeout,
    });
    const input = source();
    await untilSilent(input, target, this.#timeout, () => pipeline(input, target));
  }

  join(uri: string, name: string): string {
    return `${uri.replace(/\/+$/, "")}/${name}`;
  }

  /** Uploads a local file (a resumable upload above 16 MiB) or a folder (every file below it) to `uri`. */
  async upload(localPath: string, uri: string): Promise<void> {
    for (const { file, uri: target, size } of await uploadsOf(localPath, uri, (base, name) =>
      this.join(base, name),
    )) {
      await this.#retrying(target, () =>
        this.#send(target, () => createReadStream(file), size > MULTIPART_THRESHOLD),
      );
    }
  }

  /** Downloads one object to `localPath`, or, with `folder`, every object under the prefix `uri`. */
  async download(uri: string, localPath: string, folder = false): Promise<void> {
    if (!folder) {
      await mkdir(dirname(localPath), { recursive: true });
      await this.#retrying(uri, () =>
        this.#fetch(uri, (source) => pipeline(source, createWriteStream(localPath))),
      );
      return;
    }
    const { bucket, key } = parseGsUri(uri);
    const prefix = key === "" || key.endsWith("/") ? key : `${key}/`;
    const [files] = await this.#retrying(uri, async () =>
      (await this.client()).bucket(bucket).getFiles({ prefix, autoPaginate: true }),
    );
    const objects = files.filter((file) => !file.name.endsWith("/"));
    if (objects.length === 0) throw new FileNotFoundError(uri);
    await mkdir(localPath, { recursive: true });
    for (const object of objects) {
      await this.download(
        `gs://${bucket}/${object.name}`,
        join(localPath, ...object.name.slice(prefix.length).split("/")),
      );
    }
  }
}
