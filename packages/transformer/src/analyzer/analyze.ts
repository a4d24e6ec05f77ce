import type {
  ParameterDescriptor,
  ReturnDescriptor,
  SignatureDescriptor,
  TaskMeta,
  TrackingInfo,
} from "@flytekit-ts/core";
import type ts from "typescript";
import { docComments } from "./jsdoc.js";
import { moduleOf } from "./module-of.js";
import { isCoreSymbol, TypeMapper } from "./type-descriptor.js";
import { Unmappable } from "./unmappable.js";

type TS = typeof ts;

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

export interface AnalyzeOptions {
  /** Module names are relative to this folder. */
  readonly rootDir: string;
  /** Source paths in the manifest are relative to this folder. @default rootDir */
  readonly projectRoot?: string;
}

function isExported(ts: TS, node: ts.Node): boolean {
  return (ts.getCombinedModifierFlags(node as ts.Declaration) & ts.ModifierFlags.Export) !== 0;
}

function lineOf(node: ts.Node): number {
  const sourceFile = node.getSourceFile();
  return sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
}

/** A literal expression's value (JSON data), or `undefined` when it is not a plain literal. */
export function literalValue(ts: TS, node: ts.Expression): { value: unknown } | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return { value: node.text };
  if (ts.isNumericLiteral(node)) return { value: Number(node.text) };
  if (
    ts.isPrefixUnaryExpression(node) &&
    node.operator === ts.SyntaxKind.MinusToken &&
    ts.isNumericLiteral(node.operand)
  ) {
    return { value: -Number(node.operand.text) };
  }
  // `Int(3)` (core's integer brand) holds a literal too.
  if (
    ts.isCallExpression(node) &&
    node.arguments.length === 1 &&
    ((ts.isIdentifier(node.expression) && node.expression.text === "Int") ||
      (ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === "Int"))
  ) {
    const inner = literalValue(ts, node.arguments[0] as ts.Expression);
    return typeof inner?.value === "number" && Number.isInteger(inner.value) ? inner : undefined;
  }
  if (node.kind === ts.SyntaxKind.TrueKeyword) return { value: true };
  if (node.kind === ts.SyntaxKind.FalseKeyword) return { value: false };
  if (node.kind === ts.SyntaxKind.NullKeyword) return { value: null };
  if (ts.isArrayLiteralExpression(node)) {
    const items = node.elements.map((element) => literalValue(ts, element));
    return items.every((item) => item !== undefined)
      ? { value: items.map((item) => item?.value) }
      : undefined;
  }
  if (ts.isObjectLiteralExpression(node)) {
    const out: Record<string, unknown> = {};
    for (const property of node.properties) {
      if (
        !ts.isPropertyAssignment(property) ||
        !(ts.isIdentifier(property.name) || ts.isStringLiteral(property.name))
      )
        return undefined;
      const item = literalValue(ts, property.initializer);
      if (item === undefined) return undefined;
      out[property.name.text] = item.value;
    }
    return { value: out };
  }
  return undefined;
}

/** The `name` option of an options object literal, when it is a string literal. */
function nameOption(ts: TS, options: ts.Expression | undefined): string | undefined {
  if (options === undefined || !ts.isObjectLiteralExpression(options)) return undefined;
  for (const property of options.properties) {
    if (
      ts.isPropertyAssignment(property) &&
      ts.isIdentifier(property.name) &&
      property.name.text === "name"
    ) {
      return ts.isStringLiteral(property.initializer) ? property.initializer.text : undefined;
    }
  }
  return undefined;
}

/** The symbol an identifier or property access resolves to, through import aliases. */
function resolvedSymbol(ts: TS, checker: ts.TypeChecker, node: ts.Node): ts.Symbol | undefined {
  const symbol = checker.getSymbolAtLocation(node);
  if (symbol === undefined) return undefined;
  return symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
}

/** Whether a class type extends a class of @flytekit-ts/core named `base` (anywhere up the chain). */
function extendsCore(checker: ts.TypeChecker, type: ts.Type, base: string): boolean {
  const seen = new Set<ts.Type>();
  const stack: ts.Type[] = [type];
  while (stack.length > 0) {
    const current = stack.pop() as ts.Type;
    if (seen.has(current)) continue;
    seen.add(current);
    if (isCoreSymbol(current.getSymbol(), base)) return true;
    if (current.isClassOrInterface()) stack.push(...(checker.getBaseTypes(current) ?? []));
    const target = (current as ts.TypeReference).target;
    if (target !== undefined && target !== current) stack.push(target);
  }
  return false;
}

