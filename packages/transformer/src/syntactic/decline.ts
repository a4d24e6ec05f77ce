import { FlyteError } from "@flytekit-ts/core/errors";

/**
 * The syntactic front's way out: what it cannot decide from the syntax alone (a call it cannot
 * see into, a type it would have to infer, a construct it does not know). The extractor then runs
 * the checker, which decides, and reports problems with file and line. Never shown as an error.
 */
export class Decline extends FlyteError {
  constructor(
    /** What was not decided, and where: `src/a.ts:12: task t: an inferred return type`. */
    readonly reason: string,
  ) {
    super("NOT_IMPLEMENTED", reason);
  }
}
