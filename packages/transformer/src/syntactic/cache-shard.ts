/**
 * One file of the syntactic front's cache: what a few modules gave, and what it was made from.
 * The entries are JSON texts already, so they are not stored as JSON strings (escaping every quote
 * of 2 MB on each write and unescaping it on each read): the file is one line of JSON, with each
 * entry's text replaced by its length, then the texts themselves, one after the other.
 */
import type { ReturnDescriptor } from "@flytekit-ts/core/manifest";
import type { EntryText, ModuleEntries, WorkflowText } from "../manifest/assemble-manifest.js";

/** What one module gave, and what it was made from. */
export interface CachedFindings {
  /** Every file read to make them (the module, the modules its types and tasks come from): sha256. */
  readonly reads: Readonly<Record<string, string>>;
  /** Every relative import resolved on the way: `<folder>\0<specifier>` -> file. */
  readonly resolutions: Readonly<Record<string, string>>;
  /** The return type of each task the module declares, by key. */
  readonly returns: Readonly<Record<string, ReturnDescriptor>>;
  /** Its manifest entries, as JSON texts. */
  readonly entries: ModuleEntries;
}

/** An entry on disk: its order keys and the length of its text. */
type StoredEntry<K> = readonly [module: string, key: K, length: number];

interface StoredModule extends Omit<CachedFindings, "entries"> {
  readonly entries: {
    readonly tasks: readonly StoredEntry<string>[];
    readonly workflows: readonly StoredEntry<number>[];
    readonly exports: readonly StoredEntry<string>[];
  };
}

interface ShardHead {
  readonly key: string;
  readonly modules: Readonly<Record<string, StoredModule>>;
}

/** The file's text for `modules`, made by the extractor build and settings `key`. */
export function encodeShard(key: string, modules: Readonly<Record<string, CachedFindings>>): string {
  const texts: string[] = [];
  const store = <K>(list: readonly (readonly [string, K, string])[]): StoredEntry<K>[] =>
    list.map(([module, order, text]) => {
      texts.push(text);
      return [module, order, text.length];
    });
  const stored: Record<string, StoredModule> = {};
  for (const [fileName, { entries, ...rest }] of Object.entries(modules))
    stored[fileName] = {
      ...rest,
      entries: {
        tasks: store(entries.tasks),
        workflows: store(entries.workflows),
        exports: store(entries.exports),
      },
    };
  // JSON.stringify writes no line break: the first one ends the head.
  return `${JSON.stringify({ key, modules: stored } satisfies ShardHead)}\n${texts.join("")}`;
}

/**
 * The modules a file holds, when it was written by the extractor build and settings `key` and is
 * whole; `undefined` otherwise (another build's, cut short, or not a shard at all).
 */
export function decodeShard(text: string, key: string): Record<string, CachedFindings> | undefined {
  const end = text.indexOf("\n");
  if (end < 0) return undefined;
  let head: ShardHead;
  try {
    head = JSON.parse(text.slice(0, end)) as ShardHead;
  } catch {
    return undefined;
  }
  if (head.key !== key || typeof head.modules !== "object" || head.modules === null) return undefined;
  let at = end + 1;
  const load = <K>(list: readonly StoredEntry<K>[]) =>
    list.map(([module, order, length]): readonly [string, K, string] => {
      const entry = text.slice(at, at + length);
      at += length;
      return [module, order, entry];
    });
  const modules: Record<string, CachedFindings> = {};
  for (const [fileName, { entries, ...rest }] of Object.entries(head.modules))
    modules[fileName] = {
      ...rest,
      entries: {
        tasks: load<string>(entries.tasks) as EntryText[],
        workflows: load<number>(entries.workflows) as WorkflowText[],
        exports: load<string>(entries.exports) as EntryText[],
      },
    };
  return at === text.length ? modules : undefined;
}
