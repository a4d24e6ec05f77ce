import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { CRC32C } from "@google-cloud/storage";

/**
 * A local stand-in for Google Cloud Storage's JSON API on loopback, for tests: no GCS emulator is
 * installable here (fake-gcs-server is a Go image and no registry is reachable; Firebase's storage
 * emulator needs Java 21). It serves the requests `@google-cloud/storage` makes for what the
 * runtime does: object metadata and media, listing by prefix, multipart and resumable uploads, with
 * GCS's error documents. It can fail requests on purpose and refuse every request (403).
 */
export interface LocalGcs {
  /** What STORAGE_EMULATOR_HOST points at. */
  endpoint: string;
  /** The environment a task container would get for this server. */
  env: Record<string, string>;
  /** The objects, by `bucket/name`. */
  objects: Map<string, Buffer>;
  /** The next `count` requests fail with 503 (a transient failure the client retries). */
  failNext(count: number): void;
  /** Every request is refused with 403 while true. */
  deny: boolean;
  /** Uploads that used the resumable protocol. */
  resumableUploads: number;
  close(): Promise<void>;
}

export const GCS_BUCKET = "flyte-gcs";

function body(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

function metadata(bucket: string, name: string, bytes: Buffer) {
  const crc = new CRC32C();
  crc.update(bytes);
  return {
    kind: "storage#object",
    id: `${bucket}/${name}/1`,
    name,
    bucket,
    generation: "1",
    size: String(bytes.length),
    md5Hash: createHash("md5").update(bytes).digest("base64"),
    crc32c: crc.toString(),
  };
}

function fail(response: ServerResponse, code: number, message: string): void {
  response.writeHead(code, { "content-type": "application/json" });
  response.end(JSON.stringify({ error: { code, message, errors: [{ message, reason: "injected" }] } }));
}

/** The media part of a multipart/related upload body, and its JSON metadata. */
function parseMultipart(contentType: string, raw: Buffer): { meta: { name?: string }; media: Buffer } {
  const boundary = /boundary="?([^";]+)"?/.exec(contentType)?.[1];
  if (boundary === undefined) throw new Error(`no boundary in ${contentType}`);
  const text = raw.toString("latin1");
  const parts = text
    .split(`--${boundary}`)
    .slice(1, -1)
    .map((part) => part.slice(part.indexOf("\r\n\r\n") + 4, part.length - 2));
  return { meta: JSON.parse(parts[0] as string), media: Buffer.from(parts[1] as string, "latin1") };
}

export async function startLocalGcs(): Promise<LocalGcs> {
  const objects = new Map<string, Buffer>();
  const sessions = new Map<string, { bucket: string; name: string; chunks: Buffer[] }>();
  let failing = 0;
  const state = { deny: false, resumableUploads: 0 };
  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    const raw = await body(request);
    if (failing > 0) {
      failing--;
      fail(response, 503, "injected: service unavailable");
      return;
    }
    if (state.deny) {
      fail(response, 403, "injected: caller does not have storage.objects access");
      return;
    }
    const path = url.pathname.replace(/^\/storage\/v1(?=\/b\/)/, "");
    const upload = /^\/upload\/storage\/v1\/b\/([^/]+)\/o$/.exec(path);
    if (upload !== null && request.method === "POST") {
      const bucket = decodeURIComponent(upload[1] as string);
      const type = url.searchParams.get("uploadType");
      if (type === "resumable") {
        const name =
          url.searchParams.get("name") ?? (JSON.parse(raw.toString() || "{}") as { name?: string }).name;
        const id = String(sessions.size + 1);
        sessions.set(id, { bucket, name: name ?? "", chunks: [] });
        state.resumableUploads++;
        response.writeHead(200, { location: `http://${request.headers.host}/resumable/${id}` });
        response.end();
        return;
      }
      const { meta, media } =
        type === "multipart"
          ? parseMultipart(request.headers["content-type"] ?? "", raw)
          : { meta: { name: url.searchParams.get("name") ?? "" }, media: raw };
      const name = meta.name ?? url.searchParams.get("name") ?? "";
      objects.set(`${bucket}/${name}`, media);
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify(metadata(bucket, name, media)));
      return;
    }
    const resumable = /^\/resumable\/(\d+)$/.exec(path);
    if (resumable !== null && request.method === "PUT") {
      const session = sessions.get(resumable[1] as string);
      if (session === undefined) return fail(response, 404, "no such upload");
      session.chunks.push(raw);
      const received = session.chunks.reduce((n, chunk) => n + chunk.length, 0);
      const range = /bytes (\*|\d+-\d+|\d+-\*)\/(\*|\d+)/.exec(
        String(request.headers["content-range"] ?? ""),
      );
      const total = range?.[2];
      if (
        total === undefined || total === "*" ? raw.length > 0 || received === 0 : received === Number(total)
      ) {
        const bytes = Buffer.concat(session.chunks);
        objects.set(`${session.bucket}/${session.name}`, bytes);
        response.writeHead(200, { "content-type": "application/json" });
        response.end(JSON.stringify(metadata(session.bucket, session.name, bytes)));
        return;
      }
      response.writeHead(308, received > 0 ? { range: `bytes=0-${received - 1}` } : {});
      response.end();
      return;
    }
    const list = /^\/b\/([^/]+)\/o\/?$/.exec(path);
    if (list !== null && request.method === "GET") {
      const bucket = decodeURIComponent(list[1] as string);
      const prefix = url.searchParams.get("prefix") ?? "";
      const items = [...objects]
        .filter(([key]) => key.startsWith(`${bucket}/${prefix}`))
        .map(([key, bytes]) => metadata(bucket, key.slice(bucket.length + 1), bytes))
        .sort((a, b) => a.name.localeCompare(b.name));
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ kind: "storage#objects", items }));
      return;
    }
    const object = /^\/b\/([^/]+)\/o\/(.+)$/.exec(path);
    if (object !== null && request.method === "GET") {
      const bucket = decodeURIComponent(object[1] as string);
      const name = decodeURIComponent(object[2] as string);
      const bytes = objects.get(`${bucket}/${name}`);
      if (bytes === undefined) return fail(response, 404, `No such object: ${bucket}/${name}`);
      const meta = metadata(bucket, name, bytes);
      if (url.searchParams.get("alt") === "media") {
        response.writeHead(200, {
          "content-type": "application/octet-stream",
          "content-length": bytes.length,
          "x-goog-hash": `crc32c=${meta.crc32c},md5=${meta.md5Hash}`,
          "x-goog-generation": "1",
        });
        response.end(bytes);
      } else {
        response.writeHead(200, { "content-type": "application/json" });
        response.end(JSON.stringify(meta));
      }
      return;
    }
    fail(response, 400, `the local GCS does not serve ${request.method} ${url.pathname}`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint,
    env: { STORAGE_EMULATOR_HOST: endpoint },
    objects,
    failNext(count: number) {
      failing = count;
    },
    get deny() {
      return state.deny;
    },
    set deny(value: boolean) {
      state.deny = value;
    },
    get resumableUploads() {
      return state.resumableUploads;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
