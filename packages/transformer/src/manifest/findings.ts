/**
 * What a front found in one source file, in a form that does not depend on the TypeScript API
 * that found it (TypeScript 6's compiler API, TypeScript 7's checker API): the manifest is
 * assembled from these, so every front writes the same manifest.
 */
import type { SignatureDescriptor, TrackingInfo } from "@flytekit-ts/core/manifest";

/** A task, workflow, launch plan or tracked export found in a source file. */
export type Finding =
  | {
      /** A tracked export that is not a task: an executor or resolver class or instance. */
      readonly kind: "export";
      readonly tracking: TrackingInfo;
    }
  | {
      readonly kind: "function" | "method" | "instance" | "workflow" | "launchPlan";
      readonly identity: TrackingInfo;
      /** The explicit `name` option (a launch plan's first argument), when it is a literal. */
      readonly name?: string;
      /** The class of an instance task. */
      readonly className?: string;
      readonly signature?: SignatureDescriptor;
      /** The declaration's source text: part of the entry's hash. */
      readonly text: string;
    };

/** Everything found in one source file. */
export interface FileFindings {
  /** The source file, relative to the project root (POSIX separators). */
  readonly sourceFile: string;
  /** Its compiled JavaScript file, relative to the project root. */
  readonly compiledFile: string;
  readonly findings: readonly Finding[];
}
