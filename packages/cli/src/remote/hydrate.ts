import { isMessage, type Message } from "@bufbuild/protobuf";
import { type Identifier, IdentifierSchema } from "@flytekit-ts/core/idl";
import { DEST_DIR, REMOTE_PACKAGE_PATH } from "@flytekit-ts/core/internal";

/** What registration fills in, as `flytectl register files` does. */
export interface Hydration {
  readonly project: string;
  readonly domain: string;
  readonly version: string;
  /** The uploaded code bundle, for `{{ .remote_package_path }}`. */
  readonly remotePackagePath?: string;
  /** For `{{ .dest_dir }}`. @default "." (flytectl's) */
  readonly destinationDir?: string;
}

/** Fills the empty project, domain and version of an identifier (referenced entities keep theirs). */
function hydrateIdentifier(id: Identifier, hydration: Hydration): void {
  if (id.project === "") id.project = hydration.project;
  if (id.domain === "") id.domain = hydration.domain;
  if (id.version === "") id.version = hydration.version;
}

/**
 * Hydrates a registration entity in place, as flytectl's `hydrateSpec`: every identifier with an
 * empty project, domain or version (the entity's own, its task and launch plan references, its
 * sub-workflows') gets the registration's, and the fast-registration placeholders in container args
 * (and in a pod template's containers) become the bundle's location and the destination.
 */
export function hydrate(message: Message, hydration: Hydration): void {
  const replace = (value: string) =>
    value === REMOTE_PACKAGE_PATH && hydration.remotePackagePath !== undefined
      ? hydration.remotePackagePath
      : value === DEST_DIR
        ? (hydration.destinationDir ?? ".")
        : value;
  const visit = (value: unknown): void => {
    if (value === null || typeof value !== "object" || value instanceof Uint8Array) return;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        if (typeof value[i] === "string") value[i] = replace(value[i]);
        else visit(value[i]);
      }
      return;
    }
    if (isMessage(value, IdentifierSchema)) {
      hydrateIdentifier(value, hydration);
      return;
    }
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const field = record[key];
      // Struct string values (a pod template's container args) are `{ case: "stringValue", value }`.
      if (key === "value" && typeof field === "string" && record.case === "stringValue")
        record[key] = replace(field);
      else visit(field);
    }
  };
  visit(message);
}
