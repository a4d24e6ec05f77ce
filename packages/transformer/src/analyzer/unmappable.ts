import { FlyteError } from "@flytekit-ts/core/errors";

/** A type (or a part of one) that has no Flyte mapping; `reason` names the part. */
export class Unmappable extends FlyteError {
  constructor(readonly reason: string) {
    super("UNSUPPORTED_TYPE", reason);
  }
}
