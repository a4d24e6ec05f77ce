/**
 * `@flytekit-ts/core/manifest`: the manifest contract, `flyte.manifest.json` (its types, version,
 * built-in resolver locations and validating parser), alone: the transformer's fronts write it,
 * the runtime and the CLI read it, and none of them loads the SDK to do so.
 */

export type {
  ParameterDescriptor,
  ReturnDescriptor,
  SignatureDescriptor,
} from "./interface/signature.js";
export {
  BUILT_IN_LOCATIONS,
  MANIFEST_FILE,
  MANIFEST_VERSION,
  type Manifest,
  type ManifestEntry,
  type ManifestExport,
  type ManifestInputs,
  type ManifestTask,
  type ManifestWorkflow,
} from "./manifest/manifest.js";
export { parseManifest } from "./manifest/parse-manifest.js";
export type { TrackingInfo } from "./tracking/tracking.js";
export type { TypeDescriptor } from "./types/descriptor.js";
