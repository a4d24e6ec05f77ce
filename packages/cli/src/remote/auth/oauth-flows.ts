import { createHash, randomBytes } from "node:crypto";
import { createServer } from "node:http";
import { FlyteError } from "@flytekit-ts/core";
import type { CachedToken } from "./token-cache.js";

/** The OAuth2 endpoints FlyteAdmin advertises (`AuthMetadataService.GetOAuth2Metadata`). */
export interface OAuthEndpoints {
  readonly tokenEndpoint: string;
  readonly authorizationEndpoint?: string;
  readonly deviceAuthorizationEndpoint?: string;
}

/** Getting a token failed: the server's `error` and description, never the credentials. */
export class AuthenticationError extends FlyteError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("USAGE", message, options);
  }
}

interface TokenResponse {
  access_token?: string;
  refresh_token?: string;
  expires_in?: number;
  error?: string;
  error_description?: string;
}

/** POSTs a form to the token endpoint; the token, or an AuthenticationError with the server's reason. */
async function tokenRequest(
  endpoint: string,
  form: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<CachedToken | TokenResponse> {
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        accept: "application/json",
        ...headers,
      },
      body: new URLSearchParams(form).toString(),
    });
  } catch (error) {
    throw new AuthenticationError(`cannot reach the token endpoint ${endpoint}`, { cause: error });
  }
  const body = (await response.json().catch(() => ({}))) as TokenResponse;
  if (response.ok && typeof body.access_token === "string") {
    return {
      accessToken: body.access_token,
      ...(body.refresh_token === undefined ? {} : { refreshToken: body.refresh_token }),
      ...(body.expires_in === undefined ? {} : { expiresAt: Date.now() + body.expires_in * 1000 }),
    };
  }
  return { error: body.error ?? `HTTP ${response.status}`, error_description: body.error_description ?? "" };
}

function asToken(result: CachedToken | TokenResponse, what: string): CachedToken {
  if ("accessToken" in result) return result;
  throw new AuthenticationError(
    `${what} failed: ${result.error}${result.error_description ? ` (${result.error_description})` : ""}`,
  );
}

/** The client-credentials grant (flytectl's `ClientSecret`), the secret in HTTP basic auth. */
export async function clientCredentials(
  endpoints: OAuthEndpoints,
  clientId: string,
  secret: string,
  scopes: readonly string[],
): Promise<CachedToken> {
  const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString(
    "base64",
  );
  const form: Record<string, string> = { grant_type: "client_credentials" };
  if (scopes.length > 0) form.scope = scopes.join(" ");
  return asToken(
    await tokenRequest(endpoints.tokenEndpoint, form, { authorization: `Basic ${basic}` }),
    `the client-credentials grant for ${clientId}`,
  );
}

