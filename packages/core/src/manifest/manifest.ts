/**
 * The task manifest, `flyte.manifest.json`: what the build knows about a project's tasks,
 * workflows, launch plans and tracked classes (identity, compiled file, interface), and the files it
 * was made from. The transformer's fronts write it; `tsflyte` and `tsflyte-execute` read it. This
 * module is the one description of its shape, shared by both.
 */
import type { SignatureDescriptor } from "../interface/signature.js";
import type { TrackingInfo } from "../tracking/tracking.js";

/** The manifest's file name, in the project root. */
export const MANIFEST_FILE = "flyte.manifest.json";

/**
 * The version written now. 2 added `inputs` (the files the manifest was made from, for freshness
 * checks); version 1 manifests are still read (they are always treated as stale when TypeScript is
 * at hand).
 */
export const MANIFEST_VERSION = 2;

/** The resolver locations `tsflyte-execute` knows without importing anything by name. */
export const BUILT_IN_LOCATIONS = {
  defaultTaskResolver: "@flytekit-ts/runtime:defaultTaskResolver",
  defaultTaskTemplateResolver: "@flytekit-ts/runtime:defaultTaskTemplateResolver",
  /** Named in map tasks' args (flytekit's `ArrayNodeMapTaskResolver`); `tsflyte-map-execute` reads them. */
  mapTaskResolver: "@flytekit-ts/runtime:mapTaskResolver",
} as const;

/** One task of the project. */
export interface ManifestTask {
  /** The task's name: its explicit `name`, else `module.key`. */
  readonly name: string;
  readonly module: string;
  readonly key: string;
  /** `function` (task()), `method` (@task), or `instance` (a TrackedInstance task such as ContainerTask). */
  readonly kind: "function" | "method" | "instance";
  /** The class of an instance task. */
  readonly className?: string;
  /** The compiled JavaScript file, relative to the project root. */
  readonly compiledFile: string;
  /** The TypeScript file, relative to the project root. */
  readonly sourceFile: string;
  /** The 1-based line of the declaration. */
  readonly line: number;
  /** Parameter and return descriptors (function and method tasks). */
  readonly signature?: SignatureDescriptor;
  /** sha256 of the entry and its declaration's source text: changes when the task does. */
  readonly hash: string;
}

/** A workflow or launch plan of the project. */
export interface ManifestWorkflow {
  /** The explicit `name` (a launch plan's first argument), else `module.key`. */
  readonly name: string;
  readonly module: string;
  readonly key: string;
  /** `workflow` (workflow()) or `launchPlan` (LaunchPlan.create). */
  readonly kind: "workflow" | "launchPlan";
  readonly compiledFile: string;
  readonly sourceFile: string;
  readonly line: number;
  /** Parameter and return descriptors (workflows). */
  readonly signature?: SignatureDescriptor;
  /** sha256 of the entry and its declaration's source text. */
  readonly hash: string;
}

/** An exported object tracked by the transformer that is not a task (shim executors, resolvers). */
export interface ManifestExport extends TrackingInfo {
  readonly compiledFile: string;
}

/** What the manifest was made from: paths relative to the project root, with their sha256. */
export interface ManifestInputs {
  /** Every source file of the program the manifest was extracted from. */
  readonly sources: Readonly<Record<string, string>>;
  /**
   * The compiled file of each source, with its sha256 when it existed at extraction (`""` when it
   * was not built yet: a front that writes the manifest while compiling).
   */
  readonly compiled: Readonly<Record<string, string>>;
  /** The folders the compiled files are in: a JavaScript file there that is not listed is new. */
  readonly outDirs: readonly string[];
}

/** The whole manifest. */
export interface Manifest {
  readonly version: number;
  readonly inputs?: ManifestInputs;
  readonly tasks: readonly ManifestTask[];
  /** Workflows and launch plans, by module and then source line (declaration order). */
  readonly workflows: readonly ManifestWorkflow[];
  readonly exports: readonly ManifestExport[];
}

/** Any entry of a manifest: what the loaders need to find an export. */
export type ManifestEntry = ManifestTask | ManifestWorkflow | ManifestExport;
