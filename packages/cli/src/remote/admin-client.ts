import { readFileSync } from "node:fs";
import {
  type Client,
  Code,
  ConnectError,
  createClient,
  type Interceptor,
  type Transport,
} from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { FlyteError } from "@flytekit-ts/core";
import { AdminService, AuthMetadataService, DataProxyService } from "@flytekit-ts/core/services";
import { type TokenSource, tokenSource } from "./auth/token-source.js";
import type { RemoteConfig } from "./remote-config.js";

/** FlyteAdmin's services, over one gRPC connection. */
export interface FlyteAdmin {
  readonly config: RemoteConfig;
  readonly admin: Client<typeof AdminService>;
  readonly dataProxy: Client<typeof DataProxyService>;
  readonly auth: Client<typeof AuthMetadataService>;
}

/** A call to FlyteAdmin failed: its gRPC code and message, in one line. */
export class AdminCallError extends FlyteError {
  constructor(
    readonly grpcCode: Code,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(
      grpcCode === Code.NotFound ? "NOT_FOUND" : grpcCode === Code.InvalidArgument ? "VALIDATION" : "SYSTEM",
      message,
      options,
    );
  }
}

/** The FlyteError behind a failed call (a sign-in that failed in the interceptor), if that is what it is. */
export function flyteErrorBehind(error: unknown): FlyteError | undefined {
  if (error instanceof FlyteError) return error;
  const cause = error instanceof ConnectError ? error.cause : undefined;
  return cause instanceof FlyteError ? cause : undefined;
}

/** `error` as one line: what failed, where, and what to do for the usual causes. */
export function describeCallError(error: unknown, endpoint: string, what: string): FlyteError {
  const behind = flyteErrorBehind(error);
  if (behind !== undefined) return behind;
  const connect = ConnectError.from(error);
  const reason =
    connect.code === Code.Unavailable
      ? `FlyteAdmin at ${endpoint} does not answer (${connect.rawMessage}); is admin.endpoint right, and admin.insecure for a plaintext server?`
      : connect.code === Code.Unauthenticated
        ? `FlyteAdmin at ${endpoint} refused the credentials (${connect.rawMessage}); check admin.authType and the client's secret`
        : connect.rawMessage;
  return new AdminCallError(connect.code, `${what}: ${reason}`, { cause: error });
}

/** Puts the bearer token on every request; on UNAUTHENTICATED renews it once and retries. */
function authInterceptor(source: TokenSource, header: string): Interceptor {
  return (next) => async (request) => {
    request.header.set(header, `Bearer ${await source.token(false)}`);
    try {
      return await next(request);
    } catch (error) {
      if (ConnectError.from(error).code !== Code.Unauthenticated) throw error;
      request.header.set(header, `Bearer ${await source.token(true)}`);
      return await next(request);
    }
  };
}

function transport(config: RemoteConfig, interceptors: Interceptor[]): Transport {
  const scheme = config.insecure ? "http" : "https";
  return createGrpcTransport({
    baseUrl: `${scheme}://${config.endpoint}`,
    interceptors,
    defaultTimeoutMs: 60_000,
    nodeOptions: config.insecure
      ? {}
      : {
          ...(config.caCertFilePath === undefined ? {} : { ca: readFileSync(config.caCertFilePath) }),
          ...(config.insecureSkipVerify ? { rejectUnauthorized: false } : {}),
        },
  });
}

/** Clients of FlyteAdmin for `config`, authenticating as it says. */
export function connectAdmin(
  config: RemoteConfig,
  options: { say: (line: string) => void; env?: NodeJS.ProcessEnv },
): FlyteAdmin {
  const auth = createClient(AuthMetadataService, transport(config, []));
  const source = tokenSource(config, auth, options);
  const secured = transport(
    config,
    source === undefined ? [] : [authInterceptor(source, config.authorizationHeader)],
  );
  return {
    config,
    admin: createClient(AdminService, secured),
    dataProxy: createClient(DataProxyService, secured),
    auth,
  };
}
