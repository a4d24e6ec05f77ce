/**
 * Extracting the manifest: the project's transformer writes `flyte.manifest.json`, and what it did
 * in one line. Loads neither the SDK nor the runtime: `tsflyte extract` runs on every build.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { FlyteNotFoundError, FlyteValidationError } from "@flytekit-ts/core/errors";

/** What the manifest step did. */
export interface ManifestResult {
  /** The manifest file. */
  readonly file: string;
  /** `true` when the extractor wrote it now, `false` when an existing one was used. */
  readonly extracted: boolean;
  /** How many tasks it lists (only known when extracted). */
  readonly tasks?: number;
  /** How many workflows and launch plans it lists (only known when extracted). */
  readonly workflows?: number;
  /** Why it was extracted again: the files that changed since the existing one was made. */
  readonly stale?: readonly string[];
  /**
   * Which front read the project (when extracted): `syntactic` (its syntax alone, no TypeScript
   * loaded) or `checker` (TypeScript's checker), and why the syntactic front left it to the checker.
   */
  readonly front?: { readonly name: "syntactic" | "checker"; readonly declined?: string };
  /** The syntactic front's modules and how many came from its cache (when it read the project). */
  readonly modules?: { readonly read: number; readonly cached: number };
  /** The manifest already held what the extractor would write: it was left as it was. */
  readonly unchanged?: boolean;
  /** Read, but not written: `writeWhen` settled `false`. */
  readonly notWritten?: boolean;
}

/** `1 task`, `17 tasks, 3 workflows and launch plans`: what an extracted manifest holds. */
export function describeManifestCounts(result: ManifestResult): string {
  const tasks = result.tasks ?? 0;
  const workflows = result.workflows ?? 0;
  const taskCount = `${tasks} task${tasks === 1 ? "" : "s"}`;
  return workflows === 0
    ? taskCount
    : `${taskCount}, ${workflows} workflow${workflows === 1 ? "" : "s"} and launch plans`;
}

/** Up to three changed files and how many more: `src/a.ts (changed), dist/b.js (new) and 4 more`. */
export function describeChanges(changes: readonly string[]): string {
  const shown = changes.slice(0, 3).join(", ");
  return changes.length > 3 ? `${shown} and ${changes.length - 3} more` : shown;
}

/** One line for the CLI: what the manifest step did. */
export function describeManifestStep(result: ManifestResult, display: (path: string) => string): string {
  if (!result.extracted) return `read ${display(result.file)}`;
  const counts = describeManifestCounts(result);
  return result.stale === undefined
    ? `extracted ${display(result.file)} (${counts})`
    : `${display(result.file)} was stale (${describeChanges(result.stale)}): extracted again (${counts})`;
}

/** One line for `tsflyte extract`: `Wrote flyte.manifest.json (17 tasks; read from the syntax)`. */
export function describeExtraction(result: ManifestResult, display: (path: string) => string): string {
  const how =
    result.front === undefined
      ? ""
      : `; read ${result.front.name === "syntactic" ? "from the syntax" : "with the checker"}`;
  const what =
    result.unchanged === true ? `${display(result.file)} is up to date` : `Wrote ${display(result.file)}`;
  return `${what} (${describeManifestCounts(result)}${how})`;
}

/** What the extractor's `writeManifest` returns. */
type ExtractorResult = ReturnType<Extractor["writeManifest"]>;

/** The extractor's options, as `tsflyte` passes them. */
interface ExtractorOptions {
  front?: "auto" | "checker";
  cache?: boolean;
  hashCompiled?: boolean;
}

/** The extractor's API (`@flytekit-ts/transformer/extract`), loaded only when needed. */
interface Extractor {
  /** Absent from transformers older than `tsflyte tsc`. */
  prepareManifest?(
    tsconfig: string,
    outFile: string,
    options: ExtractorOptions,
  ): ExtractorResult & { write(): ExtractorResult; discard(): void };
  writeManifest(
    tsconfig: string,
    outFile?: string,
    options?: ExtractorOptions,
  ): {
    manifest: { tasks: readonly unknown[]; workflows?: readonly unknown[] };
    /** What it lists (absent from older transformers; reading `manifest` may parse it). */
    counts?: { tasks: number; workflows: number };
    file: string;
    /** Absent from transformers older than the syntactic front. */
    front?: "syntactic" | "checker";
    declined?: string;
    modules?: { read: number; cached: number };
    unchanged?: boolean;
  };
  ExtractError: new (...args: never[]) => Error & { problems: readonly string[] };
}

