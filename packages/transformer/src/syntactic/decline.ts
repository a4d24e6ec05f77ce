/**
 * The syntactic front's way out: what it cannot decide from the syntax alone (a call it cannot
 * see into, a type it would have to infer, a construct it does not know). The extractor then runs
 * the checker, which decides — and reports problems with file and line. Never shown as an error.
 */
export class Decline extends Error {
  constructor(
    /** What was not decided, and where: `src/a.ts:12: the return type is inferred`. */
    readonly reason: string,
  ) {
    super(reason);
    this.name = "Decline";
  }
}
