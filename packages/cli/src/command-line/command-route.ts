/** Which program a `tsflyte` command line goes to: the build steps start without the others. */
export type CommandRoute = "tsc" | "extract" | "full";

/** The route of `argv` (without node and script): its first argument after `-v`/`--verbose`. */
export function commandRoute(argv: readonly string[]): CommandRoute {
  const first = argv.find((arg) => arg !== "-v" && arg !== "--verbose");
  return first === "tsc" || first === "extract" ? first : "full";
}
