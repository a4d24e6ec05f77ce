import { createHash } from "node:crypto";
import {
  MANIFEST_VERSION,
  type Manifest,
  type ManifestExport,
  type ManifestInputs,
  type ManifestTask,
  type ManifestWorkflow,
} from "@flytekit-ts/core/manifest";
import type { FileFindings } from "./findings.js";

const byModuleKey = (a: { module: string; key: string }, b: { module: string; key: string }) =>
  a.module === b.module ? (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) : a.module < b.module ? -1 : 1;
const byModuleLine = (a: ManifestWorkflow, b: ManifestWorkflow) =>
  a.module === b.module ? a.line - b.line : a.module < b.module ? -1 : 1;

/**
 * The manifest of a project from what its fronts found in each file: tasks by module and key,
 * workflows and launch plans by module and line, each with a hash of its entry and source text.
 */
export function assembleManifest(files: readonly FileFindings[], inputs: ManifestInputs): Manifest {
  const tasks: ManifestTask[] = [];
  const workflows: ManifestWorkflow[] = [];
  const exports: ManifestExport[] = [];
  for (const file of files) {
    for (const finding of file.findings) {
      if (finding.kind === "export") {
        exports.push({ ...finding.tracking, compiledFile: file.compiledFile });
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
      const hashOf = (entry: object) =>
        createHash("sha256").update(JSON.stringify(entry)).update(finding.text).digest("hex");
      if (kind === "workflow" || kind === "launchPlan") {
        const entry = { ...common, kind, ...place };
        workflows.push({ ...entry, hash: hashOf(entry) });
      } else {
        const entry = {
          ...common,
          kind,
          ...(finding.className === undefined ? {} : { className: finding.className }),
          ...place,
        };
        tasks.push({ ...entry, hash: hashOf(entry) });
      }
    }
  }
  return {
    version: MANIFEST_VERSION,
    inputs,
    tasks: tasks.sort(byModuleKey),
    workflows: workflows.sort(byModuleLine),
    exports: exports.sort(byModuleKey),
  };
}
