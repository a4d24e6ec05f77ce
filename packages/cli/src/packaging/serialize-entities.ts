import {
  encodeTaskSpec,
  FlyteError,
  FlyteValidationError,
  isFlyteError,
  isLaunchPlan,
  isTask,
  isWorkflow,
  LaunchPlan,
  type SerializationSettings,
  serializeTask,
  serializeWorkflow,
  type Task,
  type Workflow,
} from "@flytekit-ts/core";
import { LaunchPlanSchema, toBinary, WorkflowSpecSchema } from "@flytekit-ts/core/idl";
import { usedNodes } from "@flytekit-ts/core/internal";
import type { ProjectTask, ProjectWorkflow } from "../project/load-project-tasks.js";
import type { SerializedEntity } from "./registration-files.js";

/** Called after each entity is serialized: for progress displays. */
export type ProgressListener = (done: number, total: number, name: string) => void;

/** Where a task is declared, for messages: `math.add (src/math.ts:12)`. */
export function describeProjectTask({ entry, task }: ProjectTask): string {
  const where =
    entry.sourceFile === undefined ? entry.compiledFile : `${entry.sourceFile}:${entry.line ?? 0}`;
  return `task ${task.name} (${entry.module}:${entry.key}, ${where})`;
}

/** Where a workflow or launch plan is declared, for messages. */
function describeProjectWorkflow({ entry, entity }: ProjectWorkflow): string {
  const where =
    entry.sourceFile === undefined ? entry.compiledFile : `${entry.sourceFile}:${entry.line ?? 0}`;
  const what = isWorkflow(entity) ? "workflow" : "launch plan";
  return `${what} ${entity.name} (${entry.module}:${entry.key}, ${where})`;
}

/**
 * Serializes tasks, workflows and launch plans in flytekit's order: by definition (module by
 * module, then by line, as pyflyte walks a module's members), every entity after what it uses (a workflow after its tasks, sub-workflows and launch plans; a launch plan after its
 * workflow), each workflow followed by its default launch plan, each entity once. Tasks used by a
 * workflow are included even when they are not in the selected modules, as pyflyte does.
 * @throws FlyteError naming the entity (with the cause's code) when one cannot be serialized.
 * @throws FlyteValidationError when two different entities of a kind share a name.
 */
export function serializeEntities(
  tasks: readonly ProjectTask[],
  workflows: readonly ProjectWorkflow[],
  settings: SerializationSettings,
  onProgress?: ProgressListener,
): SerializedEntity[] {
  const entities: SerializedEntity[] = [];
  const byName = new Map<string, { value: object; where: string }>();
  const total = tasks.length + workflows.length * 2;
  /** Claims `kind:name` for `value`; false when it is already serialized. */
  const claim = (kind: string, name: string, value: object, where: string): boolean => {
    const earlier = byName.get(`${kind}:${name}`);
    if (earlier === undefined) {
      byName.set(`${kind}:${name}`, { value, where });
      return true;
    }
    if (earlier.value === value) return false;
    // A task() or workflow() result is a callable wrapper around the object nodes refer to.
    const self = (entity: object) => (entity as { self?: object }).self ?? entity;
    if (self(earlier.value) === self(value)) return false;
    throw new FlyteValidationError(
      `two ${kind}s are named ${name}: ${earlier.where} and ${where}; give one an explicit name`,
    );
  };
  const guarded = <T>(where: string, serialize: () => T): T => {
    try {
      return serialize();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new FlyteError(
        isFlyteError(error) ? error.code : "SYSTEM",
        `${where} cannot be serialized: ${message}`,
        {
          cause: error,
        },
      );
    }
  };
  const push = (entity: SerializedEntity) => {
    entities.push(entity);
    onProgress?.(entities.length, Math.max(total, entities.length), entity.name);
  };
  const addTask = (task: Task, where: string) => {
    if (!claim("task", task.name, task, where)) return;
    push({
      kind: "task",
      name: task.name,
      bytes: guarded(where, () => encodeTaskSpec(serializeTask(task, settings))),
    });
  };
  const addWorkflow = (workflow: Workflow, where: string) => {
    const known = byName.get(`workflow:${workflow.name}`)?.value as { self?: object } | undefined;
    if (known !== undefined && (known.self ?? known) === (workflow.self ?? workflow)) return;
    const { nodes } = guarded(where, () => workflow.compile());
    for (const node of usedNodes(nodes)) {
      const used = `${node.entity.name} (node ${node.id} of workflow ${workflow.name})`;
      if (isTask(node.entity)) addTask(node.entity, `task ${used}`);
      else if (isWorkflow(node.entity)) addWorkflow(node.entity, `workflow ${used}`);
      else if (isLaunchPlan(node.entity)) addLaunchPlan(node.entity, `launch plan ${used}`);
    }
    if (!claim("workflow", workflow.name, workflow, where)) return;
    push({
      kind: "workflow",
      name: workflow.name,
      bytes: guarded(where, () => toBinary(WorkflowSpecSchema, serializeWorkflow(workflow, settings))),
    });
  };
  const addGraph = (projectWorkflow: ProjectWorkflow) => {
    const where = describeProjectWorkflow(projectWorkflow);
    const { entity } = projectWorkflow;
    if (isWorkflow(entity)) {
      addWorkflow(entity, where);
      addLaunchPlan(LaunchPlan.defaultFor(entity), `default launch plan of ${where}`);
    } else {
      addLaunchPlan(entity, where);
    }
  };
  const addLaunchPlan = (plan: LaunchPlan, where: string) => {
    addWorkflow(plan.workflow, `workflow ${plan.workflow.name} (of ${where})`);
    if (!claim("launch plan", plan.name, plan, where)) return;
    push({
      kind: "launchPlan",
      name: plan.name,
      bytes: guarded(where, () => toBinary(LaunchPlanSchema, plan.toModel(settings))),
    });
  };
  // In definition order, as pyflyte walks a module's members: module by module, then by line, tasks
  // and workflows interleaved (each entity still after what it uses).
  const inOrder = [
    ...tasks.map((item) => ({
      entry: item.entry,
      serialize: () => addTask(item.task, describeProjectTask(item)),
    })),
    ...workflows.map((item) => ({ entry: item.entry, serialize: () => addGraph(item) })),
  ];
  const moduleOrder = new Map<string, number>();
  for (const { entry } of inOrder)
    if (!moduleOrder.has(entry.module)) moduleOrder.set(entry.module, moduleOrder.size);
  inOrder.sort(
    (a, b) =>
      (moduleOrder.get(a.entry.module) ?? 0) - (moduleOrder.get(b.entry.module) ?? 0) ||
      (a.entry.line ?? 0) - (b.entry.line ?? 0),
  );
  for (const item of inOrder) item.serialize();
  return entities;
}