/** Analyzes one source file of a program: every task, tracked instance and tracked class in it. */
export function analyzeSourceFile(
  tsInstance: TS,
  program: ts.Program,
  sourceFile: ts.SourceFile,
  options: AnalyzeOptions,
): Analysis {
  const ts = tsInstance;
  const checker = program.getTypeChecker();
  const module = moduleOf(sourceFile.fileName, options.rootDir);
  const sourcePath = moduleOf(sourceFile.fileName, options.projectRoot ?? options.rootDir)
    .split(".")
    .join("/");
  const sites: Site[] = [];
  const diagnostics: FlyteDiagnostic[] = [];
  const keys = new Map<string, ts.Node>();
  const report = (node: ts.Node, message: string) => diagnostics.push({ node, message });
  const sourceFileName = `${sourcePath}${sourceFile.fileName.match(/\.[cm]?tsx?$/)?.[0] ?? ".ts"}`;

  const names = new Map<string, ts.Node>();
  /** Task names must be unique: registration would overwrite one with the other. */
  const claimName = (name: string | undefined, node: ts.Node): void => {
    if (name === undefined) return;
    if (names.has(name)) report(node, `duplicate task name ${JSON.stringify(name)} in module ${module}`);
    else names.set(name, node);
  };

  const claimKey = (key: string, node: ts.Node): boolean => {
    if (keys.has(key)) {
      report(node, `duplicate task key ${JSON.stringify(key)} in module ${module}`);
      return false;
    }
    keys.set(key, node);
    return true;
  };

  const signatureOf = (
    fn: ts.SignatureDeclaration,
    at: ts.Node,
    holder: ts.Node | undefined,
    what: string,
    forWorkflow = false,
  ): SignatureDescriptor | undefined => {
    const signature = checker.getSignatureFromDeclaration(fn);
    if (signature === undefined) {
      report(at, `${what}: cannot read the function's signature`);
      return undefined;
    }
    const mapper = new TypeMapper(ts, checker, at);
    const docs = docComments(ts, [holder, fn]);
    const params: ParameterDescriptor[] = [];
    let ok = true;
    for (const parameter of fn.parameters) {
      const name = ts.isIdentifier(parameter.name) ? parameter.name.text : undefined;
      if (name === undefined) {
        report(parameter, `${what}: destructured parameters have no Flyte name; use a named parameter`);
        ok = false;
        continue;
      }
      if (parameter.dotDotDotToken !== undefined) {
        report(parameter, `${what}: rest parameter ${name} has no Flyte mapping`);
        ok = false;
        continue;
      }
      let type: ReturnType<TypeMapper["map"]>;
      try {
        // An unannotated parameter with a default is typed by task()'s own signature (any); use the default's type.
        const declared =
          parameter.type === undefined && parameter.initializer !== undefined
            ? checker.getBaseTypeOfLiteralType(checker.getTypeAtLocation(parameter.initializer))
            : checker.getTypeAtLocation(parameter);
        type = mapper.map(declared);
      } catch (error) {
        if (!(error instanceof Unmappable)) throw error;
        report(parameter, `${what}: parameter ${name}: ${error.reason}`);
        ok = false;
        continue;
      }
      const initial =
        parameter.initializer === undefined ? undefined : literalValue(ts, parameter.initializer);
      const description = docs.params.get(name);
      params.push({
        name,
        type,
        ...(initial === undefined ? {} : { default: initial.value }),
        ...(description === undefined ? {} : { description }),
      });
    }
    let returns: ReturnDescriptor | undefined;
    try {
      returns = returnDescriptor(ts, checker, mapper, signature.getReturnType(), forWorkflow);
    } catch (error) {
      if (!(error instanceof Unmappable)) throw error;
      report(fn.type ?? at, `${what}: return type: ${error.reason}`);
      ok = false;
    }
    if (!ok || returns === undefined) return undefined;
    return { params, returns, ...(docs.returns === undefined ? {} : { returnsDescription: docs.returns }) };
  };

  const nestedIn = (node: ts.Node): boolean => {
    for (let parent = node.parent; parent !== undefined && !ts.isSourceFile(parent); parent = parent.parent) {
      if (ts.isFunctionLike(parent)) return true;
    }
    return false;
  };

  /** The exported module-level binding `node` initializes: `{ key, statementNode }`, or a reason it has none. */
  const bindingOf = (node: ts.Expression): { key: string; holder: ts.Node } | { problem: string } => {
    let parent = node.parent;
    while (
      parent !== undefined &&
      (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isSatisfiesExpression(parent))
    )
      parent = parent.parent;
    if (parent !== undefined && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) {
      const statement = parent.parent?.parent;
      if (
        statement === undefined ||
        !ts.isVariableStatement(statement) ||
        !ts.isSourceFile(statement.parent)
      ) {
        return { problem: "is not bound at module level" };
      }
      if (!isExported(ts, statement)) return { problem: `${parent.name.text} is not exported` };
      return { key: parent.name.text, holder: statement };
    }
    if (parent !== undefined && ts.isPropertyDeclaration(parent) && ts.isIdentifier(parent.name)) {
      const owner = parent.parent;
      const isStatic = parent.modifiers?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword) ?? false;
      if (
        ts.isClassDeclaration(owner) &&
        owner.name !== undefined &&
        isStatic &&
        ts.isSourceFile(owner.parent)
      ) {
        if (!isExported(ts, owner)) return { problem: `class ${owner.name.text} is not exported` };
        return { key: `${owner.name.text}.${parent.name.text}`, holder: parent };
      }
    }
    return { problem: "is not bound to an exported name" };
  };

  // Names bound by imports: a `task` call's callee is one of them (or a namespace access), so other
  // calls are skipped without asking the checker. A file that imports nothing has no tasks.
  const imported = new Set<string>();
  for (const statement of sourceFile.statements) {
    const clause = ts.isImportDeclaration(statement) ? statement.importClause : undefined;
    if (clause === undefined) continue;
    if (clause.name !== undefined) imported.add(clause.name.text);
    const bindings = clause.namedBindings;
    if (bindings !== undefined && ts.isNamespaceImport(bindings)) imported.add(bindings.name.text);
    if (bindings !== undefined && ts.isNamedImports(bindings))
      for (const element of bindings.elements) imported.add(element.name.text);
  }
  if (imported.size === 0) return { module, sites, diagnostics };
  const mayBeTask = (callee: ts.Expression): boolean =>
    (ts.isIdentifier(callee) && imported.has(callee.text)) ||
    (ts.isPropertyAccessExpression(callee) &&
      ts.isIdentifier(callee.expression) &&
      imported.has(callee.expression.text));

  const visit = (node: ts.Node): void => {
    const coreCallee =
      ts.isCallExpression(node) && mayBeTask(node.expression)
        ? resolvedSymbol(ts, checker, node.expression)
        : undefined;
    if (ts.isCallExpression(node) && isCoreSymbol(coreCallee, "task")) {
      visitTaskCall(node);
    } else if (ts.isCallExpression(node) && isCoreSymbol(coreCallee, "workflow")) {
      visitWorkflowCall(node);
    } else if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      node.expression.name.text === "create" &&
      mayBeTask(node.expression.expression) &&
      isCoreSymbol(resolvedSymbol(ts, checker, node.expression.expression), "LaunchPlan")
    ) {
      visitLaunchPlan(node);
    } else if (ts.isNewExpression(node)) {
      visitNew(node);
    } else if (ts.isClassDeclaration(node)) {
      visitClass(node);
    }
    ts.forEachChild(node, visit);
  };

  /** The exported binding of a `task(...)`/`workflow(...)` call, or a reported problem (`undefined`). */
  const exportedBinding = (call: ts.CallExpression, what: "task" | "workflow") => {
    const binding = bindingOf(call);
    if (!("problem" in binding)) return binding;
    report(
      call,
      `a ${what} must be bound to an exported module-level const (export const name = ${what}(...)): this ${what} ${binding.problem}`,
    );
    return undefined;
  };

  /** Claims the key and name of a task or workflow call and records it with its signature. */
  const pushCallSite = (
    kind: "function" | "workflow",
    call: ts.CallExpression,
    fn: ts.SignatureDeclaration,
    fnArg: ts.Expression,
    optionsArg: ts.Expression | undefined,
    binding: { key: string; holder: ts.Node },
  ): void => {
    if (!claimKey(binding.key, call)) return;
    const what = `${kind === "function" ? "task" : "workflow"} ${binding.key}`;
    const signature = signatureOf(fn, fnArg, binding.holder, what, kind === "workflow");
    if (signature === undefined) return;
    const name = nameOption(ts, optionsArg);
    claimName(name ?? `${module}.${binding.key}`, call);
    sites.push({
      kind,
      call,
      meta: { module, key: binding.key, sourceFile: sourceFileName, line: lineOf(call), signature },
      ...(name === undefined ? {} : { name }),
    });
  };

  const visitTaskCall = (call: ts.CallExpression): void => {
    const [fnArg, optionsArg] = call.arguments;
    // `task(options)` is the decorator form, handled with its class.
    if (
      fnArg === undefined ||
      !(ts.isArrowFunction(fnArg) || ts.isFunctionExpression(fnArg) || ts.isIdentifier(fnArg))
    )
      return;
    if (ts.isDecorator(call.parent)) return;
    if (nestedIn(call)) {
      report(
        call,
        "a task cannot be declared inside a function (flytekit's nested/inner function rule): declare it at module level, export const name = task(...)",
      );
      return;
    }
    const binding = exportedBinding(call, "task");
    if (binding === undefined) return;
    let fn: ts.SignatureDeclaration | undefined = ts.isIdentifier(fnArg) ? undefined : fnArg;
    if (ts.isIdentifier(fnArg)) {
      const declaration = resolvedSymbol(ts, checker, fnArg)?.valueDeclaration;
      if (declaration !== undefined && ts.isFunctionDeclaration(declaration)) fn = declaration;
      else if (
        declaration !== undefined &&
        ts.isVariableDeclaration(declaration) &&
        declaration.initializer !== undefined &&
        (ts.isArrowFunction(declaration.initializer) || ts.isFunctionExpression(declaration.initializer))
      ) {
        fn = declaration.initializer;
      }
    }
    if (fn === undefined) {
      report(
        fnArg,
        `task ${binding.key}: pass a function declared in this project (an arrow function, a function expression, or the name of a function)`,
      );
      return;
    }
    if (fn !== fnArg && nestedIn(fn)) {
      report(
        fn,
        `task ${binding.key}: a task function cannot be a nested/inner or local function; declare it at module level`,
      );
      return;
    }
    pushCallSite("function", call, fn, fnArg, optionsArg, binding);
  };

  const visitWorkflowCall = (call: ts.CallExpression): void => {
    const [fnArg, optionsArg] = call.arguments;
    if (fnArg === undefined) return;
    if (nestedIn(call)) {
      report(
        call,
        "a workflow cannot be declared inside a function: declare it at module level, export const name = workflow(...)",
      );
      return;
    }
    const binding = exportedBinding(call, "workflow");
    if (binding === undefined) return;
    const fn = ts.isArrowFunction(fnArg) || ts.isFunctionExpression(fnArg) ? fnArg : undefined;
    if (fn === undefined) {
      report(
        fnArg,
        `workflow ${binding.key}: pass the workflow's function inline (an arrow function or a function expression)`,
      );
      return;
    }
    pushCallSite("workflow", call, fn, fnArg, optionsArg, binding);
  };

  const visitLaunchPlan = (call: ts.CallExpression): void => {
    const [nameArg] = call.arguments;
    const binding = bindingOf(call);
    if ("problem" in binding) {
      report(
        call,
        `a launch plan must be bound to an exported module-level const: this launch plan ${binding.problem}`,
      );
      return;
    }
    if (!claimKey(binding.key, call)) return;
    const name = nameArg !== undefined && ts.isStringLiteral(nameArg) ? nameArg.text : undefined;
    sites.push({
      kind: "launchPlan",
      call,
      tracking: { module, key: binding.key, sourceFile: sourceFileName, line: lineOf(call) },
      ...(name === undefined ? {} : { name }),
    });
  };

  const visitNew = (expression: ts.NewExpression): void => {
    const type = checker.getTypeAtLocation(expression);
    if (!extendsCore(checker, type, "TrackedInstance")) return;
    const isTask = extendsCore(checker, type, "Task");
    const binding = bindingOf(expression);
    const className = type.getSymbol()?.getName() ?? "instance";
    if ("problem" in binding) {
      if (isTask)
        report(
          expression,
          `a task must be bound to an exported module-level const: this ${className} ${binding.problem}`,
        );
      return;
    }
    if (!claimKey(binding.key, expression)) return;
    const name = nameOption(ts, expression.arguments?.[0]);
    if (isTask) claimName(name ?? `${module}.${binding.key}`, expression);
    sites.push({
      kind: "instance",
      expression,
      tracking: { module, key: binding.key, sourceFile: sourceFileName, line: lineOf(expression) },
      className,
      isTask,
      ...(name === undefined ? {} : { name }),
    });
  };

  const visitClass = (declaration: ts.ClassDeclaration): void => {
    const className = declaration.name?.text;
    const exported = isExported(ts, declaration) && ts.isSourceFile(declaration.parent);
    if (
      className !== undefined &&
      exported &&
      extendsCore(checker, checker.getTypeAtLocation(declaration), "TrackedInstance")
    ) {
      if (claimKey(className, declaration)) {
        sites.push({
          kind: "class",
          classDeclaration: declaration,
          tracking: { module, key: className, sourceFile: sourceFileName, line: lineOf(declaration) },
        });
      }
    }
    for (const member of declaration.members) {
      if (!ts.isMethodDeclaration(member)) continue;
      const decorator = ts.getDecorators(member)?.find((d) => {
        const callee = ts.isCallExpression(d.expression) ? d.expression.expression : d.expression;
        return isCoreSymbol(resolvedSymbol(ts, checker, callee), "task");
      });
      if (decorator === undefined) continue;
      const method = ts.isIdentifier(member.name) ? member.name.text : undefined;
      if (method === undefined || className === undefined) {
        report(member, "@task needs a named method of a named class");
        continue;
      }
      if (!exported) {
        report(
          member,
          `@task method ${className}.${method}: class ${className} must be exported at module level`,
        );
        continue;
      }
      const key = `${className}.${method}`;
      if (!claimKey(key, member)) continue;
      const signature = signatureOf(member, member, undefined, `task ${key}`);
      if (signature === undefined) continue;
      const options = ts.isCallExpression(decorator.expression)
        ? decorator.expression.arguments[0]
        : undefined;
      const name = nameOption(ts, options);
      claimName(name ?? `${module}.${key}`, member);
      sites.push({
        kind: "method",
        classDeclaration: declaration,
        method,
        meta: { module, key, sourceFile: sourceFileName, line: lineOf(member), signature },
        ...(name === undefined ? {} : { name }),
      });
    }
  };

  ts.forEachChild(sourceFile, visit);
  return { module, sites, diagnostics };
}

