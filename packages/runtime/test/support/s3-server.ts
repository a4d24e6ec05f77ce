import { mkdtempSync } from "node:fs";
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import S3rver from "s3rver";

/** A local S3-compatible server (s3rver) on loopback, behind a proxy that can fail requests on purpose. */
export interface LocalS3 {
  /** The proxy's URL: what FLYTE_AWS_ENDPOINT points at. */
  endpoint: string;
  /** The environment a task container would get on a cluster, for this server. */
  env: Record<string, string>;
  /** The next `count` requests fail with 503 SlowDown (a transient failure the client retries). */
  failNext(count: number): void;
  /**
   * Requests matching `lose` are served by the server, but their answers never arrive: the
   * connection is reset instead (a lost acknowledgement). `undefined` stops it.
   */
  loseAnswers(lose: ((method: string, url: string) => boolean) | undefined): void;
  /** Requests seen by the proxy. */
  requests: number;
  close(): Promise<void>;
}

export const BUCKET = "flyte";

export async function startLocalS3(): Promise<LocalS3> {
  const server = new S3rver({
    port: 0,
    address: "127.0.0.1",
    silent: true,
    directory: mkdtempSync(join(tmpdir(), "s3rver-")),
    configureBuckets: [{ name: BUCKET, configs: [] }],
  });
  const { port } = (await server.run()) as AddressInfo;
  let failing = 0;
  let losing: ((method: string, url: string) => boolean) | undefined;
  const state = { requests: 0 };
  const proxy: Server = createServer((incoming, outgoing) => {
    state.requests++;
    if (failing > 0) {
      failing--;
      incoming.resume();
      outgoing.writeHead(503, { "content-type": "application/xml" });
      outgoing.end('<?xml version="1.0"?><Error><Code>SlowDown</Code><Message>injected</Message></Error>');
      return;
    }
    const forward = request(
      { host: "127.0.0.1", port, method: incoming.method, path: incoming.url, headers: incoming.headers },
      (response) => {
        if (losing?.(incoming.method ?? "", incoming.url ?? "")) {
          response.resume();
          response.on("end", () => outgoing.socket?.destroy());
          return;
        }
        outgoing.writeHead(response.statusCode ?? 502, response.headers);
        response.pipe(outgoing);
      },
    );
    incoming.pipe(forward);
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  const endpoint = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  return {
    endpoint,
    env: {
      FLYTE_AWS_ENDPOINT: endpoint,
      FLYTE_AWS_ACCESS_KEY_ID: "S3RVER",
      FLYTE_AWS_SECRET_ACCESS_KEY: "S3RVER",
      AWS_REGION: "us-east-1",
    },
    failNext(count) {
      failing = count;
    },
    loseAnswers(lose) {
      losing = lose;
    },
    get requests() {
      return state.requests;
    },
    async close() {
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
      await server.close();
    },
  };
}
