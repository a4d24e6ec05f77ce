/**
 * The sites of one module, found from its syntax: `export const key = task(fn, options?)` and
 * `dynamic(...)` with an inline, fully annotated function, and `workflow(fn, options?)` whose
 * return the syntax decides (`workflow-returns.ts`). Anything whose meaning needs the
 * checker declines: another core import, a module-level call that may be a factory, a class (a
 * tracked class, decorators), a `new` of a project class, a task not bound to an exported const.
 */
import type { ReturnDescriptor } from "@flytekit-ts/core/manifest";
import type { CallExpression, Expression, ImportDeclaration, Statement } from "oxc-parser";
import type { Finding } from "../manifest/findings.js";
import { Decline } from "./decline.js";
import { eachNode } from "./each-node.js";
import { functionSignature, leadingComments, type TaskFunction } from "./function-signature.js";
import type { ParsedModule } from "./parsed-module.js";
import type { SyntacticTypeMapper } from "./type-mapper.js";
import { type TaskReturns, workflowReturns } from "./workflow-returns.js";

const CORE = "@flytekit-ts/core";
/** core's values the front understands: the task constructors. */
const CORE_VALUES = new Set(["task", "dynamic", "workflow"]);
const TASK_CONSTRUCTORS = new Set(["task", "dynamic"]);
/** core's types the mapper maps (other types may be imported with `import type`). */
const CORE_TYPES = new Set(["Int", "Duration", "FlyteFile", "FlyteDirectory", "JsonObject", "JsonValue"]);

/** Where a module is: its module name and its path as identities record it. */
export interface ModulePlace {
  readonly module: string;
  readonly sourceFile: string;
}

/** `(x)`, `x as T`, `x satisfies T` as `x`, the way the checker-based analyzer looks through them. */
function unwrap(expression: Expression): Expression {
  let node = expression;
  while (
    node.type === "ParenthesizedExpression" ||
    node.type === "TSAsExpression" ||
    node.type === "TSSatisfiesExpression"
  )
    node = node.expression;
  return node;
}

function checkImports(module: ParsedModule, statement: ImportDeclaration): void {
  if (statement.source.value !== CORE) {
    if (statement.source.value.startsWith(CORE))
      throw new Decline(`${module.fileName}: ${statement.source.value}`);
    return;
  }
  const typeOnly = statement.importKind === "type";
  for (const specifier of statement.specifiers) {
    if (specifier.type !== "ImportSpecifier")
      throw new Decline(`${module.fileName}: a namespace import of core`);
    const imported =
      specifier.imported.type === "Identifier" ? specifier.imported.name : specifier.imported.value;
    const isType = typeOnly || specifier.importKind === "type";
    if (CORE_VALUES.has(imported) || CORE_TYPES.has(imported) || isType) continue;
    throw new Decline(
      `${module.fileName}: imports ${imported} from ${CORE} (the syntax decides task(), dynamic() and workflow() only)`,
    );
  }
}

/** The `name` option of an options object literal, when it is a string literal (as `nameOption`). */
function nameOption(options: Expression | undefined): string | undefined {
  if (options === undefined || options.type !== "ObjectExpression") return undefined;
  for (const property of options.properties) {
    if (property.type !== "Property" || property.kind !== "init" || property.method || property.shorthand)
      continue;
    if (property.computed || property.key.type !== "Identifier" || property.key.name !== "name") continue;
    const value = property.value;
    return value.type === "Literal" && typeof value.value === "string" ? value.value : undefined;
  }
  return undefined;
}

/**
 * The findings of `module`. `importedTaskReturns` gives what a task of another module returns
 * (a workflow here may call it), `undefined` when the name is not a task's.
 */
