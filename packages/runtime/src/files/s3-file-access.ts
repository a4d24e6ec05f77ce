import { createReadStream } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { ListObjectsV2CommandOutput, S3Client } from "@aws-sdk/client-s3";
import { dynamicImport } from "../process/dynamic-import.js";
import { type FileAccess, FileNotFoundError } from "./file-access.js";
import { type FileUpload, uploadsOf } from "./local-files.js";
import { timeoutMs } from "./network-timeouts.js";
import { MULTIPART_THRESHOLD, ObjectStoreError, parseBucketUri } from "./object-store-error.js";
import { importOptionalPeer } from "./optional-peer.js";

/** The AWS SDK's S3 client: an optional peer dependency, loaded on the first s3:// URI. */
const s3Client = () =>
  importOptionalPeer(
    () => dynamicImport("@aws-sdk/client-s3") as Promise<typeof import("@aws-sdk/client-s3")>,
    "@aws-sdk/client-s3",
    "s3:// URIs",
  );

/** `s3://bucket/key` as its parts. */
export function parseS3Uri(uri: string): { bucket: string; key: string } {
  return parseBucketUri(uri, "s3");
}

const DENIED = new Set([
  "AccessDenied",
  "InvalidAccessKeyId",
  "SignatureDoesNotMatch",
  "ExpiredToken",
  "Forbidden",
]);
const MISSING = new Set(["NoSuchKey", "NotFound", "NoSuchBucket"]);

/** A client error as a clear one: missing objects are FileNotFoundError, refusals say "access denied". */
function translate(uri: string, error: unknown): Error {
  if (error instanceof ObjectStoreError || error instanceof FileNotFoundError) return error;
  const name = (error as { name?: string; Code?: string })?.name ?? "";
  const status = (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  if (MISSING.has(name) || status === 404) return new FileNotFoundError(uri, { cause: error });
  if (DENIED.has(name) || status === 403)
    return new ObjectStoreError(uri, `access denied (${name || status})`, { cause: error });
  return new ObjectStoreError(uri, `request failed (${name || status || "network error"})`, { cause: error });
}

/**
 * `s3://` objects through the AWS SDK for JavaScript v3, configured as flytekit is on a cluster:
 * the standard AWS environment and credential chain, or `FLYTE_AWS_ENDPOINT`,
 * `FLYTE_AWS_ACCESS_KEY_ID` and `FLYTE_AWS_SECRET_ACCESS_KEY` (path-style addressing for custom
 * endpoints such as MinIO). The SDK is imported on first use; transient failures (5xx, throttling,
 * network errors) are retried with backoff, up to `FLYTE_AWS_MAX_ATTEMPTS` attempts (default 5).
 * A connection must open within `FLYTE_AWS_CONNECT_TIMEOUT` seconds and a socket may stay silent
 * for at most `FLYTE_AWS_READ_TIMEOUT` seconds (both default 60, as botocore's); either counts as
 * a transient failure.
 */
export class S3FileAccess implements FileAccess {
  #client: Promise<S3Client> | undefined;
  readonly #env: NodeJS.ProcessEnv;

  constructor(env: NodeJS.ProcessEnv = process.env) {
    this.#env = env;
  }

  handles(uri: string): boolean {
    return uri.startsWith("s3://");
  }

  client(): Promise<S3Client> {
    this.#client ??= (async () => {
      const { S3Client } = await s3Client();
      const env = this.#env;
      const endpoint = env.FLYTE_AWS_ENDPOINT;
      const keyId = env.FLYTE_AWS_ACCESS_KEY_ID;
      const secret = env.FLYTE_AWS_SECRET_ACCESS_KEY;
      return new S3Client({
        region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? "us-east-1",
        maxAttempts: Number(env.FLYTE_AWS_MAX_ATTEMPTS ?? 5),
        requestHandler: {
          connectionTimeout: timeoutMs(env, "FLYTE_AWS_CONNECT_TIMEOUT"),
          socketTimeout: timeoutMs(env, "FLYTE_AWS_READ_TIMEOUT"),
        },
        ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
        ...(keyId && secret ? { credentials: { accessKeyId: keyId, secretAccessKey: secret } } : {}),
      });
    })();
    return this.#client;
  }

  async read(uri: string): Promise<Uint8Array> {
    const { GetObjectCommand } = await s3Client();
    const { bucket, key } = parseS3Uri(uri);
    try {
      const response = await (await this.client()).send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return (await response.Body?.transformToByteArray()) ?? new Uint8Array();
    } catch (error) {
      throw translate(uri, error);
    }
  }

  async write(uri: string, bytes: Uint8Array): Promise<void> {
    const { PutObjectCommand } = await s3Client();
    const { bucket, key } = parseS3Uri(uri);
    try {
      await (await this.client()).send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes }));
    } catch (error) {
      throw translate(uri, error);
    }
  }

  join(uri: string, name: string): string {
    return `${uri.replace(/\/+$/, "")}/${name}`;
  }

  /** Uploads a local file (multipart above 16 MiB) or a folder (every file below it) to `uri`. */
  async upload(localPath: string, uri: string): Promise<void> {
    for (const upload of await uploadsOf(localPath, uri, (base, name) => this.join(base, name))) {
      await this.#uploadFile(upload);
    }
  }

  async #uploadFile({ file: localPath, uri, size }: FileUpload): Promise<void> {
    const { bucket, key } = parseS3Uri(uri);
    try {
      if (size <= MULTIPART_THRESHOLD) {
        const { readFile } = await import("node:fs/promises");
        await this.write(uri, new Uint8Array(await readFile(localPath)));
        return;
      }
      const { Upload } = await importOptionalPeer(
        () => dynamicImport("@aws-sdk/lib-storage") as Promise<typeof import("@aws-sdk/lib-storage")>,
        "@aws-sdk/lib-storage",
        "uploads to s3:// URIs",
      );
      await new Upload({
        client: await this.client(),
        params: { Bucket: bucket, Key: key, Body: createReadStream(localPath) },
        partSize: 8 * 1024 * 1024,
        queueSize: 4,
      }).done();
    } catch (error) {
      throw translate(uri, error);
    }
  }

  /** Downloads one object to `localPath`, or, with `folder`, every object under the prefix `uri`. */
  async download(uri: string, localPath: string, folder = false): Promise<void> {
    if (!folder) {
      await mkdir(dirname(localPath), { recursive: true });
      await writeFile(localPath, await this.read(uri));
      return;
    }
    const { ListObjectsV2Command } = await s3Client();
    const { bucket, key } = parseS3Uri(uri);
    const prefix = key === "" || key.endsWith("/") ? key : `${key}/`;
    let token: string | undefined;
    let count = 0;
    await mkdir(localPath, { recursive: true });
    do {
      let page: ListObjectsV2CommandOutput;
      try {
        page = await (await this.client()).send(
          new ListObjectsV2Command({
            Bucket: bucket,
            Prefix: prefix,
            ...(token ? { ContinuationToken: token } : {}),
          }),
        );
      } catch (error) {
        throw translate(uri, error);
      }
      for (const object of page.Contents ?? []) {
        if (object.Key === undefined || object.Key.endsWith("/")) continue;
        await this.download(
          `s3://${bucket}/${object.Key}`,
          join(localPath, ...object.Key.slice(prefix.length).split("/")),
        );
        count++;
      }
      token = page.NextContinuationToken;
    } while (token);
    if (count === 0) throw new FileNotFoundError(uri);
  }
}
