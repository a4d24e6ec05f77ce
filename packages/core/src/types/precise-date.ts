/**
 * A `Date` that keeps what a `Date` cannot hold: the part of a Flyte datetime below the millisecond
 * (protobuf timestamps carry nanoseconds, Python's datetimes microseconds). A datetime input with
 * such a part arrives as a `PreciseDate`, so a task that passes it on, or returns it in a struct,
 * gives back exactly what it got; build one with {@link PreciseDate.fromTimestamp} or
 * {@link PreciseDate.fromISOString} to return microseconds of your own. Everything else is a `Date`'s.
 */
export class PreciseDate extends Date {
  /** Nanoseconds below the millisecond (0 to 999,999) that the `Date` part cannot hold. */
  readonly subMillisecondNanos: number;

  constructor(milliseconds: number, subMillisecondNanos = 0) {
    super(milliseconds);
    this.subMillisecondNanos = Math.max(0, Math.min(999_999, Math.trunc(subMillisecondNanos)));
  }

  /** From a protobuf timestamp's seconds and nanoseconds. */
  static fromTimestamp(seconds: bigint | number, nanos: number): PreciseDate {
    return new PreciseDate(Number(seconds) * 1000 + Math.floor(nanos / 1_000_000), nanos % 1_000_000);
  }

  /**
   * From ISO 8601 with up to nine fraction digits (`2024-01-02T03:04:05.678901Z`); a string without
   * an offset is UTC (flytekit's naive datetimes). @returns undefined when it is not such a string.
   */
  static fromISOString(text: string): PreciseDate | undefined {
    const match = ISO_DATETIME.exec(text.trim());
    if (match === null) return undefined;
    const [, day, time, fraction = "", offset = "Z"] = match;
    const digits = `${fraction}000000000`.slice(0, 9);
    const date = new Date(`${day}T${time}.${digits.slice(0, 3)}${offset}`);
    if (Number.isNaN(date.getTime())) return undefined;
    return new PreciseDate(date.getTime(), Number(digits.slice(3)));
  }

  /** ISO 8601 in UTC with every fraction digit kept (6 for microseconds, 9 for nanoseconds). */
  override toISOString(): string {
    const iso = super.toISOString();
    if (this.subMillisecondNanos === 0) return iso;
    const sub = String(this.subMillisecondNanos).padStart(6, "0");
    const fraction = `${iso.slice(20, 23)}${sub}`.replace(/(\d{6}?)0{3}$/, "$1");
    return `${iso.slice(0, 20)}${fraction}Z`;
  }
}

const ISO_DATETIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/;

/** A date's protobuf timestamp parts: exact for a {@link PreciseDate}, milliseconds for a `Date`. */
export function timestampOf(date: Date): { seconds: bigint; nanos: number } {
  const millis = date.getTime();
  const seconds = Math.floor(millis / 1000);
  const sub = date instanceof PreciseDate ? date.subMillisecondNanos : 0;
  return { seconds: BigInt(seconds), nanos: (millis - seconds * 1000) * 1_000_000 + sub };
}

/** The date a timestamp stands for: a {@link PreciseDate} when it has a sub-millisecond part. */
export function dateOfTimestamp(seconds: bigint, nanos: number): Date {
  return nanos % 1_000_000 === 0
    ? new Date(Number(seconds) * 1000 + nanos / 1_000_000)
    : PreciseDate.fromTimestamp(seconds, nanos);
}

/**
 * Parses ISO 8601 / Python isoformat; a string without offset is UTC (flytekit's naive = UTC). A
 * fraction finer than milliseconds gives a {@link PreciseDate}, anything else a plain `Date`.
 */
export function parseIsoDatetime(text: string): Date | undefined {
  const precise = PreciseDate.fromISOString(text);
  if (precise === undefined || precise.subMillisecondNanos !== 0) return precise;
  return new Date(precise.getTime());
}
