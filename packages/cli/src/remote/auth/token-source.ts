import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import type { Client } from "@connectrpc/connect";
import type { AuthMetadataService } from "@flytekit-ts/core/services";
import type { RemoteConfig } from "../remote-config.js";
import {
  AuthenticationError,
  clientCredentials,
  deviceFlow,
  type OAuthEndpoints,
  pkceFlow,
  refresh,
} from "./oauth-flows.js";
import { type CachedToken, fresh, TokenCache } from "./token-cache.js";

/** Gives the token requests carry; `renew` after the server said UNAUTHENTICATED. */
export interface TokenSource {
  token(renew: boolean): Promise<string>;
}

/** Runs flytectl's `admin.command`; its standard output (trimmed) is the token. */
function externalToken(command: readonly string[]): Promise<string> {
  const [program, ...args] = command;
  if (program === undefined) throw new AuthenticationError("authType ExternalCommand needs admin.command");
  return new Promise((resolve, reject) =>
    execFile(program, args, { encoding: "utf8", timeout: 60_000 }, (error, stdout) => {
      if (error !== null)
        reject(new AuthenticationError(`admin.command ${program} failed (exit ${error.code})`));
      else if (stdout.trim() === "")
        reject(new AuthenticationError(`admin.command ${program} printed no token`));
      else resolve(stdout.trim());
    }),
  );
}

async function clientSecret(config: RemoteConfig, env: NodeJS.ProcessEnv): Promise<string> {
  if (config.clientSecretEnvVar !== undefined) {
    const value = env[config.clientSecretEnvVar];
    if (value !== undefined && value !== "") return value;
    throw new AuthenticationError(`the client secret's variable ${config.clientSecretEnvVar} is not set`);
  }
  if (config.clientSecretLocation !== undefined) {
    try {
      return (await readFile(config.clientSecretLocation, "utf8")).trim();
    } catch (error) {
      throw new AuthenticationError(`cannot read the client secret at ${config.clientSecretLocation}`, {
        cause: error,
      });
    }
  }
  throw new AuthenticationError(
    "authType ClientSecret needs admin.clientSecretLocation or admin.clientSecretEnvVar",
  );
}

/**
 * The token source for `config`: `undefined` without authentication; else tokens from the
 * configured flow, cached on disk ({@link TokenCache}), refreshed with the refresh token when they
 * expire or the server refuses them, and got anew when that fails. The OAuth2 endpoints and the
 * public client's settings are discovered from the server unless `admin.tokenUrl` is set.
 */
export function tokenSource(
  config: RemoteConfig,
  auth: Client<typeof AuthMetadataService>,
  options: { say: (line: string) => void; env?: NodeJS.ProcessEnv; cache?: TokenCache },
): TokenSource | undefined {
  if (config.authType === "None") return undefined;
  const env = options.env ?? process.env;
  const cache = options.cache ?? new TokenCache();
  let discovered:
    | Promise<{ endpoints: OAuthEndpoints; clientId: string; redirectUri: string; scopes: string[] }>
    | undefined;
  const discover = () => {
    discovered ??= (async () => {
      const metadata =
        config.tokenUrl === undefined
          ? await auth.getOAuth2Metadata({}).catch((error: unknown) => {
              throw new AuthenticationError(`cannot discover the OAuth2 endpoints of ${config.endpoint}`, {
                cause: error,
              });
            })
          : undefined;
      const client =
        config.authType === "Pkce" || config.authType === "DeviceFlow"
          ? await auth.getPublicClientConfig({}).catch(() => undefined)
          : undefined;
      return {
        endpoints: {
          tokenEndpoint: config.tokenUrl ?? (metadata?.tokenEndpoint as string),
          ...(metadata?.authorizationEndpoint
            ? { authorizationEndpoint: metadata.authorizationEndpoint }
            : {}),
          ...(metadata?.deviceAuthorizationEndpoint
            ? { deviceAuthorizationEndpoint: metadata.deviceAuthorizationEndpoint }
            : {}),
        },
        clientId: config.clientId ?? client?.clientId ?? "flytectl",
        redirectUri: client?.redirectUri || "http://localhost:53593/callback",
        scopes: config.scopes.length > 0 ? [...config.scopes] : [...(client?.scopes ?? [])],
      };
    })();
    return discovered;
  };
  const key = `${config.endpoint}|${config.authType}|${config.clientId ?? ""}`;
  let current: CachedToken | undefined;
  const obtain = async (): Promise<CachedToken> => {
    if (config.authType === "ExternalCommand") return { accessToken: await externalToken(config.command) };
    const { endpoints, clientId, redirectUri, scopes } = await discover();
    if (config.authType === "ClientSecret")
      return clientCredentials(endpoints, clientId, await clientSecret(config, env), scopes);
    if (config.authType === "DeviceFlow") return deviceFlow(endpoints, clientId, scopes, options.say);
    return pkceFlow(endpoints, clientId, redirectUri, scopes, options.say);
  };
  return {
    async token(renew: boolean): Promise<string> {
      current ??= await cache.read(key);
      if (!renew && fresh(current)) return current.accessToken;
      let next: CachedToken | undefined;
      if (current?.refreshToken !== undefined && config.authType !== "ExternalCommand") {
        const { endpoints, clientId } = await discover();
        next = await refresh(endpoints, clientId, current.refreshToken);
      }
      next ??= await obtain();
      current = next;
      // External commands manage their own tokens; the others are cached for the next command.
      if (config.authType !== "ExternalCommand") await cache.write(key, next);
      return next.accessToken;
    },
  };
}
