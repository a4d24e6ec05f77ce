import type { TaskMeta, TrackingInfo } from "@flytekit-ts/core/internal";
import type ts from "typescript";

/** A problem found at build time, reported as a compiler diagnostic with file and line. */
export interface FlyteDiagnostic {
  readonly node: ts.Node;
  readonly message: string;
}

/** `export const key = task(fn, options?)`. */
export interface FunctionTaskSite {
  readonly kind: "function";
  readonly call: ts.CallExpression;
  readonly meta: TaskMeta;
  /** The explicit `name` option, when it is a string literal. */
  readonly name?: string;
  /** A task inside a function of a test module: given an interface to run locally, never packaged. */
  readonly local?: boolean;
}

/**
 * `export const key = makeReport("daily")`, where the called function returns a task made by
 * `task()`: the task gets this binding's identity (flytekit tracks such instances where they are
 * assigned), and its interface from the task function's signature.
 */
export interface FactoryTaskSite {
  readonly kind: "factory";
  readonly call: ts.CallExpression;
  readonly meta: TaskMeta;
}

/** `export const key = workflow(fn, options?)`. */
export interface WorkflowSite {
  readonly kind: "workflow";
  readonly call: ts.CallExpression;
  readonly meta: TaskMeta;
  readonly name?: string;
}

/** `export const key = LaunchPlan.create("name", workflow, ...)`: recorded, not rewritten. */
export interface LaunchPlanSite {
  readonly kind: "launchPlan";
  readonly call: ts.CallExpression;
  readonly tracking: TrackingInfo;
  readonly name?: string;
}

/** `@task` on a method of an exported class. */
export interface MethodTaskSite {
  readonly kind: "method";
  readonly classDeclaration: ts.ClassDeclaration;
  readonly method: string;
  readonly meta: TaskMeta;
  readonly name?: string;
}

/** `export const key = new C(...)` (or a static field) where C extends TrackedInstance. */
export interface TrackedSite {
  readonly kind: "instance";
  readonly expression: ts.NewExpression;
  readonly tracking: TrackingInfo;
  /** The instance's class name, and whether it is a task (container task, instance task, ...). */
  readonly className: string;
  readonly isTask: boolean;
  readonly name?: string;
}

/** An exported class that extends TrackedInstance (executors, resolvers): tracked by its class. */
export interface TrackedClassSite {
  readonly kind: "class";
  readonly classDeclaration: ts.ClassDeclaration;
  readonly tracking: TrackingInfo;
}

export type Site =
  | FunctionTaskSite
  | FactoryTaskSite
  | MethodTaskSite
  | TrackedSite
  | TrackedClassSite
  | WorkflowSite
  | LaunchPlanSite;

/** Everything found in one source file. */
export interface Analysis {
  readonly module: string;
  readonly sites: readonly Site[];
  readonly diagnostics: readonly FlyteDiagnostic[];
}

/** Where names come from. */
export interface AnalyzeOptions {
  /** Module names are relative to this folder. */
  readonly rootDir: string;
  /** Source paths in the manifest are relative to this folder. @default rootDir */
  readonly projectRoot?: string;
}
