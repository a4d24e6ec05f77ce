import { create } from "@bufbuild/protobuf";
import {
  IdentitySchema,
  type SecurityContext as SecurityContextMessage,
  SecurityContextSchema,
} from "../gen/flyteidl/core/security_pb.js";
import type { Secret } from "./secret.js";

/** The identity a task runs as. */
export interface RunAs {
  /** An IAM role to assume. */
  iamRole?: string;
  /** The Kubernetes service account of the pod. */
  k8sServiceAccount?: string;
  /** A user or service identity for the execution. */
  executionIdentity?: string;
}

/** Who a task runs as and which secrets it needs. */
export class SecurityContext {
  readonly runAs: Readonly<RunAs> | undefined;
  readonly secrets: readonly Secret[];

  constructor(init: { runAs?: RunAs; secrets?: readonly Secret[] } = {}) {
    this.runAs = init.runAs === undefined ? undefined : Object.freeze({ ...init.runAs });
    this.secrets = [...(init.secrets ?? [])];
    Object.freeze(this);
  }

  /** The `flyteidl.core.SecurityContext` message. */
  toModel(): SecurityContextMessage {
    return create(SecurityContextSchema, {
      ...(this.runAs === undefined
        ? {}
        : {
            runAs: create(IdentitySchema, {
              iamRole: this.runAs.iamRole ?? "",
              k8sServiceAccount: this.runAs.k8sServiceAccount ?? "",
              executionIdentity: this.runAs.executionIdentity ?? "",
            }),
          }),
      secrets: this.secrets.map((secret) => secret.toModel()),
    });
  }
}
