// A stand-in for FlyteAdmin, for the tests: the real AdminService, DataProxyService and
// AuthMetadataService (generated from the pinned flyteidl protos) served over gRPC on loopback, with
// flyteadmin's documented validation rules, an object store for uploads (a local folder behind
// signed-URL-like PUT endpoints), an OAuth2 token endpoint (client credentials), and a minimal
// propeller for task executions: it runs the registered template's container args on this machine.
// What only a real cluster checks (workflow compilation and execution, Kubernetes, real IAM) is
// not here.
import { execFile } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer as createHttpServer, type Server } from "node:http";
import {
  createSecureServer as createHttp2SecureServer,
  createServer as createHttp2Server,
  type Http2SecureServer,
  type Http2Server,
} from "node:http2";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { Code, ConnectError, type ConnectRouter, type HandlerContext } from "@connectrpc/connect";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import {
  ErrorDocumentSchema,
  ExecutionError_ErrorKind,
  ExecutionErrorSchema,
  type Identifier,
  type LaunchPlan,
  LaunchPlanSchema,
  type LiteralMap,
  LiteralMapSchema,
  ResourceType,
  type TaskSpec,
  TaskSpecSchema,
  WorkflowExecution_Phase,
  type WorkflowSpec,
  WorkflowSpecSchema,
} from "../../../core/src/idl.js";
import {
  AdminService,
  AuthMetadataService,
  DataProxyService,
  type ExecutionCreateRequest,
} from "../../../core/src/services.js";
import { runtimeDir } from "../../../runtime/test/support/entrypoint.js";

/** How the stand-in behaves. */
export interface StandInOptions {
  /** Serve gRPC over TLS with this key and certificate (PEM). @default plaintext (h2c) */
  readonly tls?: { readonly key: string; readonly cert: string };
  /** Require a bearer token from its token endpoint (client credentials of this id and secret). */
  readonly clientCredentials?: { readonly clientId: string; readonly secret: string };
  /**
   * Also sign users in: the device flow (approved after one `authorization_pending`) and the
   * authorization-code flow with PKCE (S256 checked; the authorization endpoint approves at once and
   * redirects), both for the public client `flytectl`; and a static token an external command prints.
   */
  readonly users?: { readonly staticToken?: string };
}

/** What a test sees of the stand-in. */
export interface AdminStandIn {
  /** `127.0.0.1:<port>`: the gRPC endpoint (plaintext). */
  readonly endpoint: string;
  /** The HTTP server: uploads and the token endpoint. */
  readonly httpBase: string;
  /** Every gRPC call, as `Service/Method`, in order. */
  readonly calls: string[];
  /** Every upload (PUT) received: object key and bytes. */
  readonly uploads: { key: string; bytes: Buffer }[];
  /** How many tokens the token endpoint issued. */
  tokensIssued: number;
  /** Makes every token issued so far invalid (as an expiry would). */
  expireTokens(): void;
  /** The registered entities, by `kind:project/domain/name/version`. */
  readonly registered: Map<string, Uint8Array>;
  close(): Promise<void>;
}

const idKey = (id: Identifier | undefined) => `${id?.project}/${id?.domain}/${id?.name}/${id?.version}`;

/** flyteadmin's `ValidateIdentifier`: every part present, the resource type the call's. */
function validateIdentifier(id: Identifier | undefined, type: ResourceType): asserts id is Identifier {
  if (id === undefined) throw new ConnectError("missing id", Code.InvalidArgument);
  for (const part of ["project", "domain", "name", "version"] as const)
    if (id[part] === "") throw new ConnectError(`missing ${part}`, Code.InvalidArgument);
  if (id.resourceType !== type)
    throw new ConnectError(
      `unexpected resource type ${ResourceType[id.resourceType]} for identifier [${idKey(id)}], expected ${ResourceType[type]} instead`,
      Code.InvalidArgument,
    );
}

