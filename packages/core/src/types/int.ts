import { FlyteTypeError } from "../errors/flyte-error.js";

declare const intBrand: unique symbol;

/**
 * A 64-bit Flyte integer held in a `number`: a safe integer (|n| <= 2^53 - 1). Use it in task
 * signatures where a value must be an integer (`(n: Int) => ...`); plain `number` maps to FLOAT.
 * For the full int64 range, use `bigint`.
 */
export type Int = number & { readonly [intBrand]: true };

/**
 * Checks that `value` is a safe integer and brands it.
 * @throws FlyteTypeError for a fractional, non-finite or unsafe number.
 */
export function Int(value: number): Int {
  if (!Number.isSafeInteger(value)) {
    throw new FlyteTypeError(`Int expects a safe integer, got ${value}`);
  }
  return value as Int;
}

/** The int64 range Flyte integers have. */
export const INT64_MIN = -(2n ** 63n);
export const INT64_MAX = 2n ** 63n - 1n;
