import { create } from "@bufbuild/protobuf";
import { FlyteValidationError } from "../errors/flyte-error.js";
import {
  Secret_MountType,
  type Secret as SecretMessage,
  SecretSchema,
} from "../gen/flyteidl/core/security_pb.js";

/** How a secret reaches the task container. */
export const SecretMountType = Secret_MountType;
export type SecretMountType = Secret_MountType;

/** Options of {@link Secret}. */
export interface SecretOptions {
  /** The secret's group (a Kubernetes secret name, a vault path, ...). Required. */
  group: string;
  /** The key inside the group. @default none (the whole group) */
  key?: string;
  /** The group's version, where the secret store has versions. @default none */
  groupVersion?: string;
  /** How the secret is mounted: `ANY` (the platform decides), `ENV_VAR` or `FILE`. @default SecretMountType.ANY */
  mountRequirement?: SecretMountType;
  /** The environment variable that receives the secret (with `ENV_VAR` mounting). @default the platform's naming */
  envVar?: string;
}

/** A secret a task needs at run time. Read it inside the task with the execution context's secrets accessor. */
export class Secret {
  readonly group: string;
  readonly key: string | undefined;
  readonly groupVersion: string | undefined;
  readonly mountRequirement: SecretMountType;
  readonly envVar: string | undefined;

  static readonly MountType = Secret_MountType;

  constructor(options: SecretOptions) {
    if (typeof options?.group !== "string" || options.group === "") {
      throw new FlyteValidationError("Group is a required parameter");
    }
    this.group = options.group;
    this.key = options.key;
    this.groupVersion = options.groupVersion;
    this.mountRequirement = options.mountRequirement ?? Secret_MountType.ANY;
    this.envVar = options.envVar;
    Object.freeze(this);
  }

  /** The `flyteidl.core.Secret` message. */
  toModel(): SecretMessage {
    return create(SecretSchema, {
      group: this.group,
      key: this.key ?? "",
      groupVersion: this.groupVersion ?? "",
      mountRequirement: this.mountRequirement,
      envVar: this.envVar ?? "",
    });
  }
}