export function fileFindings(
  mapper: SyntacticTypeMapper,
  module: ParsedModule,
  place: ModulePlace,
  importedTaskReturns: TaskReturns,
): Finding[] {
  const findings: Finding[] = [];
  const names = new Set<string>();
  const isCore = (callee: Expression, names: ReadonlySet<string>): boolean => {
    if (callee.type !== "Identifier") return false;
    const imported = module.imports.get(callee.name);
    return imported?.from === CORE && names.has(imported.name) && !module.values.has(callee.name);
  };
  const taskCalls = new Set<CallExpression>();
  /** This module's tasks by key: what a workflow here gets when it calls one. */
  const localTasks = new Map<string, ReturnDescriptor>();
  const taskReturns: TaskReturns = (name) => localTasks.get(name) ?? importedTaskReturns(name);
  /** Workflows wait until every task of the module is read: a body may call a later one. */
  const workflows: (() => void)[] = [];

  const signedSite = (
    kind: "function" | "workflow",
    call: CallExpression,
    key: string,
    holder: Statement,
    holderFrom: number,
  ): void => {
    const [fnArg, optionsArg] = call.arguments;
    if (
      fnArg === undefined ||
      (fnArg.type !== "ArrowFunctionExpression" && fnArg.type !== "FunctionExpression") ||
      call.typeArguments !== null ||
      (optionsArg !== undefined && optionsArg.type === "SpreadElement")
    )
      throw new Decline(`${module.fileName}: task ${key} is not made from an inline function`);
    // The function's trivia starts after `task(`.
    const open = module.text.indexOf("(", call.callee.end);
    if (module.text.slice(call.callee.end, open).trim() !== "") throw new Decline("a comment before (");
    const comments = [
      ...leadingComments(module, holderFrom, holder.start),
      ...leadingComments(module, open + 1, fnArg.start),
    ];
    let signature: ReturnType<typeof functionSignature>;
    try {
      const fn = fnArg as TaskFunction;
      signature =
        kind === "workflow"
          ? functionSignature(mapper, module, fn, comments, (params) =>
              workflowReturns(fn, params, taskReturns),
            )
          : functionSignature(mapper, module, fn, comments);
    } catch (error) {
      if (!(error instanceof Decline)) throw error;
      const what = kind === "workflow" ? "workflow" : "task";
      throw new Decline(`${module.fileName}:${module.lineOf(call.start)}: ${what} ${key}: ${error.reason}`);
    }
    const name = nameOption(optionsArg as Expression | undefined);
    const taskName = name ?? `${place.module}.${key}`;
    if (names.has(taskName)) throw new Decline(`${module.fileName}: two tasks named ${taskName}`);
    names.add(taskName);
    if (kind === "function" && signature.returns !== undefined) localTasks.set(key, signature.returns);
    findings.push({
      kind,
      identity: {
        module: place.module,
        key,
        sourceFile: place.sourceFile,
        line: module.lineOf(call.start),
      },
      ...(name === undefined ? {} : { name }),
      signature,
      text: module.text.slice(call.start, call.end),
    });
  };

  let previousEnd = 0;
  for (const statement of module.program.body) {
    const holderFrom = previousEnd;
    previousEnd = statement.end;
    if (statement.type === "ImportDeclaration") {
      checkImports(module, statement);
      continue;
    }
    const exported = statement.type === "ExportNamedDeclaration";
    const declaration = exported ? statement.declaration : statement;
    if (declaration?.type !== "VariableDeclaration") continue;
    for (const declarator of declaration.declarations) {
      if (declarator.init === null) continue;
      const init = unwrap(declarator.init);
      if (init.type !== "CallExpression") continue;
      // A module-level call may return a task (a factory): whether it does is the checker's.
      if (!isCore(init.callee, CORE_VALUES)) throw new Decline(`${module.fileName}: a module-level call`);
      if (!exported || declarator.id.type !== "Identifier")
        throw new Decline(`${module.fileName}: a task not bound to an exported const`);
      taskCalls.add(init);
      const key = declarator.id.name;
      if (isCore(init.callee, TASK_CONSTRUCTORS)) signedSite("function", init, key, statement, holderFrom);
      else workflows.push(() => signedSite("workflow", init, key, statement, holderFrom));
    }
  }
  for (const workflow of workflows) workflow();

  eachNode(module.program.body, (node) => {
    switch (node.type) {
      case "CallExpression":
        if (!taskCalls.has(node) && isCore(node.callee, CORE_VALUES))
          throw new Decline(
            `${module.fileName}:${module.lineOf(node.start)}: a task not bound to an exported const`,
          );
        return;
      case "NewExpression":
        // A `new` of a global is never a tracked instance; of anything the project declares, it may be.
        if (
          node.callee.type !== "Identifier" ||
          module.imports.has(node.callee.name) ||
          module.values.has(node.callee.name)
        )
          throw new Decline(`${module.fileName}:${module.lineOf(node.start)}: new of a project class`);
        return;
      case "ClassDeclaration":
      case "ClassExpression":
        throw new Decline(`${module.fileName}:${module.lineOf(node.start)}: a class`);
      default:
        return;
    }
  });
  return findings;
}
