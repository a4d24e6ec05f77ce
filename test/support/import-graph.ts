import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

/** Every `.ts` file below `dir`, generated code (`gen/`) left out. */
export function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "gen" ? [] : sourceFiles(path);
    return path.endsWith(".ts") ? [path] : [];
  });
}

/** The relative specifiers a module imports: static, type-only, re-exports and dynamic imports. */
export function relativeImports(text: string): string[] {
  const pattern =
    /(?:import|export)[^"';]*?from\s+["'](\.{1,2}\/[^"']+)["']|import\(\s*["'](\.{1,2}\/[^"']+)["']\s*\)/g;
  return [...text.matchAll(pattern)].map(([, from, dynamic]) => (from ?? dynamic) as string);
}

/** The import graph of a package's sources: file -> files it imports (paths relative to `root`). */
export function importGraph(root: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(root)) {
    const targets = relativeImports(readFileSync(file, "utf8"))
      .map((specifier) => resolve(dirname(file), specifier).replace(/\.js$/, ".ts"))
      .filter((target) => !target.includes(`${join(root, "gen")}/`))
      .map((target) => relative(root, target));
    graph.set(relative(root, file), [...new Set(targets)]);
  }
  return graph;
}

/** The cycles of a graph: its strongly connected components of more than one node (or a self-loop). */
export function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const lowlinks = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string) => {
    indices.set(node, index);
    lowlinks.set(node, index++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!indices.has(next)) {
        visit(next);
        lowlinks.set(node, Math.min(lowlinks.get(node) as number, lowlinks.get(next) as number));
      } else if (onStack.has(next)) {
        lowlinks.set(node, Math.min(lowlinks.get(node) as number, indices.get(next) as number));
      }
    }
    if (lowlinks.get(node) === indices.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop() as string;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) found.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!indices.has(node)) visit(node);
  return found;
}

/** A package's entry files, at the top of its stack; other files at its root are at the bottom. */
const ENTRIES = new Set(["index.ts", "idl.ts", "internal.ts", "errors.ts", "manifest.ts", "services.ts"]);

/**
 * Imports that go up a declared stack of folders (bottom first; the package's entries are on top,
 * other root files such as version.ts below every folder): each as `from -> to`.
 */
export function upwardImports(
  graph: ReadonlyMap<string, readonly string[]>,
  stack: readonly (readonly string[])[],
): string[] {
  const level = (file: string) => {
    const folder = file.includes("/") ? (file.split("/")[0] as string) : "";
    if (folder === "") return ENTRIES.has(file) ? stack.length : -1;
    const found = stack.findIndex((layer) => layer.includes(folder));
    if (found < 0) throw new Error(`folder ${folder} is in no layer of the declared stack`);
    return found;
  };
  return [...graph].flatMap(([from, targets]) =>
    targets.filter((to) => level(to) > level(from)).map((to) => `${from} -> ${to}`),
  );
}
