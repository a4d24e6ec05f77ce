import { createHash } from "node:crypto";
import { fromBinary } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { FlyteError } from "@flytekit-ts/core";
import {
  type LaunchPlan,
  LaunchPlanSchema,
  type TaskSpec,
  TaskSpecSchema,
  type WorkflowSpec,
  WorkflowSpecSchema,
} from "@flytekit-ts/core/idl";
import type { CodeBundle } from "../fast/code-bundle.js";
import type { EntityKind, RegistrationFile } from "../packaging/registration-files.js";
import { describeCallError, type FlyteAdmin, flyteErrorBehind } from "./admin-client.js";
import { hydrate } from "./hydrate.js";

/** One registered entity, for the table `tsflyte register` prints. */
export interface RegisteredEntity {
  readonly kind: EntityKind;
  readonly name: string;
  readonly version: string;
  /** `registered`, or `already registered` when FlyteAdmin had it with the same content. */
  readonly status: "registered" | "already registered";
}

/** What {@link registerEntities} did. */
export interface Registration {
  readonly version: string;
  readonly entities: readonly RegisteredEntity[];
  /** Where the code bundle was uploaded (fast registration). */
  readonly bundleLocation?: string;
}

/** An entity FlyteAdmin refused (already registered with other content, a missing reference, ...). */
export class RegistrationError extends FlyteError {
  constructor(
    readonly entity: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super("VALIDATION", message, options);
  }
}

/**
 * The version registration uses unless one is given: a hash of what is registered (every entity's
 * bytes and the code bundle's digest), so the same code and settings give the same version and a
 * changed line gives another.
 */
export function contentVersion(files: readonly RegistrationFile[], bundle: CodeBundle | undefined): string {
  const hash = createHash("sha256");
  for (const file of files) hash.update(file.fileName).update(file.entity.bytes);
  if (bundle !== undefined) hash.update(bundle.digest);
  return hash.digest("base64url").slice(0, 22).replace(/[-_]/g, "0");
}

/** Uploads the bundle through the data proxy (`CreateUploadLocation`, then an HTTP PUT with its MD5); its native URL. */
export async function uploadBundle(
  remote: FlyteAdmin,
  project: string,
  domain: string,
  bundle: CodeBundle,
): Promise<string> {
  const md5 = createHash("md5").update(bundle.bytes).digest();
  const location = await remote.dataProxy
    .createUploadLocation({ project, domain, filename: bundle.fileName, contentMd5: md5 })
    .catch((error: unknown) => {
      throw describeCallError(
        error,
        remote.config.endpoint,
        `cannot get an upload location for ${bundle.fileName}`,
      );
    });
  const response = await fetch(location.signedUrl, {
    method: "PUT",
    headers: {
      "content-md5": md5.toString("base64"),
      "content-length": String(bundle.bytes.length),
      ...location.headers,
    },
    body: bundle.bytes,
  }).catch((error: unknown) => {
    throw new RegistrationError(
      bundle.fileName,
      `uploading ${bundle.fileName} failed: ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
      },
    );
  });
  if (!response.ok)
    throw new RegistrationError(
      bundle.fileName,
      `uploading ${bundle.fileName} failed: HTTP ${response.status}`,
    );
  return location.nativeUrl;
}

const LABEL: Readonly<Record<EntityKind, string>> = {
  task: "task",
  workflow: "workflow",
  launchPlan: "launch plan",
};

/**
 * Registers serialized entities (dependencies first, as `tsflyte package` orders them) with
 * FlyteAdmin: the bundle uploaded first (fast registration), then each entity hydrated with the
 * project, domain, version and bundle location, and created. An entity FlyteAdmin already has with
 * the same content counts as registered; with other content it is an error naming the entity.
 */
export async function registerEntities(
  remote: FlyteAdmin,
  files: readonly RegistrationFile[],
  options: {
    project: string;
    domain: string;
    version?: string;
    bundle?: CodeBundle;
    destinationDir?: string;
  },
): Promise<Registration> {
  const { project, domain } = options;
  const version = options.version ?? contentVersion(files, options.bundle);
  const bundleLocation =
    options.bundle === undefined ? undefined : await uploadBundle(remote, project, domain, options.bundle);
  const hydration = {
    project,
    domain,
    version,
    ...(bundleLocation === undefined ? {} : { remotePackagePath: bundleLocation }),
    ...(options.destinationDir === undefined ? {} : { destinationDir: options.destinationDir }),
  };
  const entities: RegisteredEntity[] = [];
  for (const { entity } of files) {
    const name = entity.name;
    let call: Promise<unknown>;
    if (entity.kind === "task") {
      const spec: TaskSpec = fromBinary(TaskSpecSchema, entity.bytes);
      hydrate(spec, hydration);
      call = remote.admin.createTask({ id: spec.template?.id, spec });
    } else if (entity.kind === "workflow") {
      const spec: WorkflowSpec = fromBinary(WorkflowSpecSchema, entity.bytes);
      hydrate(spec, hydration);
      call = remote.admin.createWorkflow({ id: spec.template?.id, spec });
    } else {
      const plan: LaunchPlan = fromBinary(LaunchPlanSchema, entity.bytes);
      hydrate(plan, hydration);
      call = remote.admin.createLaunchPlan({ id: plan.id, spec: plan.spec });
    }
    try {
      await call;
      entities.push({ kind: entity.kind, name, version, status: "registered" });
    } catch (error) {
      const behind = flyteErrorBehind(error);
      if (behind !== undefined) throw behind;
      const connect = ConnectError.from(error);
      if (connect.code === Code.AlreadyExists) {
        entities.push({ kind: entity.kind, name, version, status: "already registered" });
        continue;
      }
      if (connect.code === Code.Unavailable || connect.code === Code.Unauthenticated)
        throw describeCallError(
          error,
          remote.config.endpoint,
          `cannot register ${LABEL[entity.kind]} ${name}`,
        );
      throw new RegistrationError(
        name,
        `${LABEL[entity.kind]} ${name} (version ${version}) was refused: ${connect.rawMessage}`,
        { cause: error },
      );
    }
  }
  return { version, entities, ...(bundleLocation === undefined ? {} : { bundleLocation }) };
}

/** The registration as a table: name, type, version, status. */
export function registrationTable(registration: Registration): string {
  const rows = registration.entities.map((entity) => [
    entity.name,
    LABEL[entity.kind],
    entity.version,
    entity.status,
  ]);
  const header = ["NAME", "TYPE", "VERSION", "STATUS"];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] as string).length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] as number))
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)].join("\n");
}