export async function startAdminStandIn(options: StandInOptions = {}): Promise<AdminStandIn> {
  const store = mkdtempSync(join(tmpdir(), "admin-stand-in-"));
  const registered = new Map<string, Uint8Array>();
  const tasks = new Map<string, TaskSpec>();
  const workflows = new Map<string, WorkflowSpec>();
  const plans = new Map<string, LaunchPlan>();
  const calls: string[] = [];
  const uploads: { key: string; bytes: Buffer }[] = [];
  const expectedMd5 = new Map<string, string>();
  const validTokens = new Set<string>();
  const executions = new Map<
    string,
    {
      request: ExecutionCreateRequest;
      phase: WorkflowExecution_Phase;
      outputs?: LiteralMap;
      error?: { code: string; message: string };
    }
  >();
  let httpBase = "";

  const devices = new Map<string, number>();
  const refreshTokens = new Set<string>();
  const codes = new Map<string, { challenge: string; redirectUri: string }>();
  const issue = (response: import("node:http").ServerResponse) => {
    const token = randomBytes(16).toString("hex");
    validTokens.add(token);
    refreshTokens.add(`r${token}`);
    state.tokensIssued++;
    response.writeHead(200, { "content-type": "application/json" }).end(
      JSON.stringify({
        access_token: token,
        token_type: "bearer",
        expires_in: 3600,
        refresh_token: `r${token}`,
      }),
    );
  };
  const authorize = (context: HandlerContext) => {
    calls.push(`${context.service.typeName.split(".").at(-1)}/${context.method.name}`);
    if (options.clientCredentials === undefined && options.users === undefined) return;
    const header = context.requestHeader.get("authorization") ?? "";
    const token = header.slice(7);
    if (!header.startsWith("Bearer ") || !(validTokens.has(token) || token === options.users?.staticToken))
      throw new ConnectError("token is not valid", Code.Unauthenticated);
  };

  /** flyteadmin's create semantics: identical content is AlreadyExists, other content InvalidArgument. */
  const createOnce = (kind: string, id: Identifier, bytes: Uint8Array) => {
    const key = `${kind}:${idKey(id)}`;
    const existing = registered.get(key);
    if (existing !== undefined) {
      if (Buffer.from(existing).equals(Buffer.from(bytes)))
        throw new ConnectError(`${kind} with identical structure already exists`, Code.AlreadyExists);
      throw new ConnectError(`${kind} with different structure already exists`, Code.InvalidArgument);
    }
    registered.set(key, bytes);
  };

  /** Every task and launch plan a workflow's nodes reference must be registered first. */
  const checkReferences = (spec: WorkflowSpec) => {
    const visit = (node: unknown): void => {
      if (node === null || typeof node !== "object") return;
      const target = (node as { target?: { case?: string; value?: Record<string, unknown> } }).target;
      if (target?.case === "taskNode") {
        const reference = target.value?.reference as { case?: string; value?: Identifier } | undefined;
        if (reference?.case === "referenceId" && !tasks.has(idKey(reference.value)))
          throw new ConnectError(
            `task [${idKey(reference.value)}] is not registered: register tasks before the workflows that use them`,
            Code.InvalidArgument,
          );
      }
      if (target?.case === "workflowNode") {
        const reference = target.value?.reference as { case?: string; value?: Identifier } | undefined;
        if (reference?.case === "launchplanRef" && !plans.has(idKey(reference.value)))
          throw new ConnectError(
            `launch plan [${idKey(reference.value)}] is not registered`,
            Code.InvalidArgument,
          );
      }
      for (const value of Object.values(node as Record<string, unknown>)) {
        if (Array.isArray(value)) for (const item of value) visit(item);
        else if (value !== null && typeof value === "object" && !(value instanceof Uint8Array)) visit(value);
      }
    };
    visit(spec.template);
  };

  /** A task execution, run as propeller would run its pod: the template's args, rendered. */
  const runTask = (name: string, spec: TaskSpec, inputs: LiteralMap) => {
    const execution = executions.get(name);
    if (execution === undefined) return;
    const work = mkdtempSync(join(store, `run-${name}-`));
    writeFileSync(join(work, "inputs.pb"), toBinary(LiteralMapSchema, inputs));
    const target = spec.template?.target;
    const args = target?.case === "container" ? target.value.args : [];
    const rendered = args.map((arg) =>
      arg === "{{.input}}"
        ? join(work, "inputs.pb")
        : arg === "{{.outputPrefix}}"
          ? join(work, "out")
          : arg === "{{.rawOutputDataPrefix}}"
            ? join(work, "raw")
            : arg,
    );
    const entry = {
      "tsflyte-fast-execute": "tsflyte-fast-execute.js",
      "tsflyte-execute": "tsflyte-execute.js",
    }[rendered[0] as string];
    execution.phase = WorkflowExecution_Phase.RUNNING;
    // This pod runs on the test machine: code is unpacked only inside the test fixtures.
    const dest = rendered[rendered.indexOf("--dest-dir") + 1];
    if (
      rendered.includes("--dest-dir") &&
      !(dest ?? "").startsWith(join(runtimeDir, "..", "cli", "test", "fixtures"))
    ) {
      execution.phase = WorkflowExecution_Phase.FAILED;
      execution.error = {
        code: "Unsupported",
        message: `the stand-in unpacks code only inside the test fixtures, not ${dest}`,
      };
      return;
    }
    if (entry === undefined) {
      execution.phase = WorkflowExecution_Phase.FAILED;
      execution.error = {
        code: "Unsupported",
        message: `the stand-in runs tsflyte entrypoints only, not ${rendered[0]}`,
      };
      return;
    }
    execFile(
      process.execPath,
      [join(runtimeDir, "bin", entry), ...rendered.slice(1)],
      { cwd: store },
      (error, _stdout, stderr) => {
        const outputs = join(work, "out", "outputs.pb");
        const errorFile = join(work, "out", "error.pb");
        if (existsSync(outputs)) {
          execution.outputs = fromBinary(LiteralMapSchema, readFileSync(outputs));
          execution.phase = WorkflowExecution_Phase.SUCCEEDED;
        } else {
          const document = existsSync(errorFile)
            ? fromBinary(ErrorDocumentSchema, readFileSync(errorFile))
            : undefined;
          execution.error = {
            code: document?.error?.code ?? "ContainerFailed",
            message: document?.error?.message ?? `exit ${error?.code}: ${stderr.slice(-500)}`,
          };
          execution.phase = WorkflowExecution_Phase.FAILED;
        }
      },
    );
  };

  const routes = (router: ConnectRouter) => {
    router.service(AdminService, {
      createTask(request, context) {
        authorize(context);
        validateIdentifier(request.id, ResourceType.TASK);
        if (request.spec?.template === undefined)
          throw new ConnectError("missing task template", Code.InvalidArgument);
        if (idKey(request.spec.template.id) !== idKey(request.id))
          throw new ConnectError("the template's id is not the request's", Code.InvalidArgument);
        createOnce("task", request.id, toBinary(TaskSpecSchema, request.spec));
        tasks.set(idKey(request.id), request.spec);
        return {};
      },
      getTask(request, context) {
        authorize(context);
        const spec = tasks.get(idKey(request.id));
        if (spec === undefined)
          throw new ConnectError(`task [${idKey(request.id)}] not found`, Code.NotFound);
        return { id: request.id, closure: { compiledTask: { template: spec.template } } };
      },
      createWorkflow(request, context) {
        authorize(context);
        validateIdentifier(request.id, ResourceType.WORKFLOW);
        if (request.spec?.template === undefined)
          throw new ConnectError("missing workflow template", Code.InvalidArgument);
        checkReferences(request.spec);
        createOnce("workflow", request.id, toBinary(WorkflowSpecSchema, request.spec));
        workflows.set(idKey(request.id), request.spec);
        return {};
      },
      createLaunchPlan(request, context) {
        authorize(context);
        validateIdentifier(request.id, ResourceType.LAUNCH_PLAN);
        const spec = request.spec;
        const workflow = workflows.get(idKey(spec?.workflowId));
        if (workflow === undefined)
          throw new ConnectError(
            `workflow [${idKey(spec?.workflowId)}] is not registered: register workflows before their launch plans`,
            Code.InvalidArgument,
          );
        const declared = new Set(Object.keys(workflow.template?.interface?.inputs?.variables ?? {}));
        for (const name of [
          ...Object.keys(spec?.defaultInputs?.parameters ?? {}),
          ...Object.keys(spec?.fixedInputs?.literals ?? {}),
        ])
          if (!declared.has(name))
            throw new ConnectError(
              `launch plan input ${name} is not an input of workflow ${spec?.workflowId?.name}`,
              Code.InvalidArgument,
            );
        const plan = create(LaunchPlanSchema, { id: request.id, spec });
        createOnce("launch plan", request.id, toBinary(LaunchPlanSchema, plan));
        plans.set(idKey(request.id), plan);
        return {};
      },
      createExecution(request, context) {
        authorize(context);
        if (request.project === "" || request.domain === "")
          throw new ConnectError("missing project or domain", Code.InvalidArgument);
        const target = request.spec?.launchPlan;
        const inputs = request.inputs ?? create(LiteralMapSchema);
        let variables: Record<string, unknown> = {};
        let task: TaskSpec | undefined;
        if (target?.resourceType === ResourceType.TASK) {
          task = tasks.get(idKey(target));
          if (task === undefined) throw new ConnectError(`task [${idKey(target)}] not found`, Code.NotFound);
          variables = task.template?.interface?.inputs?.variables ?? {};
          for (const name of Object.keys(variables))
            if (inputs.literals[name] === undefined)
              throw new ConnectError(`missing input ${name}`, Code.InvalidArgument);
        } else {
          const plan = plans.get(idKey(target));
          if (plan === undefined)
            throw new ConnectError(`launch plan [${idKey(target)}] not found`, Code.NotFound);
          variables =
            workflows.get(idKey(plan.spec?.workflowId))?.template?.interface?.inputs?.variables ?? {};
        }
        for (const name of Object.keys(inputs.literals))
          if (!(name in variables)) throw new ConnectError(`invalid input ${name}`, Code.InvalidArgument);
        const name = request.name || `a${randomBytes(10).toString("hex").slice(0, 19)}`;
        if (executions.has(name))
          throw new ConnectError(`execution ${name} already exists`, Code.AlreadyExists);
        executions.set(name, { request, phase: WorkflowExecution_Phase.QUEUED });
        // Task executions run here; workflows would need propeller: they stay queued.
        if (task !== undefined) setTimeout(() => runTask(name, task as TaskSpec, inputs), 50);
        return { id: { project: request.project, domain: request.domain, name } };
      },
      getExecution(request, context) {
        authorize(context);
        const execution = executions.get(request.id?.name ?? "");
        if (execution === undefined)
          throw new ConnectError(`execution ${request.id?.name} not found`, Code.NotFound);
        return {
          id: request.id,
          spec: execution.request.spec,
          closure: {
            phase: execution.phase,
            ...(execution.error === undefined
              ? {}
              : {
                  outputResult: {
                    case: "error" as const,
                    value: create(ExecutionErrorSchema, {
                      ...execution.error,
                      kind: ExecutionError_ErrorKind.USER,
                    }),
                  },
                }),
          },
        };
      },
      getExecutionData(request, context) {
        authorize(context);
        const execution = executions.get(request.id?.name ?? "");
        if (execution === undefined)
          throw new ConnectError(`execution ${request.id?.name} not found`, Code.NotFound);
        return {
          fullInputs: execution.request.inputs,
          ...(execution.outputs === undefined ? {} : { fullOutputs: execution.outputs }),
        };
      },
    });
    router.service(DataProxyService, {
      createUploadLocation(request, context) {
        authorize(context);
        if (request.project === "" || request.domain === "")
          throw new ConnectError("project and domain are required", Code.InvalidArgument);
        if (request.contentMd5.length !== 16)
          throw new ConnectError("content_md5 must be an md5 digest", Code.InvalidArgument);
        const key = `${request.project}/${request.domain}/${Buffer.from(request.contentMd5).toString("hex")}/${request.filename}`;
        expectedMd5.set(key, Buffer.from(request.contentMd5).toString("base64"));
        return { signedUrl: `${httpBase}/upload/${key}`, nativeUrl: `file://${join(store, "objects", key)}` };
      },
    });
    router.service(AuthMetadataService, {
      getOAuth2Metadata() {
        return {
          issuer: httpBase,
          tokenEndpoint: `${httpBase}/oauth2/token`,
          authorizationEndpoint: `${httpBase}/oauth2/authorize`,
          deviceAuthorizationEndpoint: `${httpBase}/oauth2/device`,
          grantTypesSupported: [
            "client_credentials",
            "authorization_code",
            "urn:ietf:params:oauth:grant-type:device_code",
            "refresh_token",
          ],
          codeChallengeMethodsSupported: ["S256"],
        };
      },
      getPublicClientConfig() {
        return {
          clientId: "flytectl",
          redirectUri: "http://localhost:53593/callback",
          scopes: ["all"],
          authorizationMetadataKey: "authorization",
        };
      },
    });
  };

  const handler = connectNodeAdapter({ routes, grpc: true, connect: false, grpcWeb: false });
  const grpc: Http2Server | Http2SecureServer =
    options.tls === undefined
      ? createHttp2Server(handler)
      : createHttp2SecureServer({ key: options.tls.key, cert: options.tls.cert }, handler);
  await new Promise<void>((resolve) => grpc.listen(0, "127.0.0.1", resolve));

  const http: Server = createHttpServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks);
      const url = new URL(request.url ?? "/", httpBase);
      if (request.method === "PUT" && url.pathname.startsWith("/upload/")) {
        const key = decodeURIComponent(url.pathname.slice("/upload/".length));
        const md5 = createHash("md5").update(body).digest("base64");
        if (expectedMd5.get(key) !== md5 || request.headers["content-md5"] !== md5) {
          response.writeHead(400).end("Content-MD5 does not match");
          return;
        }
        mkdirSync(join(store, "objects", key, ".."), { recursive: true });
        writeFileSync(join(store, "objects", key), body);
        uploads.push({ key, bytes: body });
        response.writeHead(200).end();
        return;
      }
      if (request.method === "POST" && url.pathname === "/oauth2/device") {
        const code = randomBytes(8).toString("hex");
        devices.set(code, 0);
        response.writeHead(200, { "content-type": "application/json" }).end(
          JSON.stringify({
            device_code: code,
            user_code: "WDJB-MJHT",
            verification_uri: `${httpBase}/device`,
            interval: 1,
            expires_in: 60,
          }),
        );
        return;
      }
      if (request.method === "GET" && url.pathname === "/oauth2/authorize") {
        const redirectUri = url.searchParams.get("redirect_uri") ?? "";
        if (
          url.searchParams.get("code_challenge_method") !== "S256" ||
          url.searchParams.get("client_id") !== "flytectl"
        ) {
          response.writeHead(400).end("PKCE with S256 for the public client is required");
          return;
        }
        const code = randomBytes(8).toString("hex");
        codes.set(code, { challenge: url.searchParams.get("code_challenge") ?? "", redirectUri });
        const back = new URL(redirectUri);
        back.searchParams.set("code", code);
        back.searchParams.set("state", url.searchParams.get("state") ?? "");
        response.writeHead(302, { location: back.toString() }).end();
        return;
      }
      if (request.method === "POST" && url.pathname === "/oauth2/token") {
        const form = new URLSearchParams(body.toString("utf8"));
        const grant = form.get("grant_type");
        if (grant === "urn:ietf:params:oauth:grant-type:device_code") {
          const polls = devices.get(form.get("device_code") ?? "");
          if (polls === undefined) {
            response
              .writeHead(400, { "content-type": "application/json" })
              .end(JSON.stringify({ error: "invalid_grant" }));
            return;
          }
          devices.set(form.get("device_code") as string, polls + 1);
          if (polls === 0) {
            response
              .writeHead(400, { "content-type": "application/json" })
              .end(JSON.stringify({ error: "authorization_pending" }));
            return;
          }
          issue(response);
          return;
        }
        if (grant === "authorization_code") {
          const pending = codes.get(form.get("code") ?? "");
          const verifier = form.get("code_verifier") ?? "";
          const challenge = createHash("sha256").update(verifier).digest("base64url");
          if (
            pending === undefined ||
            pending.challenge !== challenge ||
            pending.redirectUri !== form.get("redirect_uri")
          ) {
            response.writeHead(400, { "content-type": "application/json" }).end(
              JSON.stringify({
                error: "invalid_grant",
                error_description: "code, verifier or redirect URI",
              }),
            );
            return;
          }
          codes.delete(form.get("code") as string);
          issue(response);
          return;
        }
        if (grant === "refresh_token" && refreshTokens.has(form.get("refresh_token") ?? "")) {
          issue(response);
          return;
        }
        const basic = Buffer.from(
          (request.headers.authorization ?? "").replace(/^Basic /, ""),
          "base64",
        ).toString("utf8");
        const expected = options.clientCredentials;
        const [id, secret] = basic.split(":").map((part) => decodeURIComponent(part));
        if (
          form.get("grant_type") !== "client_credentials" ||
          expected === undefined ||
          id !== expected.clientId ||
          secret !== expected.secret
        ) {
          response
            .writeHead(401, { "content-type": "application/json" })
            .end(JSON.stringify({ error: "invalid_client", error_description: "bad client credentials" }));
          return;
        }
        issue(response);
        return;
      }
      response.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  httpBase = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;

  const state: AdminStandIn = {
    endpoint: `127.0.0.1:${(grpc.address() as AddressInfo).port}`,
    httpBase,
    calls,
    uploads,
    tokensIssued: 0,
    expireTokens: () => validTokens.clear(),
    registered,
    close: async () => {
      await new Promise<void>((resolve) => grpc.close(() => resolve()));
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
  return state;
}
