/**
 * Registration file names, as `pyflyte package`/`serialize` write them and `flytectl register files`
 * reads them: `<index>_<name>_<k>.pb`, the index zero-padded so that lexicographic order (the order
 * flytectl registers in) is the order written, dependencies first.
 */

/** What a registration file holds: `admin.TaskSpec`, `admin.WorkflowSpec` or `admin.LaunchPlan`. */
export type EntityKind = "task" | "workflow" | "launchPlan";

/** One serialized entity, before it gets its file name. */
export interface SerializedEntity {
  readonly kind: EntityKind;
  /** The entity id's name (dots kept). */
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** One file of a registration archive or folder. */
export interface RegistrationFile {
  readonly fileName: string;
  readonly entity: SerializedEntity;
}

/** The `_k` suffix flytectl uses as a hint for the message type. */
const SUFFIX: Readonly<Record<EntityKind, number>> = { task: 1, workflow: 2, launchPlan: 3 };

/**
 * Digits of the zero-padded index for `count` files: `ceil(log10(count))`, computed as flytekit
 * does (1 file -> 0 digits, so `0`; 10 -> 1; 11 -> 2; 1,000 -> 3).
 */
export function indexWidth(count: number): number {
  return count === 0 ? 0 : Math.ceil(Math.log(count) / Math.log(10));
}

/** The file name of the entity at `index` among `count`. */
export function registrationFileName(index: number, count: number, entity: SerializedEntity): string {
  return `${String(index).padStart(indexWidth(count), "0")}_${entity.name}_${SUFFIX[entity.kind]}.pb`;
}

/** Names every entity in order. */
export function registrationFiles(entities: readonly SerializedEntity[]): RegistrationFile[] {
  return entities.map((entity, index) => ({
    fileName: registrationFileName(index, entities.length, entity),
    entity,
  }));
}

/** Does `fileName` look like a registration file (so a forced re-serialize may replace it)? */
export function isRegistrationFileName(fileName: string): boolean {
  return /^\d+_.+_[123]\.pb$/.test(fileName);
}
