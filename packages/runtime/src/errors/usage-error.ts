import { FlyteError } from "@flytekit-ts/core";

/** A command line is wrong (an unknown option, a missing value): code USAGE, exit code 2, as click's. */
export class UsageError extends FlyteError {
  readonly exitCode = 2;
  constructor(message: string) {
    super("USAGE", message);
  }
}
