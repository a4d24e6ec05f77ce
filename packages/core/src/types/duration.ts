import { FlyteTypeError } from "../errors/flyte-error.js";

const NANOS_PER_SECOND = 1_000_000_000;

/**
 * A signed span of time with nanosecond precision: Flyte `DURATION` (Python's `timedelta`).
 * `seconds` and `nanos` have the same sign, as in `google.protobuf.Duration`.
 */
export class Duration {
  readonly seconds: number;
  readonly nanos: number;

  /** @throws FlyteTypeError for non-integer parts, |nanos| >= 1e9, or parts of different signs. */
  constructor(seconds: number, nanos = 0) {
    if (!Number.isSafeInteger(seconds) || !Number.isInteger(nanos) || Math.abs(nanos) >= NANOS_PER_SECOND) {
      throw new FlyteTypeError(
        `Duration needs integer seconds and |nanos| < 1e9, got ${seconds}s ${nanos}ns`,
      );
    }
    if ((seconds > 0 && nanos < 0) || (seconds < 0 && nanos > 0)) {
      throw new FlyteTypeError(
        `Duration seconds and nanos must have the same sign, got ${seconds}s ${nanos}ns`,
      );
    }
    this.seconds = seconds;
    this.nanos = nanos === 0 ? 0 : nanos;
    Object.freeze(this);
  }

  /** From milliseconds (fractions kept to the nanosecond). */
  static ofMillis(millis: number): Duration {
    return Duration.ofNanos(BigInt(Math.round(millis * 1e6)));
  }

  /** From (possibly fractional) seconds. */
  static ofSeconds(seconds: number): Duration {
    return Duration.ofNanos(BigInt(Math.round(seconds * 1e9)));
  }

  /** From a total number of nanoseconds. */
  static ofNanos(nanos: bigint): Duration {
    const seconds = nanos / 1_000_000_000n; // truncates toward zero, keeping signs equal
    return new Duration(Number(seconds), Number(nanos - seconds * 1_000_000_000n));
  }

  /** From parts: `Duration.of({ hours: 1, minutes: 30 })`. */
  static of(parts: {
    days?: number;
    hours?: number;
    minutes?: number;
    seconds?: number;
    millis?: number;
  }): Duration {
    const { days = 0, hours = 0, minutes = 0, seconds = 0, millis = 0 } = parts;
    return Duration.ofMillis((((days * 24 + hours) * 60 + minutes) * 60 + seconds) * 1000 + millis);
  }

  /** Total nanoseconds. */
  toNanos(): bigint {
    return BigInt(this.seconds) * 1_000_000_000n + BigInt(this.nanos);
  }

  /** Total milliseconds (fractional). */
  toMillis(): number {
    return this.seconds * 1000 + this.nanos / 1e6;
  }

  /** Total seconds (fractional), as Python's `timedelta.total_seconds()`. */
  toSeconds(): number {
    return this.seconds + this.nanos / 1e9;
  }

  equals(other: Duration): boolean {
    return this.seconds === other.seconds && this.nanos === other.nanos;
  }

  /** `90.25s`, as protobuf's JSON form. */
  toString(): string {
    if (this.nanos === 0) return `${this.seconds}s`;
    const sign = this.seconds < 0 || this.nanos < 0 ? "-" : "";
    const fraction = String(Math.abs(this.nanos)).padStart(9, "0").replace(/0+$/, "");
    return `${sign}${Math.abs(this.seconds)}.${fraction}s`;
  }
}
