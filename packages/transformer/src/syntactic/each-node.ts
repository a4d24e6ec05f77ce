import type { Node } from "oxc-parser";

/**
 * Visits every syntax node in `tree` (a node, or an array of them), depth first; when `visit`
 * returns `false`, the node's children are skipped.
 */
export function eachNode(tree: unknown, visit: (node: Node) => boolean | undefined): void {
  if (Array.isArray(tree)) {
    for (const item of tree) eachNode(item, visit);
    return;
  }
  if (typeof tree !== "object" || tree === null) return;
  if (typeof (tree as { type?: unknown }).type === "string" && visit(tree as Node) === false) return;
  for (const key in tree) {
    if (key === "parent") continue;
    const value = (tree as Record<string, unknown>)[key];
    if (typeof value === "object" && value !== null) eachNode(value, visit);
  }
}
