import { toBinary } from "@bufbuild/protobuf";
import {
  FlyteError,
  FlyteValidationError,
  isFlyteError,
  type SerializationSettings,
  serializeTask,
} from "@flytekit-ts/core";
import { TaskSpecSchema } from "@flytekit-ts/core/idl";
import type { ProjectTask } from "../project/load-project-tasks.js";
import type { SerializedEntity } from "./registration-files.js";

/** Called after each entity is serialized: for progress displays. */
export type ProgressListener = (done: number, total: number, name: string) => void;

/** Where a task is declared, for messages: `math.add (src/math.ts:12)`. */
export function describeProjectTask({ entry, task }: ProjectTask): string {
  const where =
    entry.sourceFile === undefined ? entry.compiledFile : `${entry.sourceFile}:${entry.line ?? 0}`;
  return `task ${task.name} (${entry.module}:${entry.key}, ${where})`;
}

/**
 * Serializes tasks to `admin.TaskSpec` bytes, in order (dependencies first, as flytekit does).
 * @throws FlyteError naming the task (with the cause's code) when one cannot be serialized.
 * @throws FlyteValidationError when two tasks share a name (registration would conflict).
 */
export function serializeTasks(
  tasks: readonly ProjectTask[],
  settings: SerializationSettings,
  onProgress?: ProgressListener,
): SerializedEntity[] {
  const seen = new Map<string, ProjectTask>();
  const entities: SerializedEntity[] = [];
  for (const projectTask of tasks) {
    const { task } = projectTask;
    const earlier = seen.get(task.name);
    if (earlier !== undefined) {
      throw new FlyteValidationError(
        `two tasks are named ${task.name}: ${describeProjectTask(earlier)} and ${describeProjectTask(projectTask)}; give one an explicit name`,
      );
    }
    seen.set(task.name, projectTask);
    let bytes: Uint8Array;
    try {
      bytes = toBinary(TaskSpecSchema, serializeTask(task, settings));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new FlyteError(
        isFlyteError(error) ? error.code : "SYSTEM",
        `${describeProjectTask(projectTask)} cannot be serialized: ${message}`,
        { cause: error },
      );
    }
    entities.push({ kind: "task", name: task.name, bytes });
    onProgress?.(entities.length, tasks.length, task.name);
  }
  return entities;
}