/** `T` of `Promise<T>`, also when the promise is part of an intersection (a task call's `CallResult<T>`). */
function promisedType(checker: ts.TypeChecker, type: ts.Type): ts.Type | undefined {
  const members = type.isIntersection() ? type.types : [type];
  for (const member of members) {
    const name = member.getSymbol()?.getName();
    if (name === "Promise" || name === "PromiseLike") {
      return checker.getTypeArguments(member as ts.TypeReference)[0];
    }
  }
  return undefined;
}

/**
 * The return descriptor: Promise unwrapped; void, a tuple, NamedOutputs<T>, or one value. For a
 * workflow (`promises`), the promises its body returns are unwrapped everywhere: the value, each
 * tuple element and each named field.
 */
function returnDescriptor(
  ts: TS,
  checker: ts.TypeChecker,
  mapper: TypeMapper,
  returnType: ts.Type,
  promises = false,
): ReturnDescriptor {
  let type = returnType;
  const symbol = type.getSymbol();
  if (symbol?.getName() === "Promise") type = checker.getTypeArguments(type as ts.TypeReference)[0] ?? type;
  else if (promises) type = promisedType(checker, type) ?? type;
  const map = (element: ts.Type) =>
    mapper.map(promises ? (promisedType(checker, element) ?? element) : element);
  if (type.flags & (ts.TypeFlags.Void | ts.TypeFlags.Undefined)) return { kind: "void" };
  if (isCoreSymbol(type.aliasSymbol, "NamedOutputs")) {
    const fields = type.aliasTypeArguments?.[0];
    if (fields === undefined) throw new Unmappable("NamedOutputs needs an object type argument");
    const properties = checker.getPropertiesOfType(fields);
    return {
      kind: "named",
      ...(fields.aliasSymbol ? { name: fields.aliasSymbol.getName() } : {}),
      fields: properties.map((property) => ({
        name: property.getName(),
        type: map(checker.getTypeOfSymbol(property)),
      })),
    };
  }
  if (checker.isTupleType(type)) {
    return {
      kind: "tuple",
      types: checker.getTypeArguments(type as ts.TypeReference).map(map),
    };
  }
  return { kind: "single", type: map(type) };
}
