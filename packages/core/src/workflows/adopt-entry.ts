import type { ManifestEntry } from "../manifest/manifest.js";
import { FunctionTask } from "../tasks/function-task.js";
import { identityOf } from "../tasks/task-meta.js";
import { track, trackingOf } from "../tracking/tracking.js";
import { Workflow } from "./workflow.js";

/**
 * Gives an object loaded from a project what its manifest entry knows and the transformer would
 * have attached: identity (module, key, file, line) and, for function tasks, method tasks and
 * workflows, the signature their interface is built from. What the object has already (the
 * transformer ran) is kept. This is how output of any build (tsc, esbuild, tsx, swc) plus
 * `tsflyte extract` runs like a tspc build.
 */
export function adoptManifestEntry(entity: unknown, entry: ManifestEntry): void {
  if ((typeof entity !== "object" && typeof entity !== "function") || entity === null) return;
  const info = identityOf(entry);
  const signature = "signature" in entry ? entry.signature : undefined;
  if ((entity instanceof FunctionTask || entity instanceof Workflow) && signature !== undefined) {
    entity.adoptMeta({ ...info, signature });
    return;
  }
  if (trackingOf(entity) === undefined) track(entity, info);
}
