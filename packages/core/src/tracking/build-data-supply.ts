/**
 * Where the transformer's data (identity, signature) comes from for a build without it (plain tsc,
 * esbuild, swc, TypeScript 7) when a task or workflow needs it and was never adopted: the runtime
 * sets a supply that adopts the whole project from its manifest. A task that calls another task
 * in its body then meets a described one, while a task that calls none never loads the rest of the
 * project.
 */
let supply: (() => void) | undefined;

/** Sets (or, with `undefined`, clears) the supply. */
export function setBuildDataSupply(next: (() => void) | undefined): void {
  supply = next;
}

/** Runs the supply, once: it adopts every entry it can, so there is nothing left to adopt later. */
export function supplyBuildData(): void {
  const run = supply;
  supply = undefined;
  run?.();
}
