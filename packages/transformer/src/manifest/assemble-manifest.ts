import { createHash } from "node:crypto";
import { MANIFEST_VERSION, type Manifest, type ManifestInputs } from "@flytekit-ts/core/manifest";
import type { FileFindings } from "./findings.js";

/** An entry as the manifest holds it: its JSON text, and the module and key it is ordered by. */
export type EntryText = readonly [module: string, key: string, text: string];
/** A workflow or launch plan entry: ordered by module and source line (declaration order). */
export type WorkflowText = readonly [module: string, line: number, text: string];

/**
 * One source file's manifest entries, each already JSON: a run that reads a module again makes its
 * entries again, and the manifest is the others' texts (kept by the syntactic front's cache) and
 * these, put in order.
 */
export interface ModuleEntries {
  readonly tasks: readonly EntryText[];
  readonly workflows: readonly WorkflowText[];
  readonly exports: readonly EntryText[];
}

/**
 * `entry` as JSON with its `hash` (sha256 of the entry and its declaration's source text) last: the
 * text `JSON.stringify({ ...entry, hash })` gives, without making it twice.
 */
function hashedText(entry: object, source: string): string {
  const text = JSON.stringify(entry);
  const hash = createHash("sha256").update(text).update(source).digest("hex");
  return `${text.slice(0, -1)},"hash":"${hash}"}`;
}

/** The manifest entries of what a front found in one file. */
export function moduleEntries(file: FileFindings): ModuleEntries {
  const tasks: EntryText[] = [];
  const workflows: WorkflowText[] = [];
  const exports: EntryText[] = [];
  for (const finding of file.findings) {
    if (finding.kind === "export") {
      const entry = { ...finding.tracking, compiledFile: file.compiledFile };
      exports.push([entry.module, entry.key, JSON.stringify(entry)]);
      continue;
    }
    const { identity, kind } = finding;
    const common = {
      name: finding.name ?? `${identity.module}.${identity.key}`,
      module: identity.module,
      key: identity.key,
    };
    const place = {
      compiledFile: file.compiledFile,
      sourceFile: identity.sourceFile ?? file.sourceFile,
      line: identity.line ?? 0,
      ...(finding.signature === undefined ? {} : { signature: finding.signature }),
    };
    if (kind === "workflow" || kind === "launchPlan") {
      workflows.push([common.module, place.line, hashedText({ ...common, kind, ...place }, finding.text)]);
    } else {
      const entry = {
        ...common,
        kind,
        ...(finding.className === undefined ? {} : { className: finding.className }),
        ...place,
      };
      tasks.push([common.module, common.key, hashedText(entry, finding.text)]);
    }
  }
  return { tasks, workflows, exports };
}

const byModuleThen = <T extends string | number>(
  a: readonly [string, T, string],
  b: readonly [string, T, string],
) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0) : a[0] < b[0] ? -1 : 1);

/**
 * The manifest's JSON (what `JSON.stringify` gives for {@link assembleManifest}'s object): tasks
 * and exports by module and key, workflows and launch plans by module and line, each list in the
 * files' order where those tie.
 */
export function manifestJson(modules: readonly ModuleEntries[], inputs: ManifestInputs | undefined): string {
  const list = <T extends EntryText | WorkflowText>(pick: (entries: ModuleEntries) => readonly T[]) =>
    modules
      .flatMap(pick)
      .sort(byModuleThen as (a: T, b: T) => number)
      .map((entry) => entry[2])
      .join(",");
  const inputsJson = inputs === undefined ? "" : `"inputs":${JSON.stringify(inputs)},`;
  return `{"version":${MANIFEST_VERSION},${inputsJson}"tasks":[${list((m) => m.tasks)}],"workflows":[${list((m) => m.workflows)}],"exports":[${list((m) => m.exports)}]}`;
}

/**
 * The manifest of a project from what its fronts found in each file: tasks by module and key,
 * workflows and launch plans by module and line, each with a hash of its entry and source text.
 */
export function assembleManifest(files: readonly FileFindings[], inputs: ManifestInputs): Manifest {
  return JSON.parse(manifestJson(files.map(moduleEntries), inputs)) as Manifest;
}
