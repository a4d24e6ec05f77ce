/**
 * The project's modules as the syntactic front reads them: parsed once, on first use, and the
 * meaning of a name in a type position (a declaration here or in a relatively imported module,
 * one of core's types, or a global).
 */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { Decline } from "./decline.js";
import { type ParsedModule, parseModule } from "./parsed-module.js";
import type { Reads } from "./reads.js";
import type { NameMeaning, NameScope } from "./type-mapper.js";

const CORE = "@flytekit-ts/core";

/** The source file a relative import names (`./types.js` -> `./types.ts`), as TypeScript finds it. */
function resolveRelative(specifier: string, from: string): string {
  const base = resolve(dirname(from), specifier);
  const candidates = /\.js$/.test(base)
    ? [base.replace(/\.js$/, ".ts")]
    : /\.mjs$/.test(base)
      ? [base.replace(/\.mjs$/, ".mts")]
      : /\.cjs$/.test(base)
        ? [base.replace(/\.cjs$/, ".cts")]
        : /\.[cm]?ts$/.test(base)
          ? [base]
          : [`${base}.ts`, `${base}/index.ts`];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (found === undefined) throw new Decline(`${from}: cannot find ${specifier}`);
  return found;
}

export class SyntacticProject implements NameScope {
  readonly #modules = new Map<string, ParsedModule>();
  /** `<importing folder>\0<specifier>` -> the file: most modules import the same few. */
  readonly #resolved = new Map<string, string>();
  /** The reads of each computation in progress (they nest: findings read other findings). */
  readonly #frames: Reads[] = [];

  /** Runs `compute`, recording what it reads (for the findings cache). */
  recording<T>(compute: () => T): { value: T; reads: Reads } {
    const reads: Reads = { files: new Set(), resolutions: new Map() };
    this.#frames.push(reads);
    try {
      return { value: compute(), reads };
    } finally {
      this.#frames.pop();
    }
  }

  /** Counts what an earlier computation read as read by every computation in progress. */
  noteReads(files: Iterable<string>, resolutions: Iterable<readonly [string, string]>): void {
    for (const frame of this.#frames) {
      for (const file of files) frame.files.add(file);
      for (const [key, file] of resolutions) frame.resolutions.set(key, file);
    }
  }

  /** What recorded resolutions give now (`undefined`: nothing any more), once per run each. */
  readonly #resolvedAgain = new Map<string, string | undefined>();

  /** What a recorded resolution gives now (`undefined`: nothing any more). */
  resolveAgain(key: string): string | undefined {
    if (!this.#resolvedAgain.has(key)) {
      const [folder = "", specifier = ""] = key.split("\0");
      let file: string | undefined;
      try {
        file = resolveRelative(specifier, join(folder, "_"));
      } catch {
        file = undefined;
      }
      this.#resolvedAgain.set(key, file);
    }
    return this.#resolvedAgain.get(key);
  }

  module(fileName: string): ParsedModule {
    for (const frame of this.#frames) frame.files.add(fileName);
    let parsed = this.#modules.get(fileName);
    if (parsed === undefined) {
      parsed = parseModule(fileName);
      this.#modules.set(fileName, parsed);
    }
    return parsed;
  }

  /**
   * Lets the syntax tree of `fileName` go once its sites are read: only its type declarations are
   * still needed (by the modules that import them). Trees that die young cost the collector little.
   */
  forget(fileName: string): void {
    const parsed = this.#modules.get(fileName);
    if (parsed === undefined) return;
    this.#modules.set(fileName, {
      ...parsed,
      text: "",
      comments: [],
      program: { ...parsed.program, body: [] },
    });
  }

  /** The project file and exported name a relative import binds to `name`, if it is one. */
  importedFrom(name: string, module: ParsedModule): { file: string; name: string } | undefined {
    const imported = module.imports.get(name);
    if (imported === undefined || !imported.from.startsWith(".")) return undefined;
    return { file: this.#resolve(imported.from, module.fileName), name: imported.name };
  }

  #resolve(specifier: string, from: string): string {
    const key = `${dirname(from)}\0${specifier}`;
    let file = this.#resolved.get(key);
    if (file === undefined) {
      file = resolveRelative(specifier, from);
      this.#resolved.set(key, file);
    }
    for (const frame of this.#frames) frame.resolutions.set(key, file);
    return file;
  }

  meaningOf(name: string, module: ParsedModule): NameMeaning {
    const declaration = module.types.get(name);
    if (declaration !== undefined) return { kind: "declaration", declaration, module };
    if (module.values.has(name)) throw new Decline(`${module.fileName}: the type of the value ${name}`);
    const imported = module.imports.get(name);
    if (imported === undefined) return { kind: "global", name };
    if (imported.from === CORE && imported.name !== "*" && imported.name !== "default")
      return { kind: "core", name: imported.name };
    if (!imported.from.startsWith("."))
      throw new Decline(`${module.fileName}: ${name} from ${imported.from}`);
    const target = this.module(this.#resolve(imported.from, module.fileName));
    const exported = target.exportedTypes.has(imported.name) ? target.types.get(imported.name) : undefined;
    if (exported === undefined)
      throw new Decline(`${module.fileName}: ${name} is not a type ${imported.from} declares`);
    return { kind: "declaration", declaration: exported, module: target };
  }
}
