import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { UsageError } from "@flytekit-ts/runtime/internal";
import { parse } from "yaml";

/** How the CLI authenticates to FlyteAdmin: flytectl's `admin.authType` values. */
export type AuthType = "ClientSecret" | "Pkce" | "DeviceFlow" | "ExternalCommand" | "None";

/**
 * Where FlyteAdmin is and how to reach it: flytectl's `config.yaml` `admin` section, so an
 * existing Flyte user needs no new configuration.
 */
export interface RemoteConfig {
  /** The file it came from, if any. */
  readonly file: string | undefined;
  /** `host:port` of FlyteAdmin's gRPC endpoint (flytectl's `dns:///` prefix removed). */
  readonly endpoint: string;
  /** Plaintext gRPC (no TLS). @default false */
  readonly insecure: boolean;
  /** TLS without verifying the server's certificate. @default false */
  readonly insecureSkipVerify: boolean;
  /** A CA bundle for the server's certificate. @default the system's */
  readonly caCertFilePath: string | undefined;
  /** @default "None" when no client id is configured, else "ClientSecret" (flytectl's default) */
  readonly authType: AuthType;
  readonly clientId: string | undefined;
  /** A file holding the client secret. */
  readonly clientSecretLocation: string | undefined;
  /** An environment variable holding the client secret. */
  readonly clientSecretEnvVar: string | undefined;
  /** The token endpoint. @default discovered from the server (`AuthMetadataService`) */
  readonly tokenUrl: string | undefined;
  readonly scopes: readonly string[];
  /** The program printing a token, for `ExternalCommand`. */
  readonly command: readonly string[];
  /** The header tokens go in. @default "authorization" */
  readonly authorizationHeader: string;
  /** The console's base URL, for execution links. @default https://<endpoint host> (http:// when insecure) */
  readonly consoleEndpoint: string | undefined;
  /** Project and domain registrations and executions go to, when not given on the command line. */
  readonly project: string | undefined;
  readonly domain: string | undefined;
}

/** Where the configuration is looked for, in order (flytectl's and flytekit's places). */
export function configCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  return [
    env.FLYTECTL_CONFIG,
    env.FLYTE_CONFIG,
    join(process.cwd(), "config.yaml"),
    join(homedir(), ".flyte", "config.yaml"),
  ].filter((path): path is string => path !== undefined && path !== "");
}

const AUTH_TYPES: Readonly<Record<string, AuthType>> = {
  clientsecret: "ClientSecret",
  client_credentials: "ClientSecret",
  basic: "ClientSecret",
  pkce: "Pkce",
  deviceflow: "DeviceFlow",
  device_flow: "DeviceFlow",
  externalcommand: "ExternalCommand",
  external_command: "ExternalCommand",
  none: "None",
};

function authType(value: unknown, origin: string): AuthType | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  const type = AUTH_TYPES[String(value).toLowerCase()];
  if (type === undefined)
    throw new UsageError(
      `${origin}: authType ${JSON.stringify(value)} is not one of ClientSecret, Pkce, DeviceFlow, ExternalCommand`,
    );
  return type;
}

const truthy = (value: unknown) =>
  value === true || ["true", "1", "yes"].includes(String(value).toLowerCase());
const list = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.map(String)
    : typeof value === "string" && value !== ""
      ? value.split(",")
      : [];

/**
 * The remote configuration: flytectl's `config.yaml` (`--config`, `FLYTECTL_CONFIG`,
 * `./config.yaml`, `~/.flyte/config.yaml`), then flytekit's `FLYTE_*` environment variables over it
 * (`FLYTE_PLATFORM_URL`, `FLYTE_PLATFORM_INSECURE`, `FLYTE_CREDENTIALS_AUTH_MODE`,
 * `FLYTE_CREDENTIALS_CLIENT_ID`, `FLYTE_CREDENTIALS_CLIENT_SECRET`, `FLYTE_CREDENTIALS_OAUTH_SCOPES`,
 * `FLYTE_CREDENTIALS_AUTHORIZATION_METADATA_KEY`, `FLYTE_CA_CERT_FILE_PATH`).
 * @throws UsageError when no endpoint is configured, or the file does not parse
 */
export function loadRemoteConfig(explicit?: string, env: NodeJS.ProcessEnv = process.env): RemoteConfig {
  const file = explicit ?? configCandidates(env).find((path) => existsSync(path));
  if (explicit !== undefined && !existsSync(explicit))
    throw new UsageError(`no configuration at ${explicit}`);
  let admin: Record<string, unknown> = {};
  let console: Record<string, unknown> = {};
  let defaults: Record<string, unknown> = {};
  if (file !== undefined) {
    let parsed: unknown;
    try {
      parsed = parse(readFileSync(file, "utf8"));
    } catch (error) {
      throw new UsageError(
        `${file} is not valid YAML: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const root = (parsed ?? {}) as Record<string, unknown>;
    admin = (root.admin ?? {}) as Record<string, unknown>;
    console = (root.console ?? {}) as Record<string, unknown>;
    defaults = root;
  }
  const endpoint = String(env.FLYTE_PLATFORM_URL ?? admin.endpoint ?? "")
    .replace(/^dns:\/\/\//, "")
    .replace(/^(grpcs?|https?):\/\//, "")
    .replace(/\/$/, "");
  if (endpoint === "")
    throw new UsageError(
      "no FlyteAdmin endpoint: set admin.endpoint in ~/.flyte/config.yaml (flytectl's configuration), pass --config, or set FLYTE_PLATFORM_URL",
    );
  const clientId = (env.FLYTE_CREDENTIALS_CLIENT_ID ?? admin.clientId) as string | undefined;
  const origin = file ?? "the environment";
  const type =
    authType(env.FLYTE_CREDENTIALS_AUTH_MODE, "FLYTE_CREDENTIALS_AUTH_MODE") ??
    authType(admin.authType, origin) ??
    (clientId === undefined ? "None" : "ClientSecret");
  const insecure = truthy(env.FLYTE_PLATFORM_INSECURE ?? admin.insecure ?? false);
  return {
    file,
    endpoint,
    insecure,
    insecureSkipVerify: truthy(admin.insecureSkipVerify ?? false),
    caCertFilePath: (env.FLYTE_CA_CERT_FILE_PATH ?? admin.caCertFilePath) as string | undefined,
    authType: type,
    clientId,
    clientSecretLocation: admin.clientSecretLocation as string | undefined,
    clientSecretEnvVar: (env.FLYTE_CREDENTIALS_CLIENT_SECRET === undefined
      ? admin.clientSecretEnvVar
      : "FLYTE_CREDENTIALS_CLIENT_SECRET") as string | undefined,
    tokenUrl: admin.tokenUrl as string | undefined,
    scopes: list(env.FLYTE_CREDENTIALS_OAUTH_SCOPES ?? admin.scopes),
    command: list(admin.command),
    authorizationHeader: String(
      env.FLYTE_CREDENTIALS_AUTHORIZATION_METADATA_KEY ?? admin.authorizationHeader ?? "authorization",
    ).toLowerCase(),
    consoleEndpoint: (console.endpoint as string | undefined) ?? undefined,
    project: (defaults.project as string | undefined) ?? undefined,
    domain: (defaults.domain as string | undefined) ?? undefined,
  };
}

/** The console's base URL: configured, else the endpoint's host over https (http when insecure). */
export function consoleBase(config: RemoteConfig): string {
  if (config.consoleEndpoint !== undefined) return config.consoleEndpoint.replace(/\/$/, "");
  return `${config.insecure ? "http" : "https"}://${config.endpoint}`;
}