/** A new access token from a refresh token, or `undefined` when the server refuses it. */
export async function refresh(
  endpoints: OAuthEndpoints,
  clientId: string,
  refreshToken: string,
): Promise<CachedToken | undefined> {
  const result = await tokenRequest(endpoints.tokenEndpoint, {
    grant_type: "refresh_token",
    refresh_token: refreshToken,
    client_id: clientId,
  });
  return "accessToken" in result ? { refreshToken, ...result } : undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The device authorization grant (flytectl's `DeviceFlow`): prints where to go and the code to
 * enter, then polls the token endpoint until the user approves, refuses or the code expires.
 */
export async function deviceFlow(
  endpoints: OAuthEndpoints,
  clientId: string,
  scopes: readonly string[],
  say: (line: string) => void,
): Promise<CachedToken> {
  if (endpoints.deviceAuthorizationEndpoint === undefined)
    throw new AuthenticationError(
      "the server advertises no device authorization endpoint (authType DeviceFlow)",
    );
  const response = await fetch(endpoints.deviceAuthorizationEndpoint, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: new URLSearchParams({ client_id: clientId, scope: scopes.join(" ") }).toString(),
  }).catch((error: unknown) => {
    throw new AuthenticationError(`cannot reach ${endpoints.deviceAuthorizationEndpoint}`, { cause: error });
  });
  const device = (await response.json().catch(() => ({}))) as {
    device_code?: string;
    user_code?: string;
    verification_uri?: string;
    verification_uri_complete?: string;
    interval?: number;
    expires_in?: number;
  };
  if (!response.ok || device.device_code === undefined)
    throw new AuthenticationError(`the device authorization request failed: HTTP ${response.status}`);
  say(
    `To sign in, open ${device.verification_uri_complete ?? device.verification_uri} and enter the code ${device.user_code}`,
  );
  let interval = (device.interval ?? 5) * 1000;
  const deadline = Date.now() + (device.expires_in ?? 600) * 1000;
  while (Date.now() < deadline) {
    await sleep(interval);
    const result = await tokenRequest(endpoints.tokenEndpoint, {
      grant_type: "urn:ietf:params:oauth:grant-type:device_code",
      device_code: device.device_code,
      client_id: clientId,
    });
    if ("accessToken" in result) return result;
    if (result.error === "authorization_pending") continue;
    if (result.error === "slow_down") {
      interval += 5000;
      continue;
    }
    return asToken(result, "the device flow");
  }
  throw new AuthenticationError("the device code expired before it was approved");
}

/**
 * The authorization-code grant with PKCE (flytectl's `Pkce`): listens on the redirect URI's port,
 * prints the authorization URL to open, and exchanges the code it receives (state checked).
 */
export async function pkceFlow(
  endpoints: OAuthEndpoints,
  clientId: string,
  redirectUri: string,
  scopes: readonly string[],
  say: (line: string) => void,
  timeoutMs = 300_000,
): Promise<CachedToken> {
  if (endpoints.authorizationEndpoint === undefined)
    throw new AuthenticationError("the server advertises no authorization endpoint (authType Pkce)");
  const verifier = randomBytes(32).toString("base64url");
  const challenge = createHash("sha256").update(verifier).digest("base64url");
  const state = randomBytes(16).toString("base64url");
  const redirect = new URL(redirectUri);
  const code = await new Promise<string>((resolve, reject) => {
    const server = createServer((request, response) => {
      const url = new URL(request.url ?? "/", redirectUri);
      if (url.pathname !== redirect.pathname) {
        response.writeHead(404).end();
        return;
      }
      const received = url.searchParams.get("code");
      const ok = received !== null && url.searchParams.get("state") === state;
      response.writeHead(ok ? 200 : 400, { "content-type": "text/plain" });
      response.end(ok ? "Signed in: you can close this window." : "Sign-in failed.");
      clearTimeout(timer);
      server.close();
      if (ok) resolve(received);
      else
        reject(
          new AuthenticationError(
            `sign-in failed: ${url.searchParams.get("error") ?? "the state did not match"}`,
          ),
        );
    });
    const timer = setTimeout(() => {
      server.close();
      reject(new AuthenticationError("no sign-in within 5 minutes"));
    }, timeoutMs);
    server.on("error", (error) =>
      reject(new AuthenticationError(`cannot listen on ${redirectUri}`, { cause: error })),
    );
    server.listen(Number(redirect.port || 80), redirect.hostname, () => {
      const url = new URL(endpoints.authorizationEndpoint as string);
      url.search = new URLSearchParams({
        response_type: "code",
        client_id: clientId,
        redirect_uri: redirectUri,
        scope: scopes.join(" "),
        state,
        code_challenge: challenge,
        code_challenge_method: "S256",
      }).toString();
      say(`To sign in, open ${url.toString()}`);
    });
  });
  return asToken(
    await tokenRequest(endpoints.tokenEndpoint, {
      grant_type: "authorization_code",
      code,
      redirect_uri: redirectUri,
      client_id: clientId,
      code_verifier: verifier,
    }),
    "the PKCE code exchange",
  );
}
