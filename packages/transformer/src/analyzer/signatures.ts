/** The parameters and return type of task and workflow functions, as type descriptors. */
import type { ParameterDescriptor, ReturnDescriptor, SignatureDescriptor } from "@flytekit-ts/core/internal";
import type ts from "typescript";
import { describedSignature } from "../manifest/doc-comments.js";
import type { AnalysisContext } from "./context.js";
import { docComments } from "./jsdoc.js";
import { resolvedSymbol } from "./symbols.js";
import { literalValue } from "./syntax.js";
import { isCoreSymbol, TypeMapper } from "./type-descriptor.js";
import { Unmappable } from "./unmappable.js";
import { propertyTypeNode } from "./written-types.js";

type TS = typeof ts;

/**
 * The signature of `fn` (a task's or workflow's function), every problem reported at its node.
 * @param at where the type mapper resolves types (and problems without a node of their own go).
 * @param holder the statement whose JSDoc documents the function, if not the function itself.
 * @param what names it in messages: `task add`, `workflow daily`.
 * @param forWorkflow unwrap the promises a workflow body returns (task calls) everywhere.
 * @returns `undefined` when a problem was reported.
 */
export function signatureOf(
  context: AnalysisContext,
  fn: ts.SignatureDeclaration,
  at: ts.Node,
  holder: ts.Node | undefined,
  what: string,
  forWorkflow = false,
): SignatureDescriptor | undefined {
  const { ts, checker, report } = context;
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
      type = mapper.map(declared, undefined, parameter.type);
    } catch (error) {
      if (!(error instanceof Unmappable)) throw error;
      report(parameter, `${what}: parameter ${name}: ${error.reason}`);
      ok = false;
      continue;
    }
    const initial = parameter.initializer === undefined ? undefined : literalValue(ts, parameter.initializer);
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
    const written = fn.type ?? (forWorkflow ? workflowReturnNode(ts, checker, fn) : undefined);
    returns = returnDescriptor(ts, checker, mapper, signature.getReturnType(), forWorkflow, written);
  } catch (error) {
    if (!(error instanceof Unmappable)) throw error;
    report(fn.type ?? at, `${what}: return type: ${error.reason}`);
    ok = false;
  }
  if (!ok || returns === undefined) return undefined;
  return describedSignature(params, returns, docs);
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
  /** The return type as written, if it is (a workflow's is inferred). */
  writtenType?: ts.TypeNode,
): ReturnDescriptor {
  let type = returnType;
  let written = writtenType;
  const symbol = type.getSymbol();
  if (symbol?.getName() === "Promise") {
    type = checker.getTypeArguments(type as ts.TypeReference)[0] ?? type;
    // The checker says it is a promise: its type argument as written.
    written =
      written !== undefined && ts.isTypeReferenceNode(written) ? written.typeArguments?.[0] : undefined;
  } else if (promises) {
    type = promisedType(checker, type) ?? type;
    // A workflow returns what the task it calls promises: `Promise<T>` as that task writes it is T.
    written = promisedNode(ts, written) ?? written;
  }
  const map = (element: ts.Type, node?: ts.TypeNode) =>
    mapper.map(promises ? (promisedType(checker, element) ?? element) : element, undefined, node);
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
        type: map(checker.getTypeOfSymbol(property), propertyTypeNode(ts, property)),
      })),
    };
  }
  if (checker.isTupleType(type)) {
    return {
      kind: "tuple",
      types: checker
        .getTypeArguments(type as ts.TypeReference)
        .map((element, i) => map(element, tupleElementNode(ts, written, i))),
    };
  }
  return { kind: "single", type: map(type, written) };
}

/** `T` of a written `Promise<T>`, else `undefined`. */
function promisedNode(ts: TS, written: ts.TypeNode | undefined): ts.TypeNode | undefined {
  return written !== undefined &&
    ts.isTypeReferenceNode(written) &&
    ts.isIdentifier(written.typeName) &&
    written.typeName.text === "Promise"
    ? written.typeArguments?.[0]
    : undefined;
}

/** The `index`th element of a tuple type as written (`[A, B]`, `[a: A, b: B]`). */
function tupleElementNode(ts: TS, written: ts.TypeNode | undefined, index: number): ts.TypeNode | undefined {
  if (written === undefined || !ts.isTupleTypeNode(written)) return undefined;
  const element = written.elements[index];
  return element !== undefined && ts.isNamedTupleMember(element) ? element.type : element;
}

/**
 * Where a workflow's inferred return type is written: the return type of the task it returns a
 * call of, or the parameter it returns (so an enum keeps the order that declaration writes).
 */
function workflowReturnNode(
  ts: TS,
  checker: ts.TypeChecker,
  fn: ts.SignatureDeclaration,
): ts.TypeNode | undefined {
  const body = (fn as { body?: ts.Node }).body;
  let returned: ts.Expression | undefined;
  if (body !== undefined && ts.isBlock(body)) {
    const last = body.statements[body.statements.length - 1];
    returned = last !== undefined && ts.isReturnStatement(last) ? last.expression : undefined;
  } else if (body !== undefined && ts.isExpression(body)) returned = body;
  while (returned !== undefined && ts.isParenthesizedExpression(returned)) returned = returned.expression;
  if (returned === undefined) return undefined;
  const declarationOf = (name: ts.Identifier) => resolvedSymbol(ts, checker, name)?.valueDeclaration;
  if (ts.isIdentifier(returned)) {
    const declaration = declarationOf(returned);
    return declaration !== undefined && ts.isParameter(declaration) ? declaration.type : undefined;
  }
  if (!ts.isCallExpression(returned) || !ts.isIdentifier(returned.expression)) return undefined;
  const declaration = declarationOf(returned.expression);
  let made =
    declaration !== undefined && ts.isVariableDeclaration(declaration) ? declaration.initializer : undefined;
  while (
    made !== undefined &&
    (ts.isParenthesizedExpression(made) || ts.isAsExpression(made) || ts.isSatisfiesExpression(made))
  )
    made = made.expression;
  const taskFunction = made !== undefined && ts.isCallExpression(made) ? made.arguments[0] : undefined;
  return taskFunction !== undefined &&
    (ts.isArrowFunction(taskFunction) || ts.isFunctionExpression(taskFunction))
    ? taskFunction.type
    : undefined;
}
