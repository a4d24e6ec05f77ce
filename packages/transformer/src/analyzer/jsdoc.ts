import type ts from "typescript";
import { type DocComments, docCommentsOf } from "../manifest/doc-comments.js";

export type { DocComments } from "../manifest/doc-comments.js";

/**
 * Reads `@param` and `@returns` from the `/** ... *\/` comments before `nodes`. The comment text is
 * parsed here because tsc does not parse JSDoc of `.ts` files by default (JSDocParsingMode
 * ParseForTypeErrors), so the compiler's JSDoc nodes are empty in a build.
 */
export function docComments(tsInstance: typeof ts, nodes: readonly (ts.Node | undefined)[]): DocComments {
  const comments: string[] = [];
  for (const node of nodes) {
    if (node === undefined) continue;
    const text = node.getSourceFile().text;
    for (const range of tsInstance.getLeadingCommentRanges(text, node.getFullStart()) ?? [])
      comments.push(text.slice(range.pos, range.end));
  }
  return docCommentsOf(comments);
}
