/**
 * A task function's signature from its annotations: each parameter's written type, the return
 * type written on the function (inferred return types are the checker's), JSDoc descriptions.
 */
import type { ParameterDescriptor, ReturnDescriptor, SignatureDescriptor } from "@flytekit-ts/core/manifest";
import type { ArrowFunctionExpression, Function as FunctionNode, TSType } from "oxc-parser";
import { describedSignature, docCommentsOf } from "../manifest/doc-comments.js";
import { Decline } from "./decline.js";
import { literalValue } from "./literal-value.js";
import type { ParsedModule } from "./parsed-module.js";
import type { SyntacticTypeMapper } from "./type-mapper.js";

export type TaskFunction = ArrowFunctionExpression | FunctionNode;

/**
 * The whole comments TypeScript counts as leading a node whose trivia starts at `from`: those
 * after the first line break (a comment on the line of the token before trails that token), or all
 * of them at the start of the file.
 */
export function leadingComments(module: ParsedModule, from: number, to: number): string[] {
  const out: string[] = [];
  for (const comment of module.comments) {
    if (comment.start < from || comment.end > to) continue;
    if (from > 0 && !module.text.slice(from, comment.start).includes("\n")) continue;
    out.push(module.text.slice(comment.start, comment.end));
  }
  return out;
}

function returnDescriptor(
  mapper: SyntacticTypeMapper,
  written: TSType | undefined,
  module: ParsedModule,
): ReturnDescriptor {
  if (written === undefined) throw new Decline("an inferred return type");
  let type = written;
  if (mapper.isGlobal(type, module, "Promise")) {
    const [promised] = type.typeArguments?.params ?? [];
    if (promised === undefined || type.typeArguments?.params.length !== 1)
      throw new Decline("a bare Promise");
    type = promised;
  }
  const { type: denoted, module: where } = mapper.dealias(type, module);
  if (denoted.type === "TSVoidKeyword" || denoted.type === "TSUndefinedKeyword") return { kind: "void" };
  if (denoted.type === "TSTupleType") {
    return {
      kind: "tuple",
      types: denoted.elementTypes.map((element) => {
        if (
          element.type === "TSNamedTupleMember" ||
          element.type === "TSOptionalType" ||
          element.type === "TSRestType"
        )
          throw new Decline("a named, optional or rest tuple element");
        return mapper.map(element, where);
      }),
    };
  }
  if (denoted.type === "TSTypeReference" && denoted.typeName.type === "Identifier") {
    const meaning = mapper.meaningOf(denoted.typeName.name, where);
    if (meaning.kind === "core" && meaning.name === "NamedOutputs") throw new Decline("NamedOutputs");
  }
  return { kind: "single", type: mapper.map(type, module) };
}

/** The signature of `fn`, described by `comments` (the JSDoc before its statement and before it). */
export function functionSignature(
  mapper: SyntacticTypeMapper,
  module: ParsedModule,
  fn: TaskFunction,
  comments: readonly string[],
  /** What the function returns, from its parameters; a task's written return type by default. */
  readReturns: (params: readonly ParameterDescriptor[]) => ReturnDescriptor = () =>
    returnDescriptor(mapper, fn.returnType?.typeAnnotation, module),
): SignatureDescriptor {
  if (fn.generator || fn.typeParameters != null) throw new Decline("a generator or generic function");
  const docs = docCommentsOf(comments);
  const params: ParameterDescriptor[] = [];
  for (const parameter of fn.params) {
    const pattern = parameter.type === "AssignmentPattern" ? parameter.left : parameter;
    if (pattern.type !== "Identifier" || pattern.name === "this" || pattern.typeAnnotation == null)
      throw new Decline("a parameter that is not a named, typed identifier");
    if ("decorators" in parameter && parameter.decorators.length > 0)
      throw new Decline("a decorated parameter");
    const type = mapper.map(pattern.typeAnnotation.typeAnnotation, module, pattern.optional);
    const initial = parameter.type === "AssignmentPattern" ? literalValue(parameter.right) : undefined;
    const description = docs.params.get(pattern.name);
    params.push({
      name: pattern.name,
      type,
      ...(initial === undefined ? {} : { default: initial.value }),
      ...(description === undefined ? {} : { description }),
    });
  }
  return describedSignature(params, readReturns(params), docs);
}
