/**
 * Values as Flyte's Go components write and read them as text: propeller renders `{{.inputs.x}}`
 * with Go's `fmt` rules, the copilot writes input files with `strconv` and parses output files with
 * Go's parsers. Matching them exactly is what makes a local container run behave as on a cluster.
 */

/** Go's `%v` of a float64: shortest digits, exponent form below 1e-4 or from 1e6 on (`1e+06`). */
export function goFloatV(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (!Number.isFinite(value)) return value > 0 ? "+Inf" : "-Inf";
  if (value === 0) return Object.is(value, -0) ? "-0" : "0";
  const [mantissa = "", exponentText = "0"] = value.toExponential().split("e");
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 6) {
    const sign = exponent < 0 ? "-" : "+";
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, "0")}`;
  }
  return String(value);
}

/** Go's `strconv.FormatFloat(v, 'f', -1, 64)`: shortest digits, never an exponent. */
export function goFloatF(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (!Number.isFinite(value)) return value > 0 ? "+Inf" : "-Inf";
  if (value === 0) return Object.is(value, -0) ? "-0" : "0";
  const [mantissa = "", exponentText = "0"] = value.toExponential().split("e");
  const exponent = Number(exponentText);
  const negative = mantissa.startsWith("-");
  const digits = mantissa.replace("-", "").replace(".", "");
  const point = exponent + 1; // digits before the decimal point
  let text: string;
  if (point <= 0) text = `0.${"0".repeat(-point)}${digits}`;
  else if (point >= digits.length) text = digits + "0".repeat(point - digits.length);
  else text = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return negative ? `-${text}` : text;
}

/** A protobuf Timestamp as Go's `ptypes.TimestampString`: RFC 3339 in UTC, fraction without trailing zeros. */
export function goTimestampText(seconds: bigint, nanos: number): string {
  const iso = new Date(Number(seconds) * 1000).toISOString().slice(0, 19);
  const fraction = nanos === 0 ? "" : `.${String(nanos).padStart(9, "0").replace(/0+$/, "")}`;
  return `${iso}${fraction}Z`;
}

const UNITS: readonly [string, bigint][] = [
  ["h", 3_600_000_000_000n],
  ["m", 60_000_000_000n],
  ["s", 1_000_000_000n],
];

/** Go's `time.Duration.String()` of a length in nanoseconds: `1h2m3.5s`, `1.5ms`, `0s`. */
export function goDurationText(totalNanos: bigint): string {
  if (totalNanos === 0n) return "0s";
  const negative = totalNanos < 0n;
  let rest = negative ? -totalNanos : totalNanos;
  const sign = negative ? "-" : "";
  if (rest < 1_000_000_000n) {
    for (const [unit, size] of [
      ["ms", 1_000_000n],
      ["µs", 1_000n],
    ] as const) {
      if (rest >= size) return `${sign}${fractionText(rest, size)}${unit}`;
    }
    return `${sign}${rest}ns`;
  }
  let out = "";
  for (const [unit, size] of UNITS) {
    if (unit === "s") {
      out += `${fractionText(rest, size)}s`;
    } else if (rest >= size || out !== "") {
      out += `${rest / size}${unit}`;
      rest %= size;
    }
  }
  return sign + out;
}

function fractionText(value: bigint, unit: bigint): string {
  const whole = value / unit;
  const fraction = value % unit;
  if (fraction === 0n) return String(whole);
  const width = String(unit).length - 1;
  return `${whole}.${String(fraction).padStart(width, "0").replace(/0+$/, "")}`;
}

const PARSE_UNITS: Readonly<Record<string, number>> = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  μs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

/**
 * Go's `time.ParseDuration`: a signed sequence of decimal numbers with units (`300ms`, `-1.5h`,
 * `2h45m`), or `0`. Returns nanoseconds, or `undefined` when the text is not a duration.
 */
export function parseGoDuration(text: string): bigint | undefined {
  const match = /^([-+]?)((?:(?:\d+\.?\d*|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+|0)$/.exec(text);
  if (match === null) return undefined;
  const [, sign, body = ""] = match;
  if (body === "0") return 0n;
  let total = 0;
  for (const [, number = "", unit = ""] of body.matchAll(/(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) {
    total += Number(number) * (PARSE_UNITS[unit] ?? 0);
  }
  const nanos = BigInt(Math.round(total));
  return sign === "-" ? -nanos : nanos;
}

/** Go's `strconv.ParseBool`. Returns `undefined` for anything else. */
export function parseGoBool(text: string): boolean | undefined {
  if (["1", "t", "T", "TRUE", "true", "True"].includes(text)) return true;
  if (["0", "f", "F", "FALSE", "false", "False"].includes(text)) return false;
  return undefined;
}

/** Go's `strconv.ParseInt(text, 10, 64)`. Returns `undefined` for anything else, also out of range. */
export function parseGoInt(text: string): bigint | undefined {
  if (!/^[-+]?\d+$/.test(text)) return undefined;
  const value = BigInt(text);
  return value >= -(2n ** 63n) && value < 2n ** 63n ? value : undefined;
}

/** Go's `strconv.ParseFloat(text, 64)` for decimal text (also `inf`, `nan`). */
export function parseGoFloat(text: string): number | undefined {
  if (/^[-+]?(inf|infinity)$/i.test(text)) return text.startsWith("-") ? -Infinity : Infinity;
  if (/^nan$/i.test(text)) return Number.NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) return undefined;
  return Number(text);
}

/**
 * Go's `time.Parse(time.RFC3339, text)`: `2006-01-02T15:04:05Z07:00` with an optional fraction.
 * Returns seconds and nanos since the epoch, or `undefined`.
 */
export function parseRfc3339(text: string): { seconds: bigint; nanos: number } | undefined {
  const match =
    /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?([Zz]|[-+]\d{2}:\d{2})$/.exec(text);
  if (match === null) return undefined;
  const [, y, mo, d, h, mi, s, fraction = "", zone = "Z"] = match;
  const millis = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const check = new Date(millis);
  if (
    Number.isNaN(millis) ||
    check.getUTCDate() !== Number(d) ||
    Number(h) > 23 ||
    Number(mi) > 59 ||
    Number(s) > 59
  ) {
    return undefined;
  }
  let offset = 0;
  if (zone !== "Z" && zone !== "z") {
    const zoneSign = zone.startsWith("-") ? -1 : 1;
    offset = zoneSign * (Number(zone.slice(1, 3)) * 3600 + Number(zone.slice(4, 6)) * 60);
  }
  return {
    seconds: BigInt(millis / 1000 - offset),
    nanos: Number(fraction.padEnd(9, "0") || "0"),
  };
}

/** Go's protobuf text of a `google.protobuf.Duration` (what propeller renders): `seconds:5 nanos:100`. */
export function protoDurationText(seconds: bigint, nanos: number): string {
  const parts: string[] = [];
  if (seconds !== 0n) parts.push(`seconds:${seconds}`);
  if (nanos !== 0) parts.push(`nanos:${nanos}`);
  return parts.join(" ");
}

/** Go's `%v` of a value decoded from msgpack: `map[a:1 b:[x y]]`, `<nil>`, sorted map keys. */
export function goValueText(value: unknown): string {
  if (value === null || value === undefined) return "<nil>";
  if (typeof value === "number")
    return Number.isInteger(value) && !Object.is(value, -0) ? String(value) : goFloatV(value);
  if (typeof value === "bigint" || typeof value === "boolean") return String(value);
  if (typeof value === "string") return value;
  if (value instanceof Uint8Array) return `[${Array.from(value).join(" ")}]`;
  if (Array.isArray(value)) return `[${value.map(goValueText).join(" ")}]`;
  if (value instanceof Map) {
    const entries = [...value.entries()].map(([k, v]) => [goValueText(k), goValueText(v)] as const);
    return `map[${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${k}:${v}`)
      .join(" ")}]`;
  }
  if (typeof value === "object") {
    const keys = Object.keys(value).sort();
    return `map[${keys.map((k) => `${k}:${goValueText((value as Record<string, unknown>)[k])}`).join(" ")}]`;
  }
  return String(value);
}