/** Options of {@link extractProjectManifest}. */
export interface ExtractProjectOptions {
  /** The project's tsconfig. @default <root>/tsconfig.json */
  readonly tsconfig?: string;
  /** Where the manifest goes. @default <root>/flyte.manifest.json */
  readonly output?: string;
  /**
   * `auto` reads the project's syntax when it decides every task (no TypeScript loaded) and runs
   * the checker otherwise; `checker` always runs it. Both give the same manifest. @default "auto"
   */
  readonly front?: "auto" | "checker";
  /**
   * Let the syntactic front reuse what it read of unchanged modules (and leave an up-to-date
   * manifest as it is). @default true
   */
  readonly cache?: boolean;
  /**
   * Hash the compiled files into the manifest's inputs; `false` while a compiler writes them
   * (`tsflyte tsc`): only the sources are recorded with hashes, as tspc records them. @default true
   */
  readonly hashCompiled?: boolean;
  /**
   * Read the project now, and write the manifest once this settles `true`; `false` leaves the
   * file as it was (`tsflyte tsc`: the compiler wrote no JavaScript, so the manifest must not claim
   * the build is fresh). @default written at once
   */
  readonly writeWhen?: Promise<boolean>;
}

/**
 * Writes the project's `flyte.manifest.json` with the extractor (which reads the TypeScript
 * program: `@flytekit-ts/transformer` must be installed in the project).
 * @throws FlyteNotFoundError when there is no tsconfig or no transformer to read it with.
 * @throws FlyteValidationError listing every build-time problem (file:line) the extractor found.
 */
export async function extractProjectManifest(
  root: string,
  options: ExtractProjectOptions = {},
): Promise<ManifestResult> {
  const tsconfig = options.tsconfig ?? join(root, "tsconfig.json");
  const outFile = options.output ?? join(root, "flyte.manifest.json");
  if (!existsSync(tsconfig)) {
    throw new FlyteNotFoundError(
      `cannot extract the task manifest: no ${tsconfig} (pass --tsconfig, or build the project and write flyte.manifest.json)`,
    );
  }
  const extractor = await loadExtractor(root);
  try {
    const extractOptions = {
      front: options.front ?? "auto",
      ...(options.cache === false ? { cache: false } : {}),
      ...(options.hashCompiled === false ? { hashCompiled: false } : {}),
    } as const;
    let written: ExtractorResult;
    let notWritten = false;
    if (options.writeWhen === undefined || extractor.prepareManifest === undefined) {
      written = extractor.writeManifest(tsconfig, outFile, extractOptions);
    } else {
      const prepared = extractor.prepareManifest(tsconfig, outFile, extractOptions);
      notWritten = !(await options.writeWhen);
      if (notWritten) prepared.discard();
      written = notWritten ? prepared : prepared.write();
    }
    return {
      ...(notWritten ? { notWritten: true } : {}),
      file: written.file,
      extracted: true,
      tasks: written.counts?.tasks ?? written.manifest.tasks.length,
      workflows: written.counts?.workflows ?? written.manifest.workflows?.length ?? 0,
      ...(written.modules === undefined ? {} : { modules: written.modules }),
      ...(written.unchanged === true ? { unchanged: true } : {}),
      ...(written.front === undefined
        ? {}
        : {
            front: {
              name: written.front,
              ...(written.declined === undefined ? {} : { declined: written.declined }),
            },
          }),
    };
  } catch (error) {
    if (error instanceof extractor.ExtractError) {
      throw new FlyteValidationError(error.message, { cause: error });
    }
    throw error;
  }
}

/** The transformer as the project resolves it, else as this package does. */
async function loadExtractor(root: string): Promise<Extractor> {
  const specifier = "@flytekit-ts/transformer/extract";
  let url: string = specifier;
  try {
    url = pathToFileURL(createRequire(join(root, "package.json")).resolve(specifier)).href;
  } catch {
    // not installed in the project: try our own resolution below
  }
  try {
    return (await import(url)) as Extractor;
  } catch (error) {
    throw new FlyteNotFoundError(
      `extracting the task manifest needs @flytekit-ts/transformer installed in the project: npm install -D @flytekit-ts/transformer`,
      { cause: error },
    );
  }
}
