/** A type (or a part of one) that has no Flyte mapping; `reason` names the part. */
export class Unmappable extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}
