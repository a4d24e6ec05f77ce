import type * as Crypto from "node:crypto";

let crypto: typeof Crypto | undefined;

/**
 * `bytes` random bytes as hex, for unique file and folder names. `node:crypto` is loaded on first
 * use: most task starts never need it, and loading it costs every start a few milliseconds.
 */
export function randomHex(bytes: number): string {
  crypto ??= process.getBuiltinModule("node:crypto");
  return crypto.randomBytes(bytes).toString("hex");
}
